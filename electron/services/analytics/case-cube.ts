import type { AnalyticsFilter } from '../../contract';
import type { CaseColumnRow } from './analytics.repository';

/**
 * The cases as typed columns in memory, so that any filter's heat, choropleth, temporal and
 * hot-spot aggregation is one pass over arrays (a few ms at 1M cases) instead of a SQL scan.
 * Built once, then kept up to date after writes by case-cube-patch.ts (a full build at 1M cases
 * takes seconds; patching the few changed rows takes milliseconds).
 */
export const SOURCES = ['hotline', 'patrol', 'self', 'import', 'proactive'] as const;
const SHANGHAI_MS = 8 * 3_600_000;

export interface CaseCube {
  n: number;
  id: Int32Array;
  lng: Float64Array;
  lat: Float64Array;
  /** Index into the grid list, −1 when the case has no grid. */
  grid: Int32Array;
  community: Int32Array;
  street: Int32Array;
  /** Category id as recorded (usually a minor class), 0 when none. */
  category: Int32Array;
  /** Its major class id, 0 when none. */
  major: Int32Array;
  source: Uint8Array;
  at: Float64Array;
  /** year · 12 + month (0-based), Asia/Shanghai. */
  month: Int32Array;
  hour: Uint8Array;
  /** 0 = Monday … 6 = Sunday. */
  weekday: Uint8Array;
  /** Index into `addresses`, −1 when none. */
  address: Int32Array;
  /** Import batch the case came in with, 0 when none (undoing the batch deletes its cases). */
  batch: Int32Array;
  /** The department leading the case, 0 when none: most of a department user's scope. */
  lead: Int32Array;
  addresses: string[];
  /** address text → index into `addresses`. */
  addressIds: Map<string, number>;
  minMonth: number;
  maxMonth: number;
  minAt: number;
  maxAt: number;
}

export function monthKey(at: number): number {
  const d = new Date(at + SHANGHAI_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
export function monthLabel(key: number): string {
  return `${Math.floor(key / 12)}-${String((key % 12) + 1).padStart(2, '0')}`;
}
export function monthStart(key: number): number {
  return Date.UTC(Math.floor(key / 12), key % 12, 1) - SHANGHAI_MS;
}
export function parseMonth(label: string): number {
  const [y, m] = label.split('-').map(Number);
  return y! * 12 + m! - 1;
}

/** The typed columns of a cube, in one list so that growing, moving and comparing treat them alike. */
export const COLUMNS = ['id', 'lng', 'lat', 'grid', 'community', 'street', 'category', 'major', 'source', 'at', 'month', 'hour', 'weekday', 'address', 'batch', 'lead'] as const;
export type ColumnName = (typeof COLUMNS)[number];

/** An empty cube with room for `capacity` rows. */
export function emptyCube(capacity: number): CaseCube {
  return {
    n: 0, id: new Int32Array(capacity), lng: new Float64Array(capacity), lat: new Float64Array(capacity),
    grid: new Int32Array(capacity), community: new Int32Array(capacity), street: new Int32Array(capacity),
    category: new Int32Array(capacity), major: new Int32Array(capacity), source: new Uint8Array(capacity),
    at: new Float64Array(capacity), month: new Int32Array(capacity), hour: new Uint8Array(capacity), weekday: new Uint8Array(capacity),
    address: new Int32Array(capacity), batch: new Int32Array(capacity), lead: new Int32Array(capacity), addresses: [], addressIds: new Map(),
    minMonth: 0, maxMonth: -1, minAt: Infinity, maxAt: -Infinity,
  };
}

/** Writes one case into row i (no bounds, no extent: the caller sees to those). */
export function setRow(cube: CaseCube, i: number, row: CaseColumnRow, gridIndex: Map<number, number>, majorOf: Map<number, number>): void {
  cube.id[i] = row.id;
  cube.lng[i] = row.lng ?? NaN;
  cube.lat[i] = row.lat ?? NaN;
  cube.grid[i] = row.grid === null ? -1 : (gridIndex.get(row.grid) ?? -1);
  cube.community[i] = row.community ?? 0;
  cube.street[i] = row.street ?? 0;
  cube.category[i] = row.category ?? 0;
  cube.major[i] = row.category === null ? 0 : (majorOf.get(row.category) ?? row.category);
  cube.source[i] = Math.max(0, SOURCES.indexOf(row.source as (typeof SOURCES)[number]));
  cube.at[i] = row.at;
  const d = new Date(row.at + SHANGHAI_MS);
  cube.month[i] = d.getUTCFullYear() * 12 + d.getUTCMonth();
  cube.hour[i] = d.getUTCHours();
  cube.weekday[i] = (d.getUTCDay() + 6) % 7;
  cube.batch[i] = row.batch ?? 0;
  cube.lead[i] = row.lead ?? 0;
  if (row.address) {
    let a = cube.addressIds.get(row.address);
    if (a === undefined) { a = cube.addresses.length; cube.addressIds.set(row.address, a); cube.addresses.push(row.address); }
    cube.address[i] = a;
  } else cube.address[i] = -1;
}

/** Recomputes the first/last month and time over the rows. */
export function computeExtent(cube: CaseCube): void {
  let minMonth = Infinity;
  let maxMonth = -Infinity;
  let minAt = Infinity;
  let maxAt = -Infinity;
  const { month, at } = cube;
  for (let i = 0; i < cube.n; i++) {
    const m = month[i]!;
    if (m < minMonth) minMonth = m;
    if (m > maxMonth) maxMonth = m;
    const t = at[i]!;
    if (t < minAt) minAt = t;
    if (t > maxAt) maxAt = t;
  }
  cube.minMonth = Number.isFinite(minMonth) ? minMonth : 0;
  cube.maxMonth = Number.isFinite(maxMonth) ? maxMonth : -1;
  cube.minAt = minAt;
  cube.maxAt = maxAt;
}

/** Builds the cube from every live case in id order; `capacity` ≥ count leaves room for cases added later. */
export function buildCube(
  count: number,
  forEach: (visit: (row: CaseColumnRow) => void) => void,
  gridIndex: Map<number, number>,
  majorOf: Map<number, number>,
  capacity = count,
): CaseCube {
  const cube = emptyCube(Math.max(count, capacity));
  forEach((row) => {
    const i = cube.n;
    if (i >= count) return; // rows added between the count and the scan wait for the next build
    cube.n++;
    setRow(cube, i, row, gridIndex, majorOf);
  });
  computeExtent(cube);
  return cube;
}

/** Which region column a filter's region applies to. */
export type RegionScope = { column: 'grid' | 'community' | 'street'; value: number } | { column: 'all' } | { column: 'none' };

/** Indices of the cases matching the filter. A category id matches itself and, for a major class, its minors. */
export function select(cube: CaseCube, filter: AnalyticsFilter, scope: RegionScope): Int32Array {
  const out = new Int32Array(cube.n);
  if (scope.column === 'none') return out.subarray(0, 0);
  const cat = filter.categoryId ?? 0;
  const from = filter.from ?? -Infinity;
  const to = filter.to ?? Infinity;
  let sourceMask = 0;
  for (const s of filter.source ?? []) sourceMask |= 1 << SOURCES.indexOf(s);
  const regionColumn = scope.column === 'all' ? null : cube[scope.column];
  const regionValue = scope.column === 'all' ? 0 : scope.value;
  const { at, category, major, source } = cube;
  let k = 0;
  for (let i = 0; i < cube.n; i++) {
    const t = at[i]!;
    if (t < from || t >= to) continue;
    if (cat !== 0 && category[i] !== cat && major[i] !== cat) continue;
    if (sourceMask !== 0 && ((1 << source[i]!) & sourceMask) === 0) continue;
    if (regionColumn !== null && regionColumn[i] !== regionValue) continue;
    out[k++] = i;
  }
  return out.subarray(0, k);
}
