import fs from 'node:fs';
import { findNextRecord, listJournalFiles, readRecordAt, type JournalRecord } from './journal';

/**
 * Reads the journal after a snapshot and tells its three possible states apart:
 * - whole: every record checks out and the transactions follow each other;
 * - a torn tail: the newest file ends inside a record (or inside a transaction without its commit
 *   record) with nothing valid after it: a write that was never acknowledged;
 * - damage: anything else (a bad record followed by good ones, a checksum-bad whole record, any bad
 *   or missing record in an older file, a gap in the transaction numbers). Damage is never cut
 *   away: the caller refuses, or opens read-only up to it, or salvages what follows it.
 * This module only reads.
 */
export type DamageKind = 'crc' | 'header' | 'length' | 'json' | 'truncated' | 'sequence' | 'uncommitted';

export interface JournalDamage {
  /** The journal file (full path). */
  file: string;
  /** 1-based position of the damaged record in its file. */
  record: number;
  /** Byte offset of the damaged record in its file. */
  offset: number;
  /** Intact records before the damage (all files after the snapshot). */
  readableBefore: number;
  /** Checksum-valid records after the damage (all files). */
  readableAfter: number;
  kind: DamageKind;
}

export interface ScannedRecord<T = unknown> {
  file: string;
  number: number;
  offset: number;
  end: number;
  record: JournalRecord<T>;
}

export interface SkippedPart {
  file: string;
  record: number;
  offset: number;
  bytes: number;
  reason: string;
}

export interface JournalPlan<T = unknown> {
  /** Committed transactions after the snapshot, in order, up to the damage (all when there is none). */
  before: ScannedRecord<T>[][];
  damage?: JournalDamage;
  /** The newest file from `offset` on holds a write that was never acknowledged. */
  tornTail?: { file: string; offset: number; bytes: number };
  /** After the damage: whole committed transactions in journal order, and the parts that are not. */
  after: ScannedRecord<T>[][];
  skipped: SkippedPart[];
  /** The highest transaction number any record or file name mentions. */
  maxSeq: number;
  files: string[];
}

type Item<T> = ({ type: 'record' } & ScannedRecord<T>) | { type: 'bad'; file: string; number: number; offset: number; end: number; kind: DamageKind; torn: boolean };

export const DAMAGE_REASONS: Record<DamageKind, string> = {
  crc: '校验和不符',
  header: '记录头损坏',
  length: '记录长度损坏',
  json: '内容无法解析',
  truncated: '记录不完整（文件被截断）',
  sequence: '事务编号不连续',
  uncommitted: '事务缺少提交记录',
};

function scanFile<T>(file: string): Item<T>[] {
  const data = fs.readFileSync(file);
  const items: Item<T>[] = [];
  let offset = 0;
  let v2Seen = false;
  while (offset < data.length) {
    const number = items.length + 1;
    const read = readRecordAt(data, offset, v2Seen);
    if (read.kind === 'record') {
      items.push({ type: 'record', file, number, offset, end: read.end, record: read.record as JournalRecord<T> });
      v2Seen ||= read.v2;
      offset = read.end;
      continue;
    }
    const next = findNextRecord(data, offset + 1);
    const end = next === -1 ? data.length : next;
    // A record the file ends inside is torn only when nothing valid follows (a v1 length can lie).
    const kind: DamageKind = read.kind === 'torn' ? (next === -1 ? 'truncated' : 'length') : read.problem;
    items.push({ type: 'bad', file, number, offset, end, kind, torn: read.kind === 'torn' && next === -1 });
    offset = end;
  }
  return items;
}

export function planJournal<T>(journalDir: string, snapshotSeq: number): JournalPlan<T> {
  const files = listJournalFiles(journalDir);
  const plan: JournalPlan<T> = { before: [], after: [], skipped: [], maxSeq: snapshotSeq, files: files.map((f) => f.file) };
  let lastSeq = snapshotSeq;
  let group: ScannedRecord<T>[] = [];
  let readableBefore = 0;
  let readableAfter = 0;
  const afterItems: Item<T>[] = [];
  let damage: Omit<JournalDamage, 'readableBefore' | 'readableAfter'> | undefined;
  const damageAt = (at: { file: string; number: number; offset: number }, kind: DamageKind): void => {
    damage = { file: at.file, record: at.number, offset: at.offset, kind };
    readableAfter += group.length;
    afterItems.push(...group.map((record) => ({ type: 'record' as const, ...record })));
    group = [];
  };

  for (const [index, { file, firstSeq }] of files.entries()) {
    plan.maxSeq = Math.max(plan.maxSeq, firstSeq - 1);
    const isNewest = index === files.length - 1;
    // Every file is read, even one a crash left behind after the snapshot covering it (its records
    // are skipped by number): a file name only says where a file starts, not where it ends.
    const coversUpTo = isNewest ? Infinity : files[index + 1]!.firstSeq - 1;
    const items = scanFile<T>(file);
    for (const item of items) {
      if (item.type === 'record') plan.maxSeq = Math.max(plan.maxSeq, item.record.seq);
      if (damage) {
        afterItems.push(item);
        if (item.type === 'record') readableAfter++;
        continue;
      }
      if (item.type === 'bad') {
        if (isNewest && item.torn) {
          const start = group.length ? group[0]!.offset : item.offset;
          plan.tornTail = { file, offset: start, bytes: item.end - start };
          group = [];
        } else {
          damageAt(item, item.kind);
          afterItems.push(item);
        }
        continue;
      }
      if (group.length && group[0]!.record.seq !== item.record.seq) {
        damageAt(group[0]!, 'uncommitted');
        afterItems.push(item);
        readableAfter++;
        continue;
      }
      group.push(item);
      if (!item.record.commit) continue;
      const seq = item.record.seq;
      if (seq === lastSeq + 1) {
        plan.before.push(group);
        readableBefore += group.length;
        lastSeq = seq;
        group = [];
      } else if (seq <= snapshotSeq) {
        group = []; // already in the snapshot
      } else {
        damageAt(group[0]!, 'sequence');
      }
    }
    if (damage) continue;
    const size = items.length ? items[items.length - 1]!.end : 0;
    if (group.length) {
      if (isNewest) plan.tornTail = { file, offset: group[0]!.offset, bytes: size - group[0]!.offset };
      else damageAt(group[0]!, 'uncommitted');
    } else if (!isNewest && lastSeq < coversUpTo) {
      // The file ends before the transaction the next file starts after: its end is missing.
      const missing = { type: 'bad' as const, file, number: items.length + 1, offset: size, end: size, kind: 'truncated' as const, torn: false };
      damageAt(missing, 'truncated');
      afterItems.push(missing);
    }
  }
  if (damage) {
    plan.damage = { ...(damage as Omit<JournalDamage, 'readableBefore' | 'readableAfter'>), readableBefore, readableAfter };
    groupAfterDamage(afterItems, plan);
  }
  return plan;
}

/** Whole committed transactions after the damage, in journal order; every other part is skipped. */
function groupAfterDamage<T>(items: Item<T>[], plan: JournalPlan<T>): void {
  let group: ScannedRecord<T>[] = [];
  let afterBad = false;
  const skipGroup = (reason: string): void => {
    if (!group.length) return;
    const first = group[0]!;
    plan.skipped.push({ file: first.file, record: first.number, offset: first.offset, bytes: group.reduce((n, r) => n + r.end - r.offset, 0), reason });
    group = [];
  };
  for (const item of items) {
    if (item.type === 'bad') {
      skipGroup(DAMAGE_REASONS.uncommitted);
      plan.skipped.push({ file: item.file, record: item.number, offset: item.offset, bytes: item.end - item.offset, reason: DAMAGE_REASONS[item.kind] });
      afterBad = true;
      continue;
    }
    if (group.length && group[0]!.record.seq !== item.record.seq) skipGroup(DAMAGE_REASONS.uncommitted);
    group.push(item);
    if (!item.record.commit) continue;
    // The damaged bytes may have held this transaction's first records: whole only when its parts
    // count from 0 (v2). A v1 record has no part number, so right after damage it cannot be trusted.
    const whole = group.every((record, index) => record.record.part === index) || (!afterBad && group[0]!.record.part === undefined);
    if (whole) {
      plan.after.push(group);
      group = [];
    } else skipGroup('紧跟在损坏处之后，可能缺少事务开头的部分');
    afterBad = false;
  }
  skipGroup(DAMAGE_REASONS.uncommitted);
}
