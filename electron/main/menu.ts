import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { RecentWorkspace, WorkspaceBackup } from '../contract';
import { backupLabel } from './backup-label';

/** What the menu asks the app to do; index.ts wires these to WorkspaceCommands and the window. */
export interface MenuActions {
  newWorkspace(): void;
  openWorkspace(): void;
  openRecent(item: RecentWorkspace): void;
  restoreBackup(backup: WorkspaceBackup): void;
  reload(): void;
  about(): void;
}

export interface MenuOptions {
  recent: readonly RecentWorkspace[];
  /** The open workspace's backups, newest first. */
  backups: readonly WorkspaceBackup[];
  /** Developer tools only when not packaged. */
  isDev: boolean;
  actions: MenuActions;
}

/**
 * The application menu, in Chinese. Roles do the work where Electron has one (edit, zoom,
 * fullscreen, quit) but every label is set explicitly: role labels are English on Windows.
 */
export function buildMenuTemplate({ recent, backups, isDev, actions }: MenuOptions): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.map((item) => ({ label: `${item.name}  —  ${item.dir}`, click: () => actions.openRecent(item) }))
    : [{ label: '（无）', enabled: false }];
  const backupItems: MenuItemConstructorOptions[] = backups.length
    ? backups.map((backup) => ({ label: backupLabel(backup), click: () => actions.restoreBackup(backup) }))
    : [{ label: '（无）', enabled: false }];

  const view: MenuItemConstructorOptions[] = [
    { label: '重新加载', accelerator: 'CmdOrCtrl+R', click: () => actions.reload() },
    ...(isDev ? [{ label: '开发者工具', role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { label: '实际大小', role: 'resetZoom' },
    { label: '放大', role: 'zoomIn' },
    { label: '缩小', role: 'zoomOut' },
    { type: 'separator' },
    { label: '全屏', role: 'togglefullscreen' },
  ];

  return [
    {
      label: '文件(&F)',
      submenu: [
        { label: '新建工作区…', accelerator: 'CmdOrCtrl+N', click: () => actions.newWorkspace() },
        { label: '打开工作区…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
        { label: '最近的工作区', submenu: recentItems },
        { label: '从备份恢复', submenu: backupItems },
        { type: 'separator' },
        { label: '退出', role: 'quit' },
      ],
    },
    {
      label: '编辑(&E)',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    { label: '视图(&V)', submenu: view },
    { label: '帮助(&H)', submenu: [{ label: '关于 GridDesk', click: () => actions.about() }] },
  ];
}

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)));
}
