import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import { RESOLVABLE_OPEN_CODES, type ApiResult, type RecentWorkspace, type WorkspaceBackup, type WorkspaceInfo } from '../contract';
import { backupLabel } from './backup-label';
import { safeCall, type WorkspaceBackend } from './workspace-startup';

export interface WorkspaceCommandsDeps {
  backend: WorkspaceBackend;
  window(): BrowserWindow | undefined;
  /** The open workspace changed: rebuild the recent list. */
  onChanged(): void;
}

/**
 * File-menu commands: pick a folder, ask the database worker to open or create the workspace
 * there, then reload the page so every store refetches from the new workspace (simplest correct
 * way to drop all renderer state of the old one). A folder reaches the worker only from here
 * (openFolder, outside the contract) or as a recent-list id. A damaged journal or a held lock is
 * not an error box: the reloaded page's start screen shows it with the ways out.
 */
export class WorkspaceCommands {
  constructor(private readonly deps: WorkspaceCommandsDeps) {}

  async open(): Promise<void> {
    const dir = await this.pickFolder({ title: '打开工作区', buttonLabel: '打开' }, false);
    if (dir) await this.apply(() => this.deps.backend.openFolder(dir), '无法打开工作区');
  }

  async create(): Promise<void> {
    const dir = await this.pickFolder({ title: '新建工作区（请选择或新建一个空文件夹）', buttonLabel: '在此新建' }, true);
    if (dir) await this.apply(() => this.deps.backend.openFolder(dir, 'empty'), '无法新建工作区');
  }

  async openRecent(item: RecentWorkspace): Promise<void> {
    await this.apply(() => this.deps.backend.call('workspace:open', { recent: item.id }), '无法打开工作区');
  }

  /** Asks first: everything written since the backup is replaced (and kept as a backup itself). */
  async restoreBackup(backup: WorkspaceBackup): Promise<void> {
    const options = {
      type: 'warning' as const,
      title: 'GridDesk',
      message: '从备份恢复工作区？',
      detail: `将用“${backupLabel(backup)}”替换当前数据库，此后的所有变更都不再显示。当前状态会先另存为“恢复前备份”，可以再恢复回来。`,
      buttons: ['恢复', '取消'],
      defaultId: 1,
      cancelId: 1,
    };
    const window = this.deps.window();
    const answer = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    if (answer.response !== 0) return;
    await this.apply(() => this.deps.backend.call('workspace:restore', { backup: backup.name }), '无法从备份恢复');
  }

  private async pickFolder(labels: { title: string; buttonLabel: string }, forNew: boolean): Promise<string | undefined> {
    const options: OpenDialogOptions = {
      ...labels,
      // createDirectory: a "New Folder" button (macOS; Windows has one anyway). promptToCreate
      // (Windows): a typed, not yet existing folder name is accepted — the backend creates it.
      properties: ['openDirectory', 'createDirectory', 'dontAddToRecent', ...(forNew ? (['promptToCreate'] as const) : [])],
    };
    const window = this.deps.window();
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  }

  private async apply(call: () => Promise<ApiResult<WorkspaceInfo>>, failure: string): Promise<void> {
    const result = await safeCall(call);
    if (!result.ok && !RESOLVABLE_OPEN_CODES.has(result.error.code)) {
      await showError(this.deps.window(), failure, result.error.message);
      return;
    }
    this.deps.onChanged();
    this.deps.window()?.webContents.reload();
  }
}

export async function showError(window: BrowserWindow | undefined, message: string, detail: string): Promise<void> {
  const options = { type: 'error' as const, title: 'GridDesk', message, detail, buttons: ['确定'] };
  if (window && !window.isDestroyed()) await dialog.showMessageBox(window, options);
  else await dialog.showMessageBox(options);
}
