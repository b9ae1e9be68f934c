import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../backend/app-error';
import { DurableDatabase } from '../db/durable-database';
import { migrations } from '../db/migrations';
import { ATTACHMENTS_DIR, BACKUPS_DIR, acquireLock, readManifest, writeManifest, type WorkspaceManifest } from './workspace-files';

/** An open workspace folder: its database (snapshot + journal), attachments and backups. */
export class Workspace {
  private constructor(
    readonly dir: string,
    readonly manifest: WorkspaceManifest,
    readonly db: DurableDatabase,
    private readonly releaseLock: () => void,
  ) {}

  static async open(dir: string, options: { create?: boolean; checkpointJournalBytes?: number } = {}): Promise<Workspace> {
    const resolved = path.resolve(dir);
    let manifest = fs.existsSync(resolved) ? readManifest(resolved) : undefined;
    if (!manifest) {
      if (!options.create) throw new AppError('not_a_workspace', `不是 GridDesk 工作区（缺少 workspace.json）：${resolved}`);
      if (fs.existsSync(resolved) && fs.readdirSync(resolved).length > 0) {
        throw new AppError('folder_not_empty', `新工作区的文件夹必须为空：${resolved}`);
      }
      fs.mkdirSync(resolved, { recursive: true });
      manifest = { format: 'griddesk-workspace', version: 1, name: path.basename(resolved) };
      writeManifest(resolved, manifest);
    }
    for (const sub of [ATTACHMENTS_DIR, BACKUPS_DIR]) fs.mkdirSync(path.join(resolved, sub), { recursive: true });
    const releaseLock = acquireLock(resolved);
    try {
      const db = await DurableDatabase.open(resolved, {
        migrations,
        checkpointJournalBytes: options.checkpointJournalBytes,
        backupsDir: path.join(resolved, BACKUPS_DIR),
      });
      return new Workspace(resolved, manifest, db, releaseLock);
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
