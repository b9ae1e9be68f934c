import path from 'node:path';
import type { Database } from 'sql.js';
import { writeSnapshotSeq } from './durability.repository';
import { dbFs } from './db-fs';
import { JournalWriter, fsyncDir, journalFileName } from './journal';
import { copyDurably, newQuarantineDir, type SalvageReport } from './journal-recovery';
import type { JournalPlan } from './journal-scan';
import { JOURNAL_DIR, applyTransaction, writeSnapshot, type TransactionBody } from './snapshot-and-journal';
import type { FastRun } from './sqljs';
import { storageError } from './storage-error';

/**
 * The way out of a damaged journal that keeps the most: on top of everything before the damage
 * (already applied), every whole transaction after it is applied in journal order; what is not
 * whole, or no longer applies, is listed. Crash-safe in this order: the journal files are first
 * copied into quarantine, then the salvaged state becomes a durable snapshot numbered past every
 * transaction the journal mentions, and only then do the originals leave journal/ (their copies
 * stay). A crash before that leaves the workspace as it was: still damaged, salvageable again.
 */
export async function salvage(
  db: Database,
  dir: string,
  plan: JournalPlan<TransactionBody>,
  seqBefore: number,
  fastRun: FastRun | undefined,
  exportBytes: () => Uint8Array,
  backupsDir: string | undefined,
): Promise<{ seq: number; journal: JournalWriter; report: SalvageReport }> {
  const quarantinedTo = newQuarantineDir(dir);
  for (const file of plan.files) {
    try {
      copyDurably(file, quarantinedTo);
    } catch (error) {
      throw storageError(error, file, 'write');
    }
  }
  const skipped = [...plan.skipped];
  let applied = 0;
  let last = seqBefore;
  for (const transaction of plan.after) {
    const first = transaction[0]!;
    const seq = transaction[transaction.length - 1]!.record.seq;
    const part = { file: first.file, record: first.number, offset: first.offset, bytes: transaction.reduce((n, r) => n + r.end - r.offset, 0) };
    if (seq <= last) {
      skipped.push({ ...part, reason: `事务 ${seq} 已经包含在之前的内容中` });
      continue;
    }
    try {
      applyTransaction(db, transaction.map((item) => item.record), fastRun);
      applied++;
      last = seq;
    } catch (error) {
      skipped.push({ ...part, reason: `事务 ${seq} 无法重做：${(error as Error).message}` });
    }
  }
  const seq = Math.max(plan.maxSeq, last);
  writeSnapshotSeq(db, seq);
  await writeSnapshot(dir, exportBytes(), backupsDir, (error) => console.error(`[GridDesk] backup before salvage: ${String(error)}`));
  const journalDir = path.join(dir, JOURNAL_DIR);
  try {
    for (const file of plan.files) await dbFs.rm(file);
    fsyncDir(journalDir);
  } catch (error) {
    // The snapshot is durable and numbered past every file left: they are skipped at open.
    console.error(`[GridDesk] removing salvaged journal files: ${String(error)}`);
  }
  const journal = JournalWriter.open(path.join(journalDir, journalFileName(seq + 1)));
  return { seq, journal, report: { quarantinedTo, applied, skipped } };
}
