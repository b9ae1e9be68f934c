import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../backend/app-error';
import { DurableDatabase, JOURNAL_DIR, SNAPSHOT_FILE } from '../db/durable-database';
import { fsyncDir, listJournalFiles } from '../db/journal';
import { migrations } from '../db/migrations';
import { backupKindOf, keepBeforeChange, listBackups, type BackupFile } from '../db/snapshot-backups';
import { BACKUPS_DIR, acquireLock } from './workspace-files';

const SQLITE_HEADER = 'SQLite format 3\0';

export function workspaceBackups(dir: string): BackupFile[] {
  return listBackups(path.join(dir, BACKUPS_DIR));
}

/**
 * Puts a backup back as the workspace's database. The workspace must not be open (its lock is
 * taken here). The current state is first made one whole snapshot and kept as a before-restore
 * backup, so a restore can itself be undone. Crash-safe in this order: the old snapshot is
 * complete before its (then empty) journal is removed, and the restored file is renamed in last.
 */
export async function restoreWorkspaceBackup(dir: string, backupName: string, now = new Date()): Promise<{ keptAs: string | undefined }> {
  const backupsDir = path.join(dir, BACKUPS_DIR);
  const source = path.join(backupsDir, backupName);
  if (!backupKindOf(backupName) || !fs.existsSync(source)) {
    throw new AppError('backup_not_found', `没有这个备份：${backupName}（${backupsDir}）`);
  }
  assertSqliteFile(source);

  const releaseLock = acquireLock(dir);
  try {
    // Everything journaled goes into the snapshot first; the journal is then empty.
    const current = await DurableDatabase.open(dir, { migrations, backupsDir });
    await current.close({ checkpoint: true });
    const snapshotFile = path.join(dir, SNAPSHOT_FILE);
    const keptAs = await keepBeforeChange(snapshotFile, backupsDir, { kind: 'before-restore' }, now);

    const temp = `${snapshotFile}.restore.tmp`;
    await fs.promises.copyFile(source, temp);
    const handle = await fs.promises.open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const journalDir = path.join(dir, JOURNAL_DIR);
    for (const { file } of listJournalFiles(journalDir)) await fs.promises.rm(file, { force: true });
    fsyncDir(journalDir);
    await fs.promises.rename(temp, snapshotFile);
    fsyncDir(dir);
    return { keptAs };
  } finally {
    releaseLock();
  }
}

/** A backup that is not a SQLite file (truncated, overwritten by hand) is refused before anything changes. */
function assertSqliteFile(file: string): void {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new AppError('backup_unreadable', `备份文件不是 GridDesk 数据库：${file}`);
  }
}
