import fs from 'node:fs';
import path from 'node:path';
import { dbFs } from './db-fs';
import { fsyncDir } from './journal';

/**
 * Backups of a workspace's database, as whole snapshot files in its backups/ folder:
 * - one per day: when a snapshot replaces the previous one, the outgoing file becomes the backup
 *   of the day it was written, so each past day keeps its last snapshot (its state at closing
 *   time, as closing writes a snapshot). The newest DAILY_BACKUPS_KEPT days are kept;
 * - one before every schema upgrade, and one before every restore (the newest few of each).
 * A backup is a hard link to the outgoing snapshot: it costs no copy and no extra disk until
 * the next snapshot replaces the live file. Where links are impossible (FAT/exFAT drives, some
 * network shares) it is a copy, made at most once per day.
 */
export const DAILY_BACKUPS_KEPT = 7;
export const EVENT_BACKUPS_KEPT = 3;

export type BackupKind = 'daily' | 'before-upgrade' | 'before-restore';

export interface BackupFile {
  /** File name inside backups/, e.g. griddesk-2026-11-21.db. */
  name: string;
  kind: BackupKind;
  /** When the snapshot it holds was written (ms since epoch). */
  writtenAt: number;
  bytes: number;
}

const DAILY = /^griddesk-(\d{4}-\d{2}-\d{2})\.db$/;
const BEFORE_UPGRADE = /^griddesk-before-upgrade-v(\d+)-(\d{8}-\d{6})\.db$/;
const BEFORE_RESTORE = /^griddesk-before-restore-(\d{8}-\d{6})\.db$/;

export function backupKindOf(name: string): BackupKind | undefined {
  if (DAILY.test(name)) return 'daily';
  if (BEFORE_UPGRADE.test(name)) return 'before-upgrade';
  if (BEFORE_RESTORE.test(name)) return 'before-restore';
  return undefined;
}

/** Backups in `backupsDir`, newest first; other files there are not ours and are left alone. */
export function listBackups(backupsDir: string): BackupFile[] {
  if (!fs.existsSync(backupsDir)) return [];
  return fs
    .readdirSync(backupsDir)
    .flatMap((name): BackupFile[] => {
      const kind = backupKindOf(name);
      if (!kind) return [];
      const stat = fs.statSync(path.join(backupsDir, name));
      return [{ name, kind, writtenAt: stat.mtimeMs, bytes: stat.size }];
    })
    .sort((a, b) => b.writtenAt - a.writtenAt || b.name.localeCompare(a.name));
}

/** Before `snapshotFile` is replaced by a newer snapshot: keep it as its day's backup. */
export async function keepAsDailyBackup(snapshotFile: string, backupsDir: string): Promise<void> {
  const stat = await statOrUndefined(snapshotFile);
  if (!stat) return;
  const name = `griddesk-${localDate(new Date(stat.mtimeMs))}.db`;
  await keep(snapshotFile, backupsDir, name, { replaceSameName: true });
  await prune(backupsDir, 'daily', DAILY_BACKUPS_KEPT);
}

/** Keeps the current snapshot before an upgrade or a restore changes the workspace for good. */
export async function keepBeforeChange(
  snapshotFile: string,
  backupsDir: string,
  change: { kind: 'before-upgrade'; fromVersion: number } | { kind: 'before-restore' },
  now: Date,
): Promise<string | undefined> {
  if (!(await statOrUndefined(snapshotFile))) return undefined;
  const stamp = compactStamp(now);
  const name =
    change.kind === 'before-upgrade'
      ? `griddesk-before-upgrade-v${change.fromVersion}-${stamp}.db`
      : `griddesk-before-restore-${stamp}.db`;
  await keep(snapshotFile, backupsDir, name, { replaceSameName: true });
  await prune(backupsDir, change.kind, EVENT_BACKUPS_KEPT);
  return name;
}

async function keep(source: string, backupsDir: string, name: string, { replaceSameName }: { replaceSameName: boolean }): Promise<void> {
  await dbFs.mkdir(backupsDir);
  const target = path.join(backupsDir, name);
  const temp = `${target}.tmp`;
  await dbFs.rm(temp);
  try {
    await dbFs.link(source, temp);
  } catch {
    // No hard links on this volume: copy, but only once per name (a daily backup is replaced by
    // every snapshot of its day when linking is free, not when each replacement costs a copy).
    if (!replaceSameName || (await statOrUndefined(target))) return;
    await dbFs.copyFile(source, temp);
  }
  await dbFs.rename(temp, target);
  fsyncDir(backupsDir);
}

async function prune(backupsDir: string, kind: BackupKind, keepNewest: number): Promise<void> {
  const ofKind = listBackups(backupsDir).filter((backup) => backup.kind === kind);
  for (const old of ofKind.slice(keepNewest)) await dbFs.rm(path.join(backupsDir, old.name));
}

async function statOrUndefined(file: string): Promise<fs.Stats | undefined> {
  try {
    return await fs.promises.stat(file);
  } catch {
    return undefined;
  }
}

/** The machine's local calendar day: a Beijing office's "yesterday", not UTC's. */
function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function compactStamp(date: Date): string {
  return `${localDate(date).replaceAll('-', '')}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
