import path from 'node:path';
import type { Database } from 'sql.js';
import { AppError } from '../shared/app-error';
import { readSnapshotSeq } from './durability.repository';
import { dbFs } from './db-fs';
import type { DurableDatabaseOptions, TornTail } from './database-types';
import { JournalWriter, journalFileName } from './journal';
import { planJournal, type JournalDamage } from './journal-scan';
import { cutTornTail, damageError, type SalvageReport } from './journal-recovery';
import { salvage } from './salvage';
import { JOURNAL_DIR, applyTransaction, type TransactionBody } from './snapshot-and-journal';
import type { FastRun } from './sqljs';
import { storageError } from './storage-error';

/**
 * Opening's part of the journal: replays what is whole after the snapshot and then, by what the
 * journal holds and the recovery mode, cuts a torn tail (into quarantine), refuses damage, opens
 * read-only up to it, or salvages after it. Returns the state the database starts from.
 */
export interface OpenedState {
  seq: number;
  snapshotSeq: number;
  journal: JournalWriter | undefined;
  readOnly: boolean;
  damage?: JournalDamage;
  tornTail?: TornTail;
  salvageReport?: SalvageReport;
}

export async function replayOnOpen(
  db: Database,
  dir: string,
  fastRun: FastRun | undefined,
  options: DurableDatabaseOptions,
  exportBytes: () => Uint8Array,
): Promise<OpenedState> {
  const journalDir = path.join(dir, JOURNAL_DIR);
  const snapshotSeq = readSnapshotSeq(db);
  const plan = planJournal<TransactionBody>(journalDir, snapshotSeq);
  let seq = snapshotSeq;
  for (const transaction of plan.before) {
    applyTransaction(db, transaction.map((item) => item.record), fastRun);
    seq = transaction[transaction.length - 1]!.record.seq;
  }
  let readOnly = options.readOnly ?? false;
  if (plan.damage) {
    const recovery = options.recovery ?? 'refuse';
    if (recovery === 'refuse') throw damageError(plan.damage);
    if (recovery === 'read-only-to-damage') readOnly = true;
    else if (readOnly) throw new AppError('read_only', `只读打开时不能抢救日志：${dir}`);
    else {
      const salvaged = await salvage(db, dir, plan, seq, fastRun, exportBytes, options.backupsDir);
      return { seq: salvaged.seq, snapshotSeq: salvaged.seq, journal: salvaged.journal, readOnly: false, salvageReport: salvaged.report };
    }
  }
  if (readOnly) return { seq, snapshotSeq, journal: undefined, readOnly, damage: plan.damage };
  try {
    dbFs.mkdirSync(journalDir);
  } catch (error) {
    throw storageError(error, journalDir, 'create');
  }
  const tornTail = plan.tornTail && { ...plan.tornTail, quarantinedTo: cutTornTail(dir, plan.tornTail) };
  const tailFile = plan.files[plan.files.length - 1] ?? path.join(journalDir, journalFileName(seq + 1));
  return { seq, snapshotSeq, journal: JournalWriter.open(tailFile), readOnly, tornTail };
}
