import { app, dialog, type BrowserWindow } from 'electron';

/** 帮助 ▸ 关于 GridDesk. Windows has no native about panel, so a message box. */
export async function showAbout(window: BrowserWindow | undefined): Promise<void> {
  const options = {
    type: 'info' as const,
    title: '关于 GridDesk',
    message: 'GridDesk 网格通',
    detail: [
      '网格化治理桌面控制台',
      `版本 ${app.getVersion()}`,
      `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node.js ${process.versions.node}`,
      '地图数据 © OpenStreetMap contributors；行政区划轮廓：DataV GeoAtlas',
    ].join('\n'),
    buttons: ['确定'],
  };
  if (window && !window.isDestroyed()) await dialog.showMessageBox(window, options);
  else await dialog.showMessageBox(options);
}
