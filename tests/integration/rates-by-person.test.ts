import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, beijingTime as bj } from '../../electron/services/calendar/work-calendar';
import { CaseRepository } from '../../electron/services/cases/case.repository';
import type { CaseService } from '../../electron/services/cases/case.service';
import { DEFAULT_RATE_SETTINGS } from '../../electron/services/rates/rate-formulas';
import { RatesRepository } from '../../electron/services/rates/rates.repository';
import { RatesService } from '../../electron/services/rates/rates.service';
import type { WorkflowService } from '../../electron/services/workflow/workflow.service';
import type { Workspace } from '../../electron/services/workspace/workspace';
import { openDemoWorkflow } from '../fixtures/demo-workflow';
import { tempDir } from '../support/temp';

/**
 * Rankings by person (派遣员, 承办人) and dispatch accuracy, on a copy of the demo district with cases
 * walked through the real workflow in a month the demo does not cover, so every figure is hand-counted:
 * case 1 is dispatched by A, returned, re-dispatched by B, handled by H and closed satisfied;
 * case 2 is dispatched by A and responded to by H, nothing more.
 */
describe('rates by dispatcher and handler', () => {
  const MONTH = '2027-03';
  let workspace: Workspace;
  let cases: CaseService;
  let workflow: WorkflowService;
  let rates: RatesService;
  let now = bj(2027, 3, 10, 9); // Wednesday
  let a: number, b: number, h: number;
  let case1: number, case2: number;

  beforeAll(async () => {
    const dir = path.join(tempDir('griddesk-rates-person-'), 'ws');
    ({ workspace, cases, workflow } = await openDemoWorkflow(dir, () => now));
    rates = new RatesService(new RatesRepository(workspace.db), new CaseRepository(workspace.db), () => ({ id: 1 }), () => now);
    const db = workspace.db;
    [a, b] = db.all<{ id: number }>(`SELECT id FROM staff WHERE role = 'dispatcher' ORDER BY code LIMIT 2`).map((r) => r.id) as [number, number];
    const category = db.get<{ id: number; dep: number }>(
      `SELECT id, default_department_id AS dep FROM categories WHERE level = 2 AND default_department_id IS NOT NULL AND response_limit_hours >= 2 ORDER BY code LIMIT 1`)!;
    const wrong = category.dep === 1 ? 2 : 1;
    const staffOf = (role: string, dep?: number) => db.get<{ id: number }>(
      `SELECT id FROM staff WHERE role = ? AND (? IS NULL OR department_id = ?) ORDER BY code LIMIT 1`, [role, dep ?? null, dep ?? null])!.id;
    h = staffOf('department_staff', category.dep);
    const grid = db.get<{ lng: number; lat: number }>(`SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1`)!;
    const at = { lng: grid.lng, lat: grid.lat, crs: 'wgs84' as const };
    expect(db.get<{ n: number }>(`SELECT count(*) AS n FROM cases WHERE received_at >= ?`, [bj(2027, 3, 1)])!.n).toBe(0);

    case1 = cases.create({ source: 'hotline', categoryId: category.id, title: '测试：派错后改派', location: at }).id;
    workflow.transition(case1, 'register', {});
    workflow.transition(case1, 'dispatch', { departmentId: wrong }, a);
    now += HOUR / 4;
    workflow.transition(case1, 'return', { note: '不属于本单位职责' }, staffOf('department_staff', wrong));
    now += HOUR / 4;
    workflow.transition(case1, 'dispatch', { departmentId: category.dep }, b);
    now += HOUR / 4;
    workflow.transition(case1, 'respond', {}, h);
    workflow.transition(case1, 'handle', { note: '已处理' }, h);
    workflow.transition(case1, 'verify', {}, staffOf('grid_worker'));
    workflow.transition(case1, 'close', {});
    workflow.transition(case1, 'callback', { solved: true, satisfaction: 'satisfied' });

    case2 = cases.create({ source: 'hotline', categoryId: category.id, title: '测试：一次派对', location: at }).id;
    workflow.transition(case2, 'register', {});
    workflow.transition(case2, 'dispatch', { departmentId: category.dep }, a);
    now += HOUR / 4;
    workflow.transition(case2, 'respond', {}, h);
  });
  afterAll(async () => {
    await workspace.close({ checkpoint: false });
  });

  it('counts each return against the dispatcher whose dispatch was returned', () => {
    const ranking = rates.ranking(MONTH, 'dispatcher');
    const rowA = ranking.rows.find((r) => r.unitId === a)!;
    const rowB = ranking.rows.find((r) => r.unitId === b)!;
    expect(ranking.rows).toHaveLength(2);
    // A: two dispatches (case 1's first, case 2's), one returned; A is case 2's last dispatcher.
    expect(rowA.counts).toMatchObject({ cases: 1, dispatches: 2, dispatchesReturned: 1, responseJudged: 1, responded: 1, rated: 0 });
    expect(rowA.dispatchAccuracy).toBe(0.5);
    // B: case 1's last dispatch, not returned; case 1 responded in time, solved and satisfied.
    expect(rowB.counts).toMatchObject({ cases: 1, dispatches: 1, dispatchesReturned: 0, responseJudged: 1, responded: 1, rated: 1, solved: 1, satisfied: 1 });
    expect(rowB.dispatchAccuracy).toBe(1);
    expect([rowB.response, rowB.resolution, rowB.satisfaction, rowB.composite]).toEqual([1, 1, 1, 100]);
    // Not in the composite by default: A's composite is the response rate alone.
    expect(rowA.composite).toBe(100);
    expect(ranking.totals).toMatchObject({ cases: 2, dispatches: 3, dispatchesReturned: 1 });
  });

  it('before the re-dispatch, A made case 1 returned and is its last dispatcher (0 of 1 accurate)', () => {
    const saved = now;
    try {
      const first = workspace.db.get<{ at: number }>(`SELECT at FROM case_events WHERE case_id = ? AND action = 'returned'`, [case1])!.at;
      // As of the return: B has not re-dispatched yet and case 2 does not exist.
      now = first;
      const rowA = rates.ranking(MONTH, 'dispatcher').rows.find((r) => r.unitId === a)!;
      expect(rowA.counts).toMatchObject({ dispatches: 1, dispatchesReturned: 1 });
      expect(rowA.dispatchAccuracy).toBe(0);
      expect(rates.ranking(MONTH, 'dispatcher').rows.find((r) => r.unitId === b)).toBeUndefined();
    } finally {
      now = saved;
    }
  });

  it('ranks handlers by the cases they are assignee of, and drills down to them', () => {
    const ranking = rates.ranking(MONTH, 'handler');
    expect(ranking.rows).toHaveLength(1);
    expect(ranking.rows[0]).toMatchObject({ unitId: h, counts: { cases: 2, responseJudged: 2, responded: 2, rated: 1, solved: 1 } });
    expect(ranking.rows[0]!.dispatchAccuracy).toBeNull();
    expect(rates.drill(MONTH, 'handler', h, 'response', 'hit').rows.map((r) => r.id).sort()).toEqual([case1, case2].sort());
    expect(rates.drill(MONTH, 'dispatcher', b, 'resolution', 'all').rows.map((r) => r.id)).toEqual([case1]);
    expect(rates.drill(MONTH, 'dispatcher', a, 'response', 'all').rows.map((r) => r.id)).toEqual([case2]);
    expect(rates.drill(MONTH, 'dispatcher', a, 'resolution', 'all').total).toBe(0);
  });

  it('weighs dispatch accuracy into the composite only when the settings give it a weight', () => {
    rates.saveSettings({ ...DEFAULT_RATE_SETTINGS, weights: { response: 30, resolution: 35, satisfaction: 35, dispatchAccuracy: 30 } });
    try {
      const rowA = rates.ranking(MONTH, 'dispatcher').rows.find((r) => r.unitId === a)!;
      // (30 × 1 + 30 × 0.5) ÷ 60 = 75.
      expect(rowA.composite).toBe(75);
      // Other levels have no accuracy: their composite is unchanged.
      expect(rates.ranking(MONTH, 'handler').rows[0]!.composite).toBe(100);
    } finally {
      rates.saveSettings(DEFAULT_RATE_SETTINGS);
    }
  });

  it('exports the dispatcher ranking with Chinese level name and the accuracy column', async () => {
    const file = await rates.exportXlsx(MONTH, 'dispatcher', false, '东城区');
    expect(file.fileName).toBe(`三率排名_${MONTH}_派遣员.xlsx`);
    expect((await rates.exportXlsx(MONTH, 'handler', false, '东城区')).fileName).toBe(`三率排名_${MONTH}_承办人.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.dataBase64, 'base64') as never); // exceljs wants the older Buffer type
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe(`${MONTH} 派遣员排名`);
    const headers = (sheet.getRow(4).values as unknown[]).slice(1);
    expect(headers).toContain('派遣准确率');
    const col = headers.indexOf('派遣准确率') + 1;
    const byName = new Map<string, number>();
    sheet.eachRow((row, n) => { if (n > 4) byName.set(String(row.getCell(2).value), Number(row.getCell(col).value)); });
    const name = (id: number) => workspace.db.get<{ name: string }>('SELECT name FROM staff WHERE id = ?', [id])!.name;
    expect(byName.get(name(a))).toBe(0.5);
    expect(byName.get(name(b))).toBe(1);
    expect(String(sheet.getCell('A2').value)).toMatch(/每次退单计入被退回那次派遣的派遣员/);
  });
});
