import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/app-error';
import { DurableDatabase, type RecoveryMode } from '../db/durable-database';
import { migrations } from '../db/migrations';
import { ATTACHMENTS_DIR, BACKUPS_DIR, readManifest, writeManifest, type WorkspaceManifest } from './workspace-files';
import { acquireLock, type LockApp } from './workspace-lock';
import type { WorkspaceCapacity } from '../../contract/workspace';
import { CapacityWatch, databaseLimitBytes, lastCompleteMonth } from './workspace-capacity';
import { WorkspaceRepository } from './workspace.repository';

export interface WorkspaceOpenOptions {
  create?: boolean;
  checkpointJournalBytes?: number;
  /**
   * No writer lock, no file written: another process may hold the workspace for writing.
   * Writes fail with AppError('read_only') from the database.
   */
  readOnly?: boolean;
  /** What to do with a damaged journal (see DurableDatabase): refuse by default. */
  recovery?: RecoveryMode;
  /** Who takes the writer lock (shown to whoever finds it held). */
  app?: LockApp;
  /** The size at which the database counts as full (workspace-capacity.ts); the desk's own by default. */
  databaseLimitBytes?: number;
}

/** An open workspace folder: its database (snapshot + journal), attachments and backups. */
export class Workspace {
  private constructor(
    readonly dir: string,
    readonly manifest: WorkspaceManifest,
    readonly db: DurableDatabase,
    private readonly releaseLock: () => void,
    private readonly limitBytes = databaseLimitBytes(),
  ) {}

  private capacityWatch: CapacityWatch | undefined;

  /** How full the database is against the size where sql.js stalls (read at most once a minute). */
  capacity(): WorkspaceCapacity {
    this.capacityWatch ??= new CapacityWatch(() => {
      const month = lastCompleteMonth(Date.now());
      return new WorkspaceRepository(this.db).capacityFigures(month.from, month.to);
    }, () => this.db.lastSeq, Date.now, this.limitBytes);
    return this.capacityWatch.current();
  }

  /** True when opened read-only, asked for or because the journal is damaged ('read-only-to-damage'). */
  get readOnly(): boolean {
    return this.db.readOnly;
  }

  static async open(dir: string, options: WorkspaceOpenOptions = {}): Promise<Workspace> {
    const resolved = path.resolve(dir);
    let manifest = fs.existsSync(resolved) ? readManifest(resolved) : undefined;
    if (!manifest) {
      if (!options.create || options.readOnly) throw new AppError('not_a_workspace', `不是 GridDesk 工作区（缺少 workspace.json）：${resolved}`);
      if (fs.existsSync(resolved) && fs.readdirSync(resolved).length > 0) {
        throw new AppError('folder_not_empty', `新工作区的文件夹必须为空：${resolved}`);
      }
      fs.mkdirSync(resolved, { recursive: true });
      manifest = { format: 'griddesk-workspace', version: 1, name: path.basename(resolved) };
      writeManifest(resolved, manifest);
    }
    const backupsDir = path.join(resolved, BACKUPS_DIR);
    let releaseLock = () => {};
    if (!options.readOnly) {
      releaseLock = lockForWriting(resolved, options.app);
      for (const sub of [ATTACHMENTS_DIR, BACKUPS_DIR]) fs.mkdirSync(path.join(resolved, sub), { recursive: true });
    }
    try {
      const db = await DurableDatabase.open(resolved, {
        migrations,
        checkpointJournalBytes: options.checkpointJournalBytes,
        backupsDir: options.readOnly ? undefined : backupsDir,
        readOnly: options.readOnly,
        recovery: options.recovery,
      });
      // Opened read-only up to a damage: nothing will be written, so others may open it too.
      if (db.readOnly) {
        releaseLock();
        releaseLock = () => {};
      }
      return new Workspace(resolved, manifest, db, releaseLock, options.databaseLimitBytes);
    } catch (error) {
      releaseLock();
      throw error;
    }
  }

  async close(options: { checkpoint?: boolean } = {}): Promise<void> {
    try {
      await this.db.close(options);
    } finally {
      this.releaseLock();
    }
  }
}

/** The writer lock; a folder this user may not write to is told apart from one held by another. */
function lockForWriting(dir: string, app: LockApp | undefined): () => void {
  try {
    return acquireLock(dir, { app });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
      throw new AppError('workspace_not_writable', `无法写入工作区文件夹（${code}）：${dir}。可以只读打开。`, { dir });
    }
    throw error;
  }
}
