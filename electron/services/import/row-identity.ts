import type { SqlValue } from '../db/durable-database';
import { contentKey, normaliseText, storedContentKey } from './content-key';
import { FirstRows } from './first-rows';
import type { ExistingCases, NearbyCase } from './import.repository';
import { CASE_COLUMNS, PreparedRow, caseValues, type ProblemLog } from './prepared-row';
import type { RowStore } from './row-store';

const DAY_MS = 86_400_000;
/** "Probably the same case": same text, within this time and this distance (or the same address). */
const NEAR_MS = DAY_MS;
const NEAR_M = 50;
const AT = {
  title: CASE_COLUMNS.indexOf('title'), description: CASE_COLUMNS.indexOf('description'), address: CASE_COLUMNS.indexOf('address'),
  sourceLng: CASE_COLUMNS.indexOf('source_lng'), sourceLat: CASE_COLUMNS.indexOf('source_lat'), receivedAt: CASE_COLUMNS.indexOf('received_at'),
};

export interface Matched {
  toInsert: number;
  toUpdate: number;
  unchanged: number;
  byExternalNo: number;
  byContent: number;
  likelyDuplicates: number;
}

/**
 * Finds each prepared row's case in the workspace: by external number where the row has one,
 * otherwise by content key (content-key.ts). Rows sharing a content key within the file are
 * flagged and kept apart by their order (the n-th such row matches the n-th such case), so the
 * same file imported twice matches every row. New rows that look like a case already there (same
 * text, same place, within a day) are flagged for review.
 */
export function matchRows(
  rows: RowStore,
  log: ProblemLog,
  existing: (withUnnumbered: boolean) => ExistingCases,
  nearby: (from: number, to: number) => NearbyCase[],
): Matched {
  const row = new PreparedRow(0);
  let needContent = false;
  for (let i = 0; i < rows.length && !needContent; i++) needContent = !rows.hasExternalNo(i);
  const known = existing(needContent);
  const byContent = new Map<string, { id: number; values: SqlValue[] }[]>();
  for (const entry of known.unnumbered) {
    const key = storedContentKey(entry.values, AT);
    const list = byContent.get(key);
    if (list) list.push(entry);
    else byContent.set(key, [entry]);
  }
  const firstRows = new FirstRows();
  const repeats = new Map<string, number>();
  const fresh: number[] = [];
  const result: Matched = { toInsert: 0, toUpdate: 0, unchanged: 0, byExternalNo: 0, byContent: 0, likelyDuplicates: 0 };
  for (let i = 0; i < rows.length; i++) {
    let match: { id: number; values: SqlValue[] } | undefined;
    if (rows.hasExternalNo(i)) {
      result.byExternalNo++;
      // Nothing numbered in the workspace yet (a first import): no number needs decoding.
      match = known.byNumber.size ? known.byNumber.get(rows.externalNo(i)!) : undefined;
      if (!match) {
        // New: its text is read only if it has to be compared with the cases around it.
        result.toInsert++;
        fresh.push(i);
        continue;
      }
      rows.read(i, row);
    } else {
      result.byContent++;
      rows.read(i, row);
      const key = contentKey(row);
      const first = firstRows.firstOrAdd(key, row.rowNo);
      let occurrence = 0;
      if (first !== undefined) {
        occurrence = (repeats.get(key) ?? 0) + 1;
        repeats.set(key, occurrence);
        result.likelyDuplicates++;
        log.add(row, { column: null, value: null, severity: 'warning', code: 'likely_duplicate', message: `与第 ${first} 行的受理时间、地点和内容都相同，可能重复` });
      }
      const candidate = byContent.get(key)?.[occurrence];
      // The key has ~49 bits: a match must also be received at the same instant.
      if (candidate && candidate.values[AT.receivedAt] === row.receivedAt) match = candidate;
    }
    if (!match) {
      result.toInsert++;
      fresh.push(i);
      rows.write(i, row);
      continue;
    }
    row.existingId = match.id;
    row.changed = caseValues(row).some((value, k) => !same(value, match.values[k] ?? null));
    rows.write(i, row);
    if (row.changed) result.toUpdate++;
    else result.unchanged++;
  }
  result.likelyDuplicates += flagNearExisting(rows, fresh, log, nearby);
  return result;
}

/** New rows with the same text as a case already in the workspace, at the same place, within a day. */
function flagNearExisting(rows: RowStore, fresh: number[], log: ProblemLog, nearby: (from: number, to: number) => NearbyCase[]): number {
  if (!fresh.length) return 0;
  const row = new PreparedRow(0);
  let from = Infinity;
  let to = -Infinity;
  for (const i of fresh) {
    rows.read(i, row, false);
    from = Math.min(from, row.receivedAt);
    to = Math.max(to, row.receivedAt);
  }
  const candidates = nearby(from - NEAR_MS, to + NEAR_MS);
  if (!candidates.length) return 0;
  const byText = new Map<string, NearbyCase[]>();
  for (const c of candidates) {
    const key = normaliseText(c.title) + '\u0001' + normaliseText(c.description);
    const list = byText.get(key);
    if (list) list.push(c);
    else byText.set(key, [c]);
  }
  // Each text's cases in time order: a row looks only at the day around it (titles repeat thousands of times).
  for (const list of byText.values()) list.sort((a, b) => a.receivedAt - b.receivedAt);
  let flagged = 0;
  for (const i of fresh) {
    rows.read(i, row);
    const list = byText.get(normaliseText(row.title) + '\u0001' + normaliseText(row.description));
    if (!list) continue;
    let near: NearbyCase | undefined;
    for (let k = firstFrom(list, row.receivedAt - NEAR_MS); k < list.length && list[k]!.receivedAt <= row.receivedAt + NEAR_MS; k++) {
      if (samePlace(list[k]!, row)) {
        near = list[k];
        break;
      }
    }
    if (!near) continue;
    const hours = Math.round(Math.abs(near.receivedAt - row.receivedAt) / 360_000) / 10;
    log.add(row, { column: null, value: near.caseNo, severity: 'warning', code: 'possible_duplicate', message: `与已有案件 ${near.caseNo} 内容、地点相同，受理时间相差 ${hours} 小时，可能重复` });
    rows.write(i, row);
    flagged++;
  }
  return flagged;
}

/** The first index whose case was received at or after `at` (the list is in time order). */
function firstFrom(list: NearbyCase[], at: number): number {
  let [lo, hi] = [0, list.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.receivedAt < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function samePlace(c: NearbyCase, row: PreparedRow): boolean {
  if (c.lng !== null && c.lat !== null && row.lng !== null && row.lat !== null) {
    const kx = 111_320 * Math.cos((row.lat * Math.PI) / 180);
    return Math.hypot((c.lng - row.lng) * kx, (c.lat - row.lat) * 110_574) <= NEAR_M;
  }
  const a = normaliseText(c.address);
  return a !== '' && a === normaliseText(row.address);
}

/** Database REALs and the file's numbers compare as numbers; everything else exactly. */
function same(a: SqlValue, b: SqlValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  return a === b;
}
