import { BrowserWindow } from 'electron';
import { MIN_SIZE } from './window-bounds';
import { APP_ENTRY_URL } from './protocol-paths';
import { secureWebPreferences } from './security';
import type { WindowStateStore } from './window-state';

export interface MainWindowOptions {
  preload: string;
  icon: string | undefined;
  windowState: WindowStateStore;
}

/** The one application window, loading app://griddesk/index.html with the hardened preferences. */
export function createMainWindow({ preload, icon, windowState }: MainWindowOptions): BrowserWindow {
  const { bounds, isMaximized } = windowState.initial();
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'GridDesk 网格通',
    icon,
    // Shown once painted: no white flash, and maximize happens before the first frame.
    show: false,
    backgroundColor: '#f5f7fa',
    webPreferences: secureWebPreferences(preload),
  });
  windowState.track(window);
  window.once('ready-to-show', () => {
    if (isMaximized) window.maximize();
    window.show();
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    // e.g. dist/renderer not built: the window stays blank; the log says why.
    console.error(`[GridDesk] could not load ${APP_ENTRY_URL}: ${String(error)}`);
  });
  return window;
}

/** Brings the window to the front (second launch, or after a dialog). */
export function focusWindow(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
