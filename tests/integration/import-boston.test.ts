import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportMapping } from '../../electron/contract';
import { DeferredIndexesRepository } from '../../electron/services/db/deferred-indexes.repository';
import { ImportRepository } from '../../electron/services/import/import.repository';
import { ImportService } from '../../electron/services/import/import.service';
import { Workspace } from '../../electron/services/workspace/workspace';
import { BOSTON_ROWS, BOSTON_SETTINGS, CITY_HALL, bostonCsv, loadBostonGrids } from '../fixtures/boston';
import { tempDir } from '../support/temp';
import os from 'node:os';

/** The real Boston year, end to end: every row accounted for, the report's numbers equal the database's. */
describe('import of the real Boston 311 file', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-boston-'));
  let csv: string;
  let workspace: Workspace;
  let service: ImportService;
  let clock = Date.UTC(2026, 0, 1);
  const count = (sql: string, params: (string | number)[] = []) => workspace.db.get<{ n: number }>(sql, params)!.n;
  const caseIndexes = () =>
    workspace.db.all<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' AND sql IS NOT NULL ORDER BY name`).map((r) => r.sql);
  let indexesBefore: string[] = [];

  beforeAll(async () => {
    csv = bostonCsv(scratch);
    workspace = await Workspace.open(path.join(scratch, 'ws'), { create: true });
    loadBostonGrids(workspace.db);
    indexesBefore = caseIndexes();
    service = new ImportService(new ImportRepository(workspace.db), workspace.dir, () => (clock += 1000));
  });
  afterAll(async () => {
    await workspace.close({ checkpoint: false });
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  async function analyse(file: string) {
    const inspected = service.inspect({ path: file }, {});
    const mapping = ImportMapping.parse({ ...inspected.mapping, ...BOSTON_SETTINGS });
    const { jobId } = service.start({ path: file }, {}, mapping);
    const progress = await service.wait(jobId);
    expect(progress.state, progress.error ?? '').toBe('ready');
    return { jobId, report: progress.report!, inspected };
  }

  let firstBatch = 0;
  let inserted = 0;

  it('suggests the columns from the English headers and detects the US date format', () => {
    const { table, mapping, detectedDateFormats } = service.inspect({ path: csv }, {});
    expect(table.encoding).toBe('utf-8');
    expect(table.headerRow).toBe(1);
    expect(mapping.columns).toMatchObject({
      externalNo: 'CASE_ENQUIRY_ID', receivedAt: 'OPEN_DT', closedAt: 'CLOSED_DT', handlingDueAt: 'TARGET_DT', status: 'CASE_STATUS',
      title: 'CASE_TITLE', category: 'TYPE', department: 'Department', address: 'Location', lat: 'LATITUDE', lng: 'LONGITUDE',
    });
    expect(detectedDateFormats).toEqual({ receivedAt: 'mdy', closedAt: 'mdy', handlingDueAt: 'mdy' });
  });

  it('accounts for every row, flags City Hall, and the database holds what the report says', async () => {
    const { jobId, report } = await analyse(csv);
    expect(report.rowsTotal).toBe(BOSTON_ROWS);
    expect(report.ready + report.warnings + report.refused).toBe(BOSTON_ROWS);
    expect(report.toInsert + report.toUpdate + report.unchanged).toBe(report.ready + report.warnings);
    const hall = report.suspiciousPoints.find((p) => p.lat === CITY_HALL.lat && p.lng === CITY_HALL.lng);
    expect(hall?.count).toBeGreaterThan(16_000);
    expect(report.suspiciousPoints).toHaveLength(1);
    expect(report.reasons.find((r) => r.code === 'suspicious_point')?.count).toBe(hall!.count);
    const located = report.located;
    expect(located.byCoordinates + located.byRegionName + located.byAddress + located.outsideGrids + located.none).toBe(report.ready + report.warnings);
    expect(report.identity).toMatchObject({ key: 'external_no', columns: ['CASE_ENQUIRY_ID'], byContent: 0 });
    // Boston's open cases have no closing time; every row with one is closed.
    expect(report.statuses.closed).toBeGreaterThan(100_000);
    expect(report.statuses.in_progress).toBeGreaterThan(19_000);

    const result = service.commit(jobId, 'test');
    firstBatch = result.batchId;
    inserted = result.inserted;
    expect(result.inserted).toBe(report.toInsert);
    // A bulk insert into an empty table: the indexes are deferred, to be rebuilt after the commit.
    expect(indexesBefore.length).toBeGreaterThan(10);
    expect(result.indexesDeferred).toBe(indexesBefore.length);
    expect(caseIndexes()).toEqual([]);
    expect(count('SELECT count(*) AS n FROM cases WHERE import_batch_id = ?', [firstBatch])).toBe(result.inserted);
    expect(count(`SELECT count(*) AS n FROM cases WHERE status = 'closed'`)).toBe(report.statuses.closed);
    expect(count('SELECT count(*) AS n FROM cases WHERE grid_id IS NOT NULL')).toBe(located.byCoordinates + located.byRegionName + located.byAddress);
    expect(count('SELECT count(*) AS n FROM cases WHERE grid_id IS NULL AND lat IS NULL')).toBe(located.none);
    // Dropped default points keep their source coordinates, not a location.
    expect(count('SELECT count(*) AS n FROM cases WHERE source_lat = ? AND source_lng = ? AND lat IS NULL', [CITY_HALL.lat, CITY_HALL.lng])).toBe(hall!.count);
    expect(count('SELECT count(*) AS n FROM import_row_errors WHERE batch_id = ?', [firstBatch])).toBeGreaterThan(0);
    // No fake timeline: the batch is the record of creation.
    expect(count('SELECT count(*) AS n FROM case_events')).toBe(0);
    const batch = service.batches()[0]!;
    expect(batch).toMatchObject({ id: firstBatch, rowsTotal: BOSTON_ROWS, rowsInserted: result.inserted, rowsRefused: report.refused, status: 'committed' });
    // Times were read in Boston's zone: the first row opened 01/05/2015 12:40:41 PM EST = 17:40:41 UTC.
    const first = workspace.db.get<{ received_at: number }>(`SELECT received_at FROM cases WHERE external_no = '101001242404'`)!;
    expect(new Date(first.received_at).toISOString()).toBe('2015-01-05T17:40:41.000Z');
  });

  it('re-importing the same file changes nothing and says so', async () => {
    const { jobId, report } = await analyse(csv);
    expect(report.toInsert).toBe(0);
    expect(report.unchanged).toBe(inserted);
    const result = service.commit(jobId, 'test');
    expect(result).toMatchObject({ inserted: 0, updated: 0, unchanged: inserted });
    expect(count('SELECT count(*) AS n FROM cases')).toBe(inserted);
  });

  let overlapBatch = 0;
  it('an overlapping later export updates the changed rows and inserts the new ones', async () => {
    // 300 open cases, now closed, plus 2 rows Boston never had: the kind of file next month brings.
    const lines = fs.readFileSync(csv, 'utf8').split('\r\n');
    const header = lines[0]!;
    // Lines whose only quoted field is the last one (Geocoded_Location), so a text edit is safe.
    const open = lines.filter((l) => /,Open,/.test(l) && !l.split(',"(')[0]!.includes('"')).slice(0, 300);
    const closedNow = open.map((l) => l.replace(/,(\d\d\/\d\d\/2015 \d\d:\d\d:\d\d [AP]M),([^,]*),,([^,]*),Open,/, ',$1,$2,12/31/2015 09:00:00 AM,$3,Closed,'));
    const fresh = [open[0]!.replace(/,1010\d+,/, ',999000000001,'), open[1]!.replace(/,1010\d+,/, ',999000000002,')];
    const file = path.join(tempDir(), 'boston-update.csv');
    fs.writeFileSync(file, [header, ...closedNow, ...fresh, ''].join('\r\n'));
    const { jobId, report } = await analyse(file);
    expect(report).toMatchObject({ rowsTotal: 302, toInsert: 2, toUpdate: 300, unchanged: 0, refused: 0 });
    const result = service.commit(jobId, 'test');
    overlapBatch = result.batchId;
    expect(result).toMatchObject({ inserted: 2, updated: 300, unchanged: 0 });
    expect(count(`SELECT count(*) AS n FROM case_events WHERE action = 'import_updated'`)).toBe(300);
    expect(count('SELECT count(*) AS n FROM cases')).toBe(inserted + 2);
  });

  it('undoes a batch as a whole: new cases removed, updated ones restored with an event', () => {
    expect(overlapBatch).toBeGreaterThan(0);
    const closedBefore = count(`SELECT count(*) AS n FROM cases WHERE status = 'closed'`);
    expect(() => service.undo(firstBatch, 'test')).toThrow(/后续办理记录/);
    expect(service.undo(overlapBatch, 'test')).toEqual({ removed: 2, restored: 300 });
    expect(count(`SELECT count(*) AS n FROM cases WHERE status = 'closed'`)).toBe(closedBefore - 300);
    expect(count(`SELECT count(*) AS n FROM case_events WHERE action = 'import_undone'`)).toBe(300);
    expect(count('SELECT count(*) AS n FROM cases')).toBe(inserted);
    expect(() => service.undo(overlapBatch, 'test')).toThrow(/已撤销/);
    expect(service.batches().find((b) => b.id === overlapBatch)?.status).toBe('undone');
  });

  it('undoes a large batch whole, and the undo survives reopening (journal replay)', async () => {
    // The restored cases carry events now, so the first batch stays blocked…
    expect(count('SELECT count(*) AS n FROM case_events')).toBe(600);
    expect(() => service.undo(firstBatch, 'test')).toThrow(/后续办理记录/);
    // …while the same file under another source is a batch of 121k new cases with nothing on them.
    const inspected = service.inspect({ path: csv }, {});
    const { jobId } = service.start({ path: csv }, {}, ImportMapping.parse({ ...inspected.mapping, ...BOSTON_SETTINGS, source: 'hotline' }));
    await service.wait(jobId);
    const big = service.commit(jobId, 'test');
    expect(big.inserted).toBe(inserted);
    // The earlier undo rebuilt the first batch's indexes; this bulk insert defers them again…
    expect(big.indexesDeferred).toBe(indexesBefore.length);
    expect(service.undo(big.batchId, 'test')).toEqual({ removed: inserted, restored: 0 });
    // …and this undo rebuilt them first (each delete looks for merged children through one).
    expect(caseIndexes()).toEqual(indexesBefore);
    const dir = workspace.dir;
    await workspace.close({ checkpoint: false });
    workspace = await Workspace.open(dir);
    service = new ImportService(new ImportRepository(workspace.db), workspace.dir, () => (clock += 1000));
    expect(count(`SELECT count(*) AS n FROM cases WHERE source = 'hotline'`)).toBe(0);
    expect(count('SELECT count(*) AS n FROM cases')).toBe(inserted);
    expect(count(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'import_undo_merged'`)).toBe(0);
    expect(new DeferredIndexesRepository(workspace.db).pending()).toBe(0);
    expect(caseIndexes()).toEqual(indexesBefore);
    expect(workspace.db.get<{ integrity_check: string }>('PRAGMA integrity_check')?.integrity_check).toBe('ok');
  }, 300_000); // two 121k-row commits, an undo and a full journal replay: minutes on a loaded 2-core machine

  it('a cancelled job writes nothing', async () => {
    const before = count('SELECT count(*) AS n FROM import_batches');
    const { jobId } = service.start({ path: csv }, {}, ImportMapping.parse({ ...service.inspect({ path: csv }, {}).mapping, ...BOSTON_SETTINGS }));
    service.cancel(jobId);
    const progress = await service.wait(jobId);
    expect(progress.state).toBe('cancelled');
    expect(() => service.commit(jobId, 'test')).toThrow(/不能提交/);
    expect(count('SELECT count(*) AS n FROM import_batches')).toBe(before);
  });
});
