import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'sql.js';
import type { SqlParams } from './durable-database';
import { JournalCorruptError, fsyncDir, listJournalFiles, readJournalFile, type JournalRecord } from './journal';
import { keepAsDailyBackup } from './snapshot-backups';
import type { FastRun } from './sqljs';

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

/** Applies the committed transactions after the snapshot; returns the last sequence number. */
export function replayJournal(db: Database, dir: string, snapshotSeq: number, fastRun: FastRun | undefined): { lastSeq: number; tailFile?: string } {
  const files = listJournalFiles(dir);
  let lastSeq = snapshotSeq;
  let group: JournalRecord<TransactionBody>[] = [];
  for (const [index, { file }] of files.entries()) {
    const isTail = index === files.length - 1;
    const records = readJournalFile(file, isTail) as (JournalRecord<TransactionBody> & { offset: number })[];
    for (const record of records) {
      if (group.length && group[0]!.seq !== record.seq) {
        throw new JournalCorruptError(file, record.offset, `transaction ${group[0]!.seq} has no commit record`);
      }
      group.push(record);
      if (!record.commit) continue;
      if (record.seq > lastSeq) {
        if (record.seq !== lastSeq + 1) {
          throw new JournalCorruptError(file, record.offset, `expected transaction ${lastSeq + 1}, found ${record.seq}`);
        }
        applyTransaction(db, group, fastRun);
        lastSeq = record.seq;
      }
      group = [];
    }
    if (isTail && group.length) {
      // The process died while writing a large transaction: it never committed.
      fs.truncateSync(file, (group[0] as unknown as { offset: number }).offset);
      group = [];
    }
  }
  return { lastSeq, tailFile: files.length ? files[files.length - 1]!.file : undefined };
}

function applyTransaction(db: Database, records: JournalRecord<TransactionBody>[], fastRun: FastRun | undefined): void {
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

export async function writeSnapshot(dir: string, bytes: Uint8Array, seq: number, backupsDir: string | undefined): Promise<void> {
  const target = path.join(dir, SNAPSHOT_FILE);
  const temp = `${target}.tmp`;
  const handle = await fs.promises.open(temp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  // A failed backup must not cost the snapshot: it is logged and the snapshot goes ahead.
  if (backupsDir) await keepAsDailyBackup(target, backupsDir).catch((error: unknown) => console.error(`[GridDesk] backup: ${String(error)}`));
  await fs.promises.rename(temp, target);
  fsyncDir(dir);
  // Every journal file but the newest holds only transactions up to `seq`, now in the snapshot.
  const files = listJournalFiles(path.join(dir, JOURNAL_DIR));
  for (const { file, firstSeq } of files.slice(0, -1)) {
    if (firstSeq <= seq) await fs.promises.rm(file, { force: true });
  }
}
