import path from 'node:path';
import type { ImportMapping, ImportReport } from '../../contract';
import type { SqlValue } from '../db/durable-database';
import type { GridIndex } from './grid-index';
import { PreparedRow, ProblemLog, caseValues } from './prepared-row';
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
  existing: () => Map<string, { id: number; values: SqlValue[] }>,
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
  const threshold = Math.max(SUSPICIOUS_MIN, located * SUSPICIOUS_SHARE);
  const suspiciousPoints = pointCounts.atLeast(threshold);
  // A handful at most: compared as numbers, not as a million "lng,lat" strings.
  const isSuspicious = (lng: number, lat: number) => suspiciousPoints.some((p) => p.x === lng && p.y === lat);

  const locatedCounts = { byCoordinates: 0, byRegionName: 0, outsideGrids: 0, none: 0 };
  const lngCol = mapping.columns.lng ?? null;
  for (let i = 0; i < rows.length; i++) {
    rows.read(i, row, false);
    if (row.sourceLng !== null && suspiciousPoints.length && isSuspicious(row.sourceLng, row.sourceLat!)) {
      log.add(row, { column: lngCol, value: `${row.sourceLng}, ${row.sourceLat}`, severity: 'warning', code: 'suspicious_point', message: '可疑的默认坐标（大量行在同一点），未按坐标定位' });
      if (mapping.dropDefaultPoints) row.lng = row.lat = null;
    }
    let hit = -1;
    if (row.lng !== null) {
      hit = grids.locate(row.lng, row.lat!);
      if (hit < 0) {
        locatedCounts.outsideGrids++;
        log.add(row, { column: lngCol, value: `${row.sourceLng}, ${row.sourceLat}`, severity: 'warning', code: 'outside_grids', message: '坐标不在任何网格内' });
      }
    }
    if (hit >= 0) {
      const grid = grids.grids[hit]!;
      row.gridId = grid.id;
      row.communityId = grid.communityId;
      row.streetId = grid.streetId;
      locatedCounts.byCoordinates++;
    } else if (row.namedGrid) {
      ({ gridId: row.gridId, communityId: row.communityId, streetId: row.streetId } = row.namedGrid);
      locatedCounts.byRegionName++;
    } else if (row.lng === null) locatedCounts.none++;
    row.namedGrid = null;
    rows.write(i, row);
    if (i % 20_000 === 0) {
      if (hooks.cancelled()) throw new CancelledError();
      hooks.progress('locating', i, 0.7 + (0.2 * i) / rows.length);
      await hooks.yieldNow();
    }
  }

  hooks.progress('matching', rows.length, 0.9);
  const known = existing();
  let toInsert = 0;
  let toUpdate = 0;
  let unchanged = 0;
  const statuses: Record<string, number> = {};
  let warnings = 0;
  for (let i = 0; i < rows.length; i++) {
    rows.read(i, row, false);
    statuses[row.status] = (statuses[row.status] ?? 0) + 1;
    if (row.warned) warnings++;
    const externalNo = known.size ? rows.externalNo(i) : null;
    const match = externalNo !== null ? known.get(externalNo) : undefined;
    if (!match) {
      toInsert++;
      continue;
    }
    rows.read(i, row);
    row.existingId = match.id;
    const values = caseValues(row);
    row.changed = values.some((value, k) => !same(value, match.values[k] ?? null));
    rows.write(i, row);
    if (row.changed) toUpdate++;
    else unchanged++;
  }
  const report: ImportReport = {
    fileName: displayName || path.basename(file),
    encoding: table.encoding,
    sheet: table.sheet,
    headerRow: table.headerRow,
    columns: Object.entries(mapping.columns).map(([field, header]) => ({ field: field as ImportReport['columns'][number]['field'], header: header! })),
    dateFormats: mapping.dateFormats,
    rowsTotal,
    ready: rows.length - warnings,
    warnings,
    refused: refusedRows.length,
    toInsert,
    toUpdate,
    unchanged,
    reasons: [...log.reasons.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1)),
    problems: log.details.slice(0, 500),
    problemsTotal: log.total,
    unmatchedRegions: [...preparer.unmatchedRegions.values()].sort((a, b) => b.count - a.count).slice(0, 200),
    unmatchedValues: [...preparer.unmatchedValues.values()].sort((a, b) => b.count - a.count).slice(0, 500),
    suspiciousPoints: suspiciousPoints.map((p) => ({ lng: p.x, lat: p.y, count: p.count })),
    located: locatedCounts,
    statuses,
  };
  return { rows, refusedRows, problems: log, report, headers: table.headers };
}

/** Database REALs and the file's numbers compare as numbers; everything else exactly. */
function same(a: SqlValue, b: SqlValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  return a === b;
}
