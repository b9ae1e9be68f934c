import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../../electron/services/demo/demo-builder';
import { ImportRepository } from '../../electron/services/import/import.repository';
import { ImportService } from '../../electron/services/import/import.service';
import { Workspace } from '../../electron/services/workspace/workspace';
import { tempDir } from '../support/temp';

interface Grid { id: number; code: string; name: string; community: string; households: number | null }
interface Person { id: number; name: string; phone: string; role: string; department: string | null; gridCode: string | null }

/**
 * Staff and grid lists from spreadsheets (issue 5, "same wizard"): fixtures written here from the
 * demo district's own grids and people — a staff list as .xlsx (exceljs) and a grid list as GBK CSV.
 */
describe('staff and grid lists from spreadsheets', () => {
  let demoDir: string;
  let grids: Grid[];
  let people: Person[];

  beforeAll(async () => {
    // Shared by both tests, so not a tempDir() (those go after each test).
    demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-roster-demo-'));
    await buildDemoWorkspace({ outDir: demoDir, caseCount: 1_400 });
    const ws = await Workspace.open(demoDir);
    grids = ws.db.all<Grid>(
      `SELECT g.id, g.code, g.name, c.name AS community, g.households FROM regions g JOIN regions c ON c.id = g.parent_id WHERE g.level = 'grid' ORDER BY g.code LIMIT 6`,
    );
    people = ws.db.all<Person>(
      `SELECT s.id, s.name, s.phone, s.role, d.name AS department, g.code AS "gridCode" FROM staff s
       LEFT JOIN departments d ON d.id = s.department_id LEFT JOIN regions g ON g.id = s.region_id
       WHERE s.role = 'grid_worker' AND s.phone IS NOT NULL ORDER BY s.id LIMIT 3`,
    );
    await ws.close();
  }, 120_000);

  afterAll(() => fs.rmSync(demoDir, { recursive: true, force: true }));

  async function openCopy(): Promise<{ ws: Workspace; service: ImportService }> {
    const dir = path.join(tempDir(), 'ws');
    fs.cpSync(demoDir, dir, { recursive: true });
    const ws = await Workspace.open(dir);
    return { ws, service: new ImportService(new ImportRepository(ws.db), ws.dir, () => 1_763_000_000_000) };
  }

  async function staffWorkbook(): Promise<string> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('人员名单');
    sheet.addRow(['东城区网格员名单（2026年11月）']);
    sheet.addRow(['姓名', '角色', '联系电话', '所属网格', '部门']);
    for (const p of people) sheet.addRow([p.name, '网格员', p.phone, p.gridCode, p.department ?? '']);
    sheet.addRow(['张秀英', '网格员', '13911112222', grids[0]!.code, '']);
    sheet.addRow(['李建国', '街巷长', '010-64001234', grids[1]!.name, '']);
    sheet.addRow(['王小明', '网格员', '13800000000', 'X-NOT-A-GRID', '']);
    sheet.addRow(['赵磊', '保安', '13700000000', grids[2]!.code, '']);
    sheet.addRow(['张秀英', '网格员', '13911112222', grids[0]!.code, '']);
    const file = path.join(tempDir(), '网格员名单.xlsx');
    await book.xlsx.writeFile(file);
    return file;
  }

  function gridCsv(): string {
    const lines = [['网格编码', '网格名称', '所属社区', '户数', '人口']];
    grids.slice(0, 4).forEach((g, i) => lines.push([g.code, i === 0 ? `${g.name}（调整）` : g.name, i === 3 ? '不存在社区' : g.community, `${320 + i}户`, String(900 + i)]));
    lines.push(['110101999999999', '未知网格', grids[0]!.community, '100', '300']);
    lines.push([grids[4]!.code, grids[4]!.name, grids[4]!.community, '约三百', '']);
    const file = path.join(tempDir(), '网格台账.csv');
    fs.writeFileSync(file, iconv.encode(lines.map((l) => l.join(',')).join('\r\n') + '\r\n', 'gbk'));
    return file;
  }

  it('imports a staff list: suggestions, row/column report, grid duty, idempotent re-import', async () => {
    expect(people.length).toBe(3);
    const { ws, service } = await openCopy();
    try {
      const file = { path: await staffWorkbook() };
      const inspected = service.roster.inspect(file, {}, 'staff');
      expect(inspected.table.headerRow).toBe(2);
      expect(inspected.columns).toMatchObject({ name: '姓名', role: '角色', phone: '联系电话', grid: '所属网格', department: '部门' });

      const report = await service.roster.validate(file, {}, 'staff', inspected.columns);
      expect(report).toMatchObject({ rowsTotal: 8, refused: 3, toInsert: 2, toUpdate: 0, unchanged: 3 });
      const refusedAt = report.problems.filter((p) => p.severity === 'error').map((p) => [p.rowNo, p.column, p.value, p.code]);
      expect(refusedAt).toEqual([
        [8, '所属网格', 'X-NOT-A-GRID', 'unknown_grid'],
        [9, '角色', '保安', 'unknown_role'],
        [10, '姓名', '张秀英', 'duplicate_person'],
      ]);

      const before = ws.db.get<{ n: number }>('SELECT count(*) AS n FROM staff')!.n;
      const { result } = await service.roster.commit(file, {}, 'staff', inspected.columns, 'test');
      expect(result).toMatchObject({ inserted: 2, updated: 0, unchanged: 3, refused: 3, rowsTotal: 8 });
      expect(ws.db.get<{ n: number }>('SELECT count(*) AS n FROM staff')!.n).toBe(before + 2);
      const zhang = ws.db.get<{ phone: string; role: string; regionId: number; duties: number }>(
        `SELECT phone, role, region_id AS "regionId", (SELECT count(*) FROM duty_assignments d WHERE d.staff_id = s.id AND d.until IS NULL) AS duties FROM staff s WHERE name = '张秀英'`,
      )!;
      expect(zhang).toEqual({ phone: '13911112222', role: 'grid_worker', regionId: grids[0]!.id, duties: 1 });
      expect(ws.db.get<{ role: string; regionId: number }>(`SELECT role, region_id AS "regionId" FROM staff WHERE name = '李建国'`)).toEqual({ role: 'street_chief', regionId: grids[1]!.id });

      // The same list again: matched by name + phone, nothing new, no second duty.
      const again = await service.roster.commit(file, {}, 'staff', inspected.columns, 'test');
      expect(again.result).toMatchObject({ inserted: 0, updated: 0, unchanged: 5, refused: 3 });
      expect(ws.db.get<{ n: number }>('SELECT count(*) AS n FROM staff')!.n).toBe(before + 2);
      expect(ws.db.get<{ n: number }>(`SELECT count(*) AS n FROM duty_assignments d JOIN staff s ON s.id = d.staff_id WHERE s.name = '张秀英'`)!.n).toBe(1);
      expect(service.batches()[0]).toMatchObject({ kind: 'staff', rowsUnchanged: 5, rowsRefused: 3 });
      expect(() => service.undo(service.batches()[0]!.id, 'test')).toThrow(/不能整批撤销/);
    } finally {
      await ws.close();
    }
  }, 120_000);

  it('updates grids from a GBK list by code and refuses unknown codes with row and column', async () => {
    const { ws, service } = await openCopy();
    try {
      const file = { path: gridCsv() };
      const inspected = service.roster.inspect(file, {}, 'grids');
      expect(inspected.table.detectedEncoding).toMatch(/gbk|gb18030/);
      expect(inspected.columns).toMatchObject({ code: '网格编码', name: '网格名称', community: '所属社区', households: '户数', population: '人口' });
      const report = await service.roster.validate(file, {}, 'grids', inspected.columns);
      expect(report).toMatchObject({ rowsTotal: 6, refused: 1, toInsert: 0, toUpdate: 4 });
      expect(report.problems.map((p) => [p.rowNo, p.column, p.code])).toEqual(expect.arrayContaining([
        [6, '网格编码', 'unknown_grid_code'],
        [5, '所属社区', 'community_mismatch'],
        [7, '户数', 'bad_number'],
      ]));

      const { result } = await service.roster.commit(file, {}, 'grids', inspected.columns, 'test');
      expect(result).toMatchObject({ inserted: 0, updated: 4, refused: 1 });
      const first = ws.db.get<{ name: string; households: number }>('SELECT name, households FROM regions WHERE id = ?', [grids[0]!.id])!;
      expect(first).toEqual({ name: `${grids[0]!.name}（调整）`, households: 320 });
      // The community column is checked, never moves a grid in the tree.
      expect(ws.db.get<{ n: number }>(`SELECT count(*) AS n FROM regions WHERE name = '不存在社区'`)!.n).toBe(0);
      expect(ws.db.get<{ n: number }>(`SELECT count(*) AS n FROM regions WHERE code = '110101999999999'`)!.n).toBe(0);
      const again = await service.roster.validate(file, {}, 'grids', inspected.columns);
      expect(again).toMatchObject({ toUpdate: 0, unchanged: 5, refused: 1 });
      expect(ws.db.all<{ p: number | null }>('SELECT population AS p FROM regions WHERE id IN (?, ?, ?, ?) ORDER BY code', grids.slice(0, 4).map((g) => g.id)).map((r) => r.p))
        .toEqual([900, 901, 902, 903]);
    } finally {
      await ws.close();
    }
  }, 120_000);
});
