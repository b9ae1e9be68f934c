import type { CaseColumnRow, ChangeMarks } from './analytics.repository';
import { COLUMNS, computeExtent, emptyCube, setRow, type CaseCube } from './case-cube';

/** The reads a patch needs (AnalyticsRepository has them). */
export interface CubeChanges {
  changeMarks(): ChangeMarks;
  casesWithEventsAfter(afterEventId: number, limit: number): number[];
  casesByIds(ids: number[]): (CaseColumnRow & { merged: number })[];
  casesAfter(after: number, limit: number): CaseColumnRow[];
}

/** Past this many changed or new cases a full build is about as cheap, and simpler. */
export const LARGE_CHANGE = 50_000;

/**
 * Brings a cube up to date after committed writes without reading every case again.
 *
 * What changed is found from three cheap markers, each a primary-key range or a tiny table:
 *  - cases with timeline events after the cube's last event id (every write that changes a case —
 *    transition, merge, re-import, undo of a re-import — appends a case_events row; the table is
 *    append-only), re-read and patched in place, or dropped when merged or deleted;
 *  - live cases with an id above the cube's last id (new cases, imports), appended in id order;
 *  - import batches undone since, whose cases (deleted by the undo) are dropped by their batch column.
 * Rows stay in id order, so the result equals a fresh build (tests/integration/analytics-cube.test.ts).
 *
 * Returns the new marks, or null when a full build is needed (too many changes, or a live case that
 * would have to go in the middle); in that case the cube has not been touched.
 */
export function patchCube(
  cube: CaseCube, marks: ChangeMarks, source: CubeChanges, gridIndex: Map<number, number>, majorOf: Map<number, number>,
  largeChange = LARGE_CHANGE,
): { cube: CaseCube; marks: ChangeMarks; changed: number } | null {
  const now = source.changeMarks();
  const before = new Set(marks.undone);
  if (marks.undone.some((id) => !now.undone.includes(id))) return null;
  const undone = new Set(now.undone.filter((id) => !before.has(id)));
  const touched = now.eventId > marks.eventId ? source.casesWithEventsAfter(marks.eventId, largeChange + 1) : [];
  if (touched.length > largeChange) return null;

  // Decide everything before changing anything.
  const remove = new Uint8Array(cube.n);
  let removed = 0;
  if (undone.size) {
    for (let i = 0; i < cube.n; i++) if (undone.has(cube.batch[i]!)) { remove[i] = 1; removed++; }
  }
  const patches: { i: number; row: CaseColumnRow }[] = [];
  const outside: number[] = [];
  const rows = new Map(source.casesByIds(touched).map((r) => [r.id, r]));
  for (const id of touched) {
    const i = indexOf(cube, id);
    const row = rows.get(id);
    const live = row !== undefined && !row.merged;
    if (i < 0) { if (live) outside.push(id); continue; }
    if (live) patches.push({ i, row });
    else if (!remove[i]) { remove[i] = 1; removed++; }
  }
  let last = cube.n - 1;
  while (last >= 0 && remove[last]) last--;
  const lastId = last >= 0 ? cube.id[last]! : -1;
  // A live case the cube lacks must come after its last row, where the append below picks it up.
  if (outside.some((id) => id < lastId)) return null;
  const added = source.casesAfter(lastId, largeChange + 1);
  if (added.length > largeChange) return null;

  for (const { i, row } of patches) setRow(cube, i, row, gridIndex, majorOf);
  let target = cube;
  if (removed) compact(cube, remove);
  if (cube.n + added.length > cube.id.length) target = grow(cube, Math.ceil((cube.n + added.length) * 1.1) + 1024);
  for (const row of added) setRow(target, target.n++, row, gridIndex, majorOf);
  computeExtent(target);
  return { cube: target, marks: now, changed: patches.length + removed + added.length };
}

/** Row index of a case id (ids are ascending), −1 when absent. */
function indexOf(cube: CaseCube, id: number): number {
  let lo = 0;
  let hi = cube.n - 1;
  const ids = cube.id;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid]!;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Drops the marked rows, keeping the others in order (one block move per run of kept rows). */
function compact(cube: CaseCube, remove: Uint8Array): void {
  let write = 0;
  let read = 0;
  const n = cube.n;
  while (read < n) {
    while (read < n && remove[read]) read++;
    const start = read;
    while (read < n && !remove[read]) read++;
    if (read > start) {
      if (start !== write) for (const c of COLUMNS) cube[c].copyWithin(write, start, read);
      write += read - start;
    }
  }
  cube.n = write;
}

/** A copy of the cube with room for `capacity` rows (addresses are shared, they only grow). */
function grow(cube: CaseCube, capacity: number): CaseCube {
  const bigger = emptyCube(capacity);
  for (const c of COLUMNS) (bigger[c] as Int32Array).set((cube[c] as Int32Array).subarray(0, cube.n));
  bigger.n = cube.n;
  bigger.addresses = cube.addresses;
  bigger.addressIds = cube.addressIds;
  return bigger;
}
