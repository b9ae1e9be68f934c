import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/app-error';
import { DurableDatabase, JOURNAL_DIR, SNAPSHOT_FILE } from '../db/durable-database';
import { fsyncDir, listJournalFiles } from '../db/journal';
import { copyDurably, newQuarantineDir } from '../db/journal-recovery';
import { migrations } from '../db/migrations';
import { backupKindOf, keepBeforeChange, listBackups, type BackupFile } from '../db/snapshot-backups';
import { BACKUPS_DIR, acquireLock } from './workspace-files';

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Left by a restore until the restored workspace has begun a new era of local names: it may hand
 * out again local ids whose uids other workstations already have. A file, so that a crash between
 * the restore and the next open still leads to the new era.
 */
export const NEW_ERA_MARKER = 'new-era.pending';

export function newEraPending(dir: string): boolean {
  return fs.existsSync(path.join(dir, NEW_ERA_MARKER));
}

export function newEraBegun(dir: string): void {
  fs.rmSync(path.join(dir, NEW_ERA_MARKER), { force: true });
}

/**
 * The chosen backup copied (and synced) beside the snapshot, before anything writes a snapshot:
 * closing or folding the journal writes one, and the snapshot it replaces becomes today's backup,
 * which may be the very backup being restored. Returns the copy, for restoreWorkspaceBackup.
 */
export async function captureBackup(dir: string, backupName: string): Promise<string> {
  const backupsDir = path.join(dir, BACKUPS_DIR);
  const source = path.join(backupsDir, backupName);
  if (!backupKindOf(backupName) || !fs.existsSync(source)) {
    throw new AppError('backup_not_found', `没有这个备份：${backupName}（${backupsDir}）`);
  }
  assertSqliteFile(source);
  const temp = `${path.join(dir, SNAPSHOT_FILE)}.restore.tmp`;
  await fs.promises.copyFile(source, temp);
  const handle = await fs.promises.open(temp, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

export function workspaceBackups(dir: string): BackupFile[] {
  return listBackups(path.join(dir, BACKUPS_DIR));
}

/**
 * Puts a backup back as the workspace's database. The workspace must not be open (its lock is
 * taken here). It works on a workspace that cannot open (a damaged journal): the current snapshot
 * and every journal file are moved aside into quarantine/, never deleted. When the workspace does
 * open, its journaled writes are first folded into its snapshot, which is kept as a before-restore
 * backup, so a restore can itself be undone. Crash-safe in this order: the restored file is
 * complete and synced, the old snapshot is linked into quarantine, the journal files are moved
 * there (a journal must never be replayed onto the restored snapshot), and the restored file is
 * renamed in last.
 */
export async function restoreWorkspaceBackup(
  dir: string, backupName: string, now = new Date(), captured?: string,
): Promise<{ keptAs: string | undefined; quarantinedTo: string }> {
  const backupsDir = path.join(dir, BACKUPS_DIR);
  const snapshotFile = path.join(dir, SNAPSHOT_FILE);
  const temp = captured ?? (await captureBackup(dir, backupName));
  const releaseLock = acquireLock(dir);
  try {
    await foldJournalIntoSnapshot(dir, backupsDir);
    const keptAs = await keepBeforeChange(snapshotFile, backupsDir, { kind: 'before-restore' }, now);
    const quarantinedTo = newQuarantineDir(dir, now);
    if (fs.existsSync(snapshotFile)) keepInQuarantine(snapshotFile, quarantinedTo);
    const journalDir = path.join(dir, JOURNAL_DIR);
    for (const { file } of listJournalFiles(journalDir)) await fs.promises.rename(file, path.join(quarantinedTo, path.basename(file)));
    fsyncDir(quarantinedTo);
    if (fs.existsSync(journalDir)) fsyncDir(journalDir);
    // Before the restored file goes in: the next open begins a new era of local names (sync/local-names.ts).
    fs.writeFileSync(path.join(dir, NEW_ERA_MARKER), `${now.toISOString()} ${backupName}\n`);
    await fs.promises.rename(temp, snapshotFile);
    fsyncDir(dir);
    return { keptAs, quarantinedTo };
  } finally {
    releaseLock();
  }
}

/** A healthy workspace's journal goes into its snapshot first; a damaged one is left exactly as it is. */
async function foldJournalIntoSnapshot(dir: string, backupsDir: string): Promise<void> {
  let current: DurableDatabase;
  try {
    current = await DurableDatabase.open(dir, { migrations, backupsDir });
  } catch (error) {
    console.error(`[GridDesk] restoring a backup of a workspace that does not open: ${String(error)}`);
    return;
  }
  await current.close({ checkpoint: true });
}

/** The replaced snapshot, as a hard link (free) or else a copy: the restored file then renames over it. */
function keepInQuarantine(file: string, quarantinedTo: string): void {
  const target = path.join(quarantinedTo, path.basename(file));
  try {
    fs.linkSync(file, target);
  } catch {
    copyDurably(file, quarantinedTo);
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
