import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'sql.js';
import type { SqlParams } from './database-types';
import { dbFs } from './db-fs';
import { fsyncDir, listJournalFiles, type JournalRecord } from './journal';
import { keepAsDailyBackup } from './snapshot-backups';
import type { FastRun } from './sqljs';
import { storageError } from './storage-error';

/**
 * The files behind a DurableDatabase: the snapshot it opens from and the journal replayed after
 * it, and the atomic write of a new snapshot (temp file, fsync, rename) that retires the journal
 * files it covers.
 */
export const SNAPSHOT_FILE = 'griddesk.db';
export const JOURNAL_DIR = 'journal';

/** One statement run once per parameter row, or (script) a multi-statement script run once. */
export interface WriteOp {
  sql: string;
  rows: SqlParams[];
  script?: true;
}
export interface TransactionBody {
  ops: WriteOp[];
}

export function applyTransaction(db: Database, records: JournalRecord<TransactionBody>[], fastRun: FastRun | undefined): void {
  db.exec('BEGIN');
  try {
    for (const record of records) {
      for (const op of record.body.ops) {
        if (op.script) {
          db.exec(op.sql);
          continue;
        }
        const statement = db.prepare(op.sql);
        try {
          for (const row of op.rows) if (!(Array.isArray(row) && fastRun?.(statement, row))) statement.run(row);
        } finally {
          statement.free();
        }
      }
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw new Error(`Replaying transaction ${records[0]!.seq} failed: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Writes `bytes` as the new snapshot: temp file, fsync, rename, fsync of the folder. It resolves
 * only once the snapshot is durable; on any failure the old snapshot and every journal file are
 * untouched (only the temp file is removed) and the error says what happened. A failed daily
 * backup does not cost the snapshot: it goes to `onBackupError`.
 */
export async function writeSnapshot(dir: string, bytes: Uint8Array, backupsDir: string | undefined, onBackupError: (error: unknown) => void): Promise<void> {
  const target = path.join(dir, SNAPSHOT_FILE);
  const temp = `${target}.tmp`;
  try {
    const fd = await dbFs.open(temp, 'w');
    try {
      for (let written = 0; written < bytes.length; ) written += await dbFs.write(fd, bytes, written, bytes.length - written);
      await dbFs.fsync(fd);
    } finally {
      await dbFs.close(fd).catch(() => undefined);
    }
    if (backupsDir) await keepAsDailyBackup(target, backupsDir).catch(onBackupError);
    await dbFs.rename(temp, target);
    fsyncDir(dir);
  } catch (error) {
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw storageError(error, target, 'snapshot');
  }
}

/** After a durable snapshot up to `seq`: every journal file but the newest holds nothing newer. */
export async function retireJournalFiles(dir: string, seq: number): Promise<void> {
  const files = listJournalFiles(path.join(dir, JOURNAL_DIR));
  for (const { file, firstSeq } of files.slice(0, -1)) {
    if (firstSeq <= seq) await dbFs.rm(file);
  }
}
