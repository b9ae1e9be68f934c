import path from 'node:path';
import {
  RESOLVABLE_OPEN_CODES,
  type OpenMode,
  type OpenProblem,
  type RecentWorkspace,
  type SalvageReport,
  type WorkspaceBackup,
  type WorkspaceInfo,
  type WorkspaceStatus,
} from '../../contract/workspace';
import { AppError } from '../shared/app-error';
import { RecentWorkspaces } from './recent-workspaces';
import { readManifest } from './workspace-files';
import type { Workspace, WorkspaceOpenOptions } from './workspace';
import { restoreWorkspaceBackup, workspaceBackups } from './workspace-backups';


/** What the backend lends the desk: its one open workspace. */
export interface DeskBackend {
  openWorkspace(dir: string, options?: WorkspaceOpenOptions): Promise<WorkspaceInfo>;
  closeWorkspace(): Promise<void>;
  restoreBackup(backupName: string): Promise<WorkspaceInfo>;
  readonly openedWorkspace: Workspace | undefined;
}

/** Opening, recovering and restoring workspaces: the backend's own business, not one workspace's (workspace:* channels). */
export interface WorkspaceControl {
  open(recentId: string, mode: OpenMode): Promise<WorkspaceInfo>;
  salvage(recentId: string): Promise<{ info: WorkspaceInfo; report: SalvageReport | null }>;
  backups(recentId?: string): WorkspaceBackup[];
  restore(backupName: string, recentId?: string): Promise<WorkspaceInfo>;
  recent(): RecentWorkspace[];
  status(): WorkspaceStatus;
}

export function openOptions(mode: OpenMode): WorkspaceOpenOptions {
  if (mode === 'read-only') return { readOnly: true };
  if (mode === 'read-only-to-damage') return { readOnly: true, recovery: 'read-only-to-damage' };
  return {};
}

/**
 * The latest resolvable open failure, kept for the start screen (workspace:status). Its folder is
 * put on the recent list, so the renderer can name it by id for the ways out (read-only, backups,
 * salvage): it was named by a trusted caller (main's chooser, the command line, the recent list).
 */
export class OpenProblems {
  private latest: OpenProblem | undefined;

  constructor(private readonly recentList: RecentWorkspaces) {}

  get current(): OpenProblem | undefined {
    return this.latest;
  }

  async watch<T>(dir: string, open: () => Promise<T>): Promise<T> {
    try {
      const opened = await open();
      this.latest = undefined;
      return opened;
    } catch (error) {
      this.failed(dir, error);
      throw error;
    }
  }

  private failed(dir: string, error: unknown): void {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !RESOLVABLE_OPEN_CODES.has(code)) return;
    const resolved = path.resolve(dir);
    const name = safeName(resolved);
    const entry = this.recentList.remember({ dir: resolved, name, openedAt: Date.now() });
    const details = (error as AppError).details as Record<string, unknown> | undefined;
    const holder = details?.holder as OpenProblem['holder'] | undefined;
    this.latest = {
      recentId: entry.id,
      dir: resolved,
      name,
      code,
      message: (error as Error).message,
      ...(code === 'journal_damaged' && details ? { damage: details as unknown as OpenProblem['damage'] } : {}),
      ...(holder ? { holder: { pid: holder.pid, host: holder.host, user: holder.user, app: holder.app, since: holder.since } } : {}),
    };
  }
}

function safeName(dir: string): string {
  try {
    return readManifest(dir)?.name ?? path.basename(dir);
  } catch {
    return path.basename(dir);
  }
}

export class WorkspaceDesk implements WorkspaceControl {
  constructor(
    private readonly backend: DeskBackend,
    private readonly recentList: RecentWorkspaces,
    private readonly problems: OpenProblems,
  ) {}

  open(recentId: string, mode: OpenMode): Promise<WorkspaceInfo> {
    return this.backend.openWorkspace(this.recentList.resolve(recentId).dir, openOptions(mode));
  }

  async salvage(recentId: string): Promise<{ info: WorkspaceInfo; report: SalvageReport | null }> {
    const info = await this.backend.openWorkspace(this.recentList.resolve(recentId).dir, { recovery: 'salvage' });
    return { info, report: this.backend.openedWorkspace?.db.salvageReport ?? null };
  }

  /** Listed from the folder itself: works for a workspace that cannot open. */
  backups(recentId?: string): WorkspaceBackup[] {
    return workspaceBackups(recentId ? this.recentList.resolve(recentId).dir : this.openDir());
  }

  async restore(backupName: string, recentId?: string): Promise<WorkspaceInfo> {
    const dir = recentId ? this.recentList.resolve(recentId).dir : this.openDir();
    const open = this.backend.openedWorkspace;
    if (open && path.resolve(open.dir) === path.resolve(dir) && !open.readOnly) return this.backend.restoreBackup(backupName);
    // Not open here (it may not open at all): nothing to fold in first; the restore keeps what it replaces.
    await this.backend.closeWorkspace();
    await this.problems.watch(dir, () => restoreWorkspaceBackup(dir, backupName));
    return this.backend.openWorkspace(dir);
  }

  recent(): RecentWorkspace[] {
    return this.recentList.list();
  }

  status(): WorkspaceStatus {
    const open = this.backend.openedWorkspace;
    const db = open?.db.status();
    const problem = this.problems.current;
    return {
      open: open !== undefined,
      readOnly: db?.readOnly ?? false,
      ...(db?.damage ? { damage: db.damage } : {}),
      ...(db?.lastBackgroundError ? { lastBackgroundError: db.lastBackgroundError } : {}),
      ...(problem ? { problem } : {}),
      ...(open ? { capacity: open.capacity() } : {}),
    };
  }

  private openDir(): string {
    const open = this.backend.openedWorkspace;
    if (!open) throw new AppError('no_workspace', '尚未打开工作区');
    return open.dir;
  }
}
