import path from 'node:path';
import type { ImportMapping, ImportReport } from '../../contract';
import type { SqlValue } from '../db/durable-database';
import type { GridIndex } from './grid-index';
import type { ImportScope } from './import-scope';
import type { ExistingCases, NearbyCase } from './import.repository';
import { CASE_COLUMNS, PreparedRow, ProblemLog } from './prepared-row';
import { matchRows, type Matched } from './row-identity';
import { RowPreparer, type Lookups } from './row-preparer';
import { PointCounter } from './point-counter';
import { RowStore } from './row-store';
import { readRows, type TableInfo } from './table-reader';

export interface AnalysisHooks {
  /** Called between batches; the job's progress. */
  progress(phase: 'reading' | 'locating' | 'matching', rowsDone: number, share: number): void;
  cancelled(): boolean;
  /** Lets other requests in between batches (the backend is single-threaded). */
  yieldNow(): Promise<void>;
}

export interface Analysis {
  rows: RowStore;
  refusedRows: { rowNo: number; cells: string[] }[];
  /** Rows with warnings set aside by the mapping (their cells are read again for the download). */
  setAside: number[];
  /** Rows refused because they lie, or would update a case that lies, outside the importing account's scope. */
  outOfScope: number[];
  problems: ProblemLog;
  report: ImportReport;
  headers: string[];
}

export class CancelledError extends Error {
  constructor() {
    super('导入已取消');
  }
}

/** A point shared by at least this share of the located rows (and this many) is a default location. */
const SUSPICIOUS_SHARE = 0.01;
const SUSPICIOUS_MIN = 50;

/**
 * Reads, validates, locates and matches a whole file without writing anything: the report the
 * user decides on, and the prepared rows a commit writes. Every row ends up in exactly one of
 * ready / warnings / refused.
 */
export async function analyse(
  file: string,
  displayName: string,
  table: TableInfo,
  mapping: ImportMapping,
  lookups: Lookups,
  grids: GridIndex,
  scope: ImportScope,
  existing: (withUnnumbered: boolean) => ExistingCases,
  nearby: (from: number, to: number) => NearbyCase[],
  hooks: AnalysisHooks,
): Promise<Analysis> {
  const log = new ProblemLog();
  const preparer = new RowPreparer(table.headers, mapping, lookups, log);
  const rows = new RowStore();
  const refusedRows: { rowNo: number; cells: string[] }[] = [];
  let rowsTotal = 0;
  // Default points: one exact location holding a large share of the file is a placeholder, not a
  // place. Counted as the rows are read, so that finding them costs no extra pass.
  const pointCounts = new PointCounter();
  let located = 0;
  for await (const batch of readRows(file, table, undefined, displayName)) {
    if (hooks.cancelled()) throw new CancelledError();
    batch.rows.forEach((cells, i) => {
      if (cells.every((cell) => cell.trim() === '')) return; // blank spreadsheet rows are not rows
      rowsTotal++;
      const row = preparer.prepare(cells, batch.firstRowNo + i);
      if (row.refused) refusedRows.push({ rowNo: row.rowNo, cells });
      else {
        rows.push(row);
        if (row.sourceLng !== null) {
          located++;
          pointCounts.add(row.sourceLng, row.sourceLat!);
        }
      }
    });
    hooks.progress('reading', rowsTotal, batch.progress * 0.7);
    await hooks.yieldNow();
  }

  const row = new PreparedRow(0);
  const texts = new PreparedRow(0);
  const threshold = Math.max(SUSPICIOUS_MIN, located * SUSPICIOUS_SHARE);
  const suspiciousPoints = pointCounts.atLeast(threshold);
  // A handful at most: compared as numbers, not as a million "lng,lat" strings.
  const isSuspicious = (lng: number, lat: number) => suspiciousPoints.some((p) => p.x === lng && p.y === lat);

  // How each row was placed (index into PLACED), tallied at the end over the rows actually written.
  const placed = new Uint8Array(rows.length);
  const lngCol = mapping.columns.lng ?? mapping.columns.point ?? null;
  const hasAddress = mapping.columns.address !== undefined;
  const hasPlaceColumn = (['lng', 'lat', 'point', 'address', 'street', 'community', 'grid'] as const).some((f) => mapping.columns[f] !== undefined);
  for (let i = 0; i < rows.length; i++) {
    rows.read(i, row, false);
    if (row.sourceLng !== null && suspiciousPoints.length && isSuspicious(row.sourceLng, row.sourceLat!)) {
      log.add(row, { column: lngCol, value: `${row.sourceLng}, ${row.sourceLat}`, severity: 'warning', code: 'suspicious_point', message: '可疑的默认坐标（大量行在同一点），未按坐标定位' });
      if (mapping.dropDefaultPoints) row.lng = row.lat = null;
    }
    let hit = -1;
    if (row.lng !== null) {
      hit = grids.locate(row.lng, row.lat!);
      if (hit < 0) log.add(row, { column: lngCol, value: `${row.sourceLng}, ${row.sourceLat}`, severity: 'warning', code: 'outside_grids', message: '坐标不在任何网格内' });
    }
    // Coordinates first; then the region names the row gives; then names found in its address.
    let region = row.namedGrid;
    let how: number = region ? PLACED.byRegionName : PLACED.none;
    if (hit < 0 && !region && hasAddress) {
      const address = rows.read(i, texts).address;
      region = address ? lookups.regions.matchText(address) : null;
      if (region) how = PLACED.byAddress;
    }
    if (hit >= 0) {
      const grid = grids.grids[hit]!;
      row.gridId = grid.id;
      row.communityId = grid.communityId;
      row.streetId = grid.streetId;
      how = PLACED.byCoordinates;
    } else if (region) ({ gridId: row.gridId, communityId: row.communityId, streetId: row.streetId } = region);
    else if (row.lng !== null) how = PLACED.outsideGrids;
    const home = hit < 0 && row.lng === null ? scope.homeFor(row) : null;
    if (home) {
      ({ gridId: row.gridId, communityId: row.communityId, streetId: row.streetId } = home);
      how = PLACED.byScope;
      log.add(row, { column: null, value: null, severity: 'warning', code: 'placed_in_scope', message: `未能定位到网格：按您的管辖范围登记在“${scope.label}”` });
    } else if (hit < 0 && !region && row.lng === null && hasPlaceColumn) {
      log.add(row, { column: null, value: null, severity: 'warning', code: 'placeless', message: '坐标、区域名称和地址都无法定位：案件将没有位置（不上地图、不进排名）' });
    }
    placed[i] = how;
    row.namedGrid = null;
    rows.write(i, row);
    if (i % 20_000 === 0) {
      if (hooks.cancelled()) throw new CancelledError();
      hooks.progress('locating', i, 0.7 + (0.2 * i) / rows.length);
      await hooks.yieldNow();
    }
  }

  hooks.progress('matching', rows.length, 0.9);
  let known: ExistingCases | null = null;
  const matched = matchRows(rows, log, (withUnnumbered) => (known = existing(withUnnumbered)), nearby);
  let { toInsert, toUpdate, unchanged } = matched;
  const outOfScope = scope.unlimited ? [] : refuseOutOfScope(rows, placed, scope, mapping, existingByIdOf(known), log);
  for (let i = 0; i < outOfScope.length; i++) {
    // refuseOutOfScope left the row as it was matched: its count moves to the refused.
    const was = outOfScope[i]!;
    if (was.existingId === null) toInsert--;
    else if (was.changed) toUpdate--;
    else unchanged--;
  }
  // Every warning is known now: rows with one are written or set aside, as the mapping says.
  const setAside: number[] = [];
  const statuses: Record<string, number> = {};
  const locatedCounts = { byCoordinates: 0, byRegionName: 0, byAddress: 0, byScope: 0, outsideGrids: 0, none: 0 };
  let warnings = 0;
  for (let i = 0; i < rows.length; i++) {
    rows.read(i, row, false);
    if (row.refused) continue; // outside the scope
    if (row.warned && mapping.warnedRows === 'set_aside') {
      row.refused = true;
      rows.write(i, row);
      setAside.push(row.rowNo);
      if (row.existingId === null) toInsert--;
      else if (row.changed) toUpdate--;
      else unchanged--;
      continue;
    }
    statuses[row.status] = (statuses[row.status] ?? 0) + 1;
    locatedCounts[PLACED_NAMES[placed[i]!]!]++;
    if (row.warned) warnings++;
  }
  const written = rows.length - setAside.length - outOfScope.length;
  const report: ImportReport = {
    fileName: displayName || path.basename(file),
    encoding: table.encoding,
    sheet: table.sheet,
    headerRow: table.headerRow,
    columns: Object.entries(mapping.columns).map(([field, header]) => ({ field: field as ImportReport['columns'][number]['field'], header: header! })),
    dateFormats: mapping.dateFormats,
    rowsTotal,
    ready: written - warnings,
    warnings,
    refused: refusedRows.length + setAside.length + outOfScope.length,
    toInsert,
    toUpdate,
    unchanged,
    reasons: [...log.reasons.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1)),
    // In file order: problems found in later phases (matching, scope) sit with their rows.
    problems: [...log.details].sort((a, b) => a.rowNo - b.rowNo).slice(0, 500),
    problemsTotal: log.total,
    unmatchedRegions: [...preparer.unmatchedRegions.values()].sort((a, b) => b.count - a.count).slice(0, 200),
    unmatchedValues: [...preparer.unmatchedValues.values()].sort((a, b) => b.count - a.count).slice(0, 500),
    suspiciousPoints: suspiciousPoints.map((p) => ({ lng: p.x, lat: p.y, count: p.count })),
    located: locatedCounts,
    statuses,
    identity: identityOf(mapping, matched),
    setAside: setAside.length,
  };
  return { rows, refusedRows, setAside, outOfScope: outOfScope.map((r) => r.rowNo), problems: log, report, headers: table.headers };
}

const CASE_GRID = CASE_COLUMNS.indexOf('grid_id');
const CASE_COMMUNITY = CASE_COLUMNS.indexOf('community_id');
const CASE_STREET = CASE_COLUMNS.indexOf('street_id');
const CASE_DEPARTMENT = CASE_COLUMNS.indexOf('lead_department_id');

/** The existing cases' values by id (as matching loaded them), for the scope test of the rows that update them. */
function existingByIdOf(known: ExistingCases | null): Map<number, SqlValue[]> {
  const byId = new Map<number, SqlValue[]>();
  if (!known) return byId;
  for (const entry of known.byNumber.values()) byId.set(entry.id, entry.values);
  for (const entry of known.unnumbered) byId.set(entry.id, entry.values);
  return byId;
}

/**
 * Refuses the rows that would update a case outside the scope (whatever the row says now) or
 * would put a case there (new, or moved out of the scope by an update); returns them as matched.
 */
function refuseOutOfScope(
  rows: RowStore, placed: Uint8Array, scope: ImportScope, mapping: ImportMapping, existingById: Map<number, SqlValue[]>, log: ProblemLog,
): { rowNo: number; existingId: number | null; changed: boolean }[] {
  const refused: { rowNo: number; existingId: number | null; changed: boolean }[] = [];
  const row = new PreparedRow(0);
  const texts = new PreparedRow(0);
  const id = (v: SqlValue | undefined) => (typeof v === 'number' ? v : null);
  for (let i = 0; i < rows.length; i++) {
    rows.read(i, row, false);
    const was = { rowNo: row.rowNo, existingId: row.existingId, changed: row.changed };
    const before = row.existingId === null ? undefined : existingById.get(row.existingId);
    if (before) {
      const place = { gridId: id(before[CASE_GRID]), communityId: id(before[CASE_COMMUNITY]), streetId: id(before[CASE_STREET]), departmentId: id(before[CASE_DEPARTMENT]) };
      if (!scope.allows(place)) {
        const externalNo = rows.read(i, texts).externalNo;
        log.add(row, {
          column: mapping.columns.externalNo ?? null, value: externalNo, severity: 'error', code: 'other_scope_case',
          message: `同编号的已有案件位于“${scope.placeName(place)}”，不在您的管辖范围（${scope.label}）内，不能更新`,
        });
      }
    }
    if (!row.refused && !scope.allows(row)) {
      const { column, value } = placedBy(placed[i]!, row, mapping, scope, () => rows.read(i, texts).address);
      log.add(row, { column, value, severity: 'error', code: 'outside_scope', message: `案件位于“${scope.placeName(row)}”，不在您的管辖范围（${scope.label}）内，不能导入` });
    }
    if (!row.refused) continue;
    rows.write(i, row);
    refused.push(was);
  }
  return refused;
}

/** The column (and what it held) that placed a row where it is. */
function placedBy(how: number, row: PreparedRow, mapping: ImportMapping, scope: ImportScope, address: () => string | null): { column: string | null; value: string | null } {
  const { columns } = mapping;
  switch (PLACED_NAMES[how]) {
    case 'byCoordinates':
    case 'outsideGrids':
      return { column: columns.lng ?? columns.point ?? null, value: `${row.sourceLng}, ${row.sourceLat}` };
    case 'byAddress':
      return { column: columns.address ?? null, value: address() };
    case 'byRegionName': {
      const level = row.gridId !== null && columns.grid ? 'grid' : row.communityId !== null && columns.community ? 'community' : 'street';
      return { column: columns[level] ?? null, value: scope.placeName(row) };
    }
    default:
      return { column: null, value: null };
  }
}

const PLACED_NAMES = ['byCoordinates', 'byRegionName', 'byAddress', 'byScope', 'outsideGrids', 'none'] as const;
const PLACED = Object.fromEntries(PLACED_NAMES.map((name, i) => [name, i])) as Record<(typeof PLACED_NAMES)[number], number>;

/** Which key recognises the rows on a re-import, and the columns it is made of. */
function identityOf(mapping: ImportMapping, matched: Matched): ImportReport['identity'] {
  const { byExternalNo, byContent, likelyDuplicates } = matched;
  const key = byContent === 0 ? 'external_no' : byExternalNo === 0 ? 'content' : 'mixed';
  const fields = key === 'external_no' ? (['externalNo'] as const) : (['externalNo', 'receivedAt', 'lng', 'lat', 'point', 'address', 'title', 'category', 'description'] as const);
  const columns = fields.filter((f) => key !== 'content' || f !== 'externalNo').map((f) => mapping.columns[f]).filter((h): h is string => !!h);
  return { key, columns: [...new Set(columns)], byExternalNo, byContent, likelyDuplicates };
}
