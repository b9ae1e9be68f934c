import fs from 'node:fs';
import path from 'node:path';
import { xlsx } from '../../electron/services/shared/spreadsheet-libs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportMapping, type ImportMappingInput } from '../../electron/contract';
import { ImportRepository } from '../../electron/services/import/import.repository';
import { ImportService } from '../../electron/services/import/import.service';
import { Workspace } from '../../electron/services/workspace/workspace';
import { loadBostonGrids } from '../fixtures/boston';
import { tempDir } from '../support/temp';

/**
 * Files nobody prepared: no ticket number column, impossible coordinates, empty markers. Rows are
 * recognised by content on a re-import, placed by their other location columns, and the report
 * says which key it used and how many cases will have no place.
 */
const HEADER = '受理时间,诉求内容,问题分类,事发地址,经度,纬度';
const ROWS = [
  '2015-03-01 08:00:00,路灯不亮,路灯,1 City Hall Sq Boston,-71.0587,42.3594',
  // Latitude 999: not a place; the address names a neighbourhood (a grid of this workspace).
  '2015-03-01 09:00:00,井盖缺失,井盖,"12 Adams St, Dorchester, MA",-71.06,999',
  // NA is "no value", not a coordinate; the address names nothing: this case will be placeless.
  '2015-03-02 10:00:00,噪音扰民,噪音,somewhere,NA,NA',
  '2015-03-02 11:00:00,占道经营,,"Boylston St, West Roxbury",N/A,NULL',
  '2015-03-03 12:00:00,垃圾堆放,,,-71.0810,42.3500',
];

describe('import without an external number', () => {
  let workspace: Workspace;
  let service: ImportService;
  let grid: (name: string) => number;
  let clock = Date.UTC(2026, 0, 1);
  const count = (sql: string, params: (string | number)[] = []) => workspace.db.get<{ n: number }>(sql, params)!.n;

  beforeAll(async () => {
    workspace = await Workspace.open(tempDir(), { create: true });
    loadBostonGrids(workspace.db);
    grid = (name) => workspace.db.get<{ id: number }>(`SELECT id FROM regions WHERE level = 'grid' AND name = ?`, [name])!.id;
    service = new ImportService(new ImportRepository(workspace.db), workspace.dir, () => (clock += 1000));
  });
  afterAll(async () => {
    await workspace.close({ checkpoint: false });
  });

  function csv(lines: string[]): string {
    const file = path.join(tempDir(), 'no-number.csv');
    fs.writeFileSync(file, [HEADER, ...lines, ''].join('\r\n'));
    return file;
  }

  async function analyse(file: string, options: Partial<ImportMappingInput> = {}) {
    const inspected = service.inspect({ path: file }, {});
    expect(inspected.mapping.columns.externalNo).toBeUndefined();
    const { jobId } = service.start({ path: file }, {}, ImportMapping.parse({ ...inspected.mapping, timeZone: 'America/New_York', ...options }));
    const progress = await service.wait(jobId);
    expect(progress.state, progress.error ?? '').toBe('ready');
    return { jobId, report: progress.report! };
  }

  it('re-importing the same file gives 0 new and 5 unchanged, keyed by content (was: 5 new, 0 unchanged)', async () => {
    const file = csv(ROWS);
    const first = await analyse(file);
    expect(first.report).toMatchObject({ rowsTotal: 5, refused: 0, toInsert: 5 });
    expect(first.report.identity).toEqual({ key: 'content', columns: ['受理时间', '经度', '纬度', '事发地址', '问题分类', '诉求内容'], byExternalNo: 0, byContent: 5, likelyDuplicates: 0 });
    expect(service.commit(first.jobId, 'test')).toMatchObject({ inserted: 5 });

    const again = await analyse(file);
    expect(again.report).toMatchObject({ toInsert: 0, toUpdate: 0, unchanged: 5 });
    expect(service.commit(again.jobId, 'test')).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
    expect(count('SELECT count(*) AS n FROM cases')).toBe(5);
  });

  it('places a row with latitude 999 by its address, and says how many cases will be placeless', async () => {
    const placed = workspace.db.all<{ title: string; gridId: number | null; lat: number | null }>(`SELECT title, grid_id AS "gridId", lat FROM cases ORDER BY received_at`);
    expect(placed.map((c) => c.title)).toEqual(['路灯', '井盖', '噪音', '占道经营', '垃圾堆放']);
    expect(placed[1]).toMatchObject({ gridId: grid('Dorchester'), lat: null });
    // "West Roxbury" is not taken for the Roxbury inside it.
    expect(placed[3]!.gridId).toBe(grid('West Roxbury'));
    expect(placed[2]!.gridId).toBeNull();
    const { report } = await analyse(csv(ROWS));
    expect(report.located).toEqual({ byCoordinates: 2, byRegionName: 0, byAddress: 2, byScope: 0, outsideGrids: 0, none: 1 });
    expect(report.reasons.map((r) => [r.code, r.count])).toEqual(expect.arrayContaining([['bad_coordinates', 1], ['placeless', 1]]));
    // NA / N/A / NULL are empty cells, not bad coordinates.
    expect(report.problems.filter((p) => p.code === 'bad_coordinates').map((p) => p.rowNo)).toEqual([3]);
  });

  it('sets rows with warnings aside when asked: not written, counted as refused, in the download with their reasons', async () => {
    const file = csv(ROWS.map((r) => r.replace('2015-03', '2015-04')));
    // Categories left empty on purpose (else every row warns that 路灯 is not a category here).
    const valueMaps = { category: { 路灯: null, 井盖: null, 噪音: null }, status: {}, satisfaction: {}, department: {} };
    const { jobId, report } = await analyse(file, { warnedRows: 'set_aside', valueMaps });
    expect(report).toMatchObject({ rowsTotal: 5, setAside: 2, refused: 2, toInsert: 3, warnings: 0 });
    expect(report.located.none).toBe(0);
    expect(service.commit(jobId, 'test')).toMatchObject({ inserted: 3 });
    expect(count(`SELECT count(*) AS n FROM cases WHERE received_at >= ?`, [Date.UTC(2015, 3, 1)])).toBe(3);
    const download = await service.refusedWorkbook(jobId);
    const sheet = xlsx().read(Buffer.from(download.dataBase64, 'base64')).Sheets['未导入的行']!;
    const rows = xlsx().utils.sheet_to_json<string[]>(sheet, { header: 1 });
    expect(rows.slice(1).map((r) => r[1])).toEqual([3, 4]);
    expect(String(rows[1]![0])).toContain('坐标无效');
    expect(String(rows[2]![0])).toContain('无法定位');
  });

  it('flags the same row twice in a file, and a row like a case already there, for review; both still match on re-import', async () => {
    const file = csv([...ROWS.map((r) => r.replace('2015-03', '2015-05')), ROWS[0]!.replace('2015-03', '2015-05')]);
    const first = await analyse(file);
    expect(first.report.identity.likelyDuplicates).toBe(1);
    expect(first.report.problems.find((p) => p.code === 'likely_duplicate')).toMatchObject({ rowNo: 7, message: expect.stringContaining('第 2 行') });
    expect(service.commit(first.jobId, 'test')).toMatchObject({ inserted: 6 });
    const again = await analyse(file);
    expect(again.report).toMatchObject({ toInsert: 0, unchanged: 6 });

    // Two hours later, same text and place: a new row, but probably the same case.
    const later = await analyse(csv([ROWS[0]!.replace('2015-03-01 08', '2015-05-01 10')]));
    expect(later.report.toInsert).toBe(1);
    expect(later.report.identity.likelyDuplicates).toBe(1);
    expect(later.report.problems.find((p) => p.code === 'possible_duplicate')).toMatchObject({ message: expect.stringContaining('相差 2 小时') });
  });

  it('a file whose ticket number column is empty on some rows recognises those by content (mixed key)', async () => {
    const file = path.join(tempDir(), 'mixed.csv');
    fs.writeFileSync(file, '工单编号,受理时间,诉求内容\r\nA-1,2015-07-01 08:00:00,路灯不亮\r\nA-2,2015-07-01 09:00:00,井盖缺失\r\n,2015-07-01 10:00:00,噪音扰民\r\n');
    const run = async () => {
      const inspected = service.inspect({ path: file }, {});
      const { jobId } = service.start({ path: file }, {}, inspected.mapping);
      return { jobId, report: (await service.wait(jobId)).report! };
    };
    const first = await run();
    expect(first.report.identity).toMatchObject({ key: 'mixed', byExternalNo: 2, byContent: 1 });
    expect(service.commit(first.jobId, 'test')).toMatchObject({ inserted: 3 });
    expect((await run()).report).toMatchObject({ toInsert: 0, unchanged: 3 });
  });

  it('a file without title, category or description is not refused: each case gets a placeholder title', async () => {
    const file = path.join(tempDir(), 'bare.csv');
    fs.writeFileSync(file, '受理时间,事发地址\r\n2015-06-01 08:00:00,1 City Hall Sq\r\n2015-06-01 09:00:00,2 City Hall Sq\r\n');
    const inspected = service.inspect({ path: file }, {});
    const { jobId } = service.start({ path: file }, {}, inspected.mapping);
    const report = (await service.wait(jobId)).report!;
    expect(report).toMatchObject({ rowsTotal: 2, refused: 0, warnings: 2 });
    expect(report.reasons.find((r) => r.code === 'missing_title')?.severity).toBe('warning');
  });
});
