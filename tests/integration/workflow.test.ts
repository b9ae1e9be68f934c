import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, beijingTime as bj } from '../../electron/services/calendar/work-calendar';
import { CaseService } from '../../electron/services/cases/case.service';
import { WorkflowService } from '../../electron/services/workflow/workflow.service';
import { Workspace } from '../../electron/services/workspace/workspace';
import { openDemoWorkflow } from '../fixtures/demo-workflow';
import { tempDir } from '../support/temp';

/** A case walked through the whole workflow on a copy of the demo district, with a controlled clock. */
describe('workflow on the demo workspace', () => {
  let workspace: Workspace;
  let now = bj(2026, 3, 13, 9); // Friday
  const clock = () => now;
  let cases: CaseService;
  let workflow: WorkflowService;
  let staffOf: (role: string, departmentId?: number) => number;

  beforeAll(async () => {
    const dir = path.join(tempDir('griddesk-wf-'), 'ws');
    ({ workspace, cases, workflow } = await openDemoWorkflow(dir, clock));
    const db = workspace.db;
    staffOf = (role, departmentId) => db.get<{ id: number }>(
      `SELECT id FROM staff WHERE role = ? AND (? IS NULL OR department_id = ?) ORDER BY code LIMIT 1`, [role, departmentId ?? null, departmentId ?? null])!.id;
  });
  afterAll(async () => {
    await workspace.close({ checkpoint: false });
  });

  it('walks intake → callback with a return, a whistle with one late department, an extension and a reopen', () => {
    const db = workspace.db;
    // 0201-ish: pick a category with a default department and a 3-day limit.
    const category = db.get<{ id: number; dep: number; days: number; hours: number }>(
      `SELECT id, default_department_id AS dep, handling_limit_days AS days, response_limit_hours AS hours FROM categories
       WHERE level = 2 AND default_department_id IS NOT NULL AND time_basis = 'working' AND handling_limit_days = 3 ORDER BY code LIMIT 1`)!;
    const grid = db.get<{ lng: number; lat: number }>(`SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1`)!;

    const suggestion = workflow.suggest(grid.lng, grid.lat, 'wgs84', category.id);
    expect(suggestion.gridId).not.toBeNull();
    expect(suggestion.department?.id).toBe(category.dep);
    expect(suggestion.gridWorker).not.toBeNull();

    const created = cases.create({ source: 'hotline', externalNo: '260313000123', categoryId: category.id, title: '测试：道路积水', location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' }, reporterName: '张三', reporterPhone: '13812345678' });
    expect(created.gridId).toBe(suggestion.gridId);
    let detail = cases.get(created.id);
    // Friday 09:00 + 3 working days → Wednesday 09:00 (the weekend does not count).
    expect(detail.handlingDueAt).toBe(bj(2026, 3, 18, 9));
    expect(detail.responseDueAt).toBe(now + category.hours * HOUR);
    expect(detail.reporterPhone).toBe('138****5678');
    expect(detail.events[0]).toMatchObject({ action: 'received', toStatus: 'received', actorName: workflow.operator().name });

    // The operator cannot respond for a department; refusals name the state and the next steps.
    expect(() => workflow.transition(created.id, 'close', {})).toThrow(/当前状态为「受理」.*可执行：立案/);
    workflow.transition(created.id, 'register', {});
    const wrongDepartment = category.dep === 1 ? 2 : 1;
    now += HOUR;
    workflow.transition(created.id, 'dispatch', { departmentId: wrongDepartment });
    expect(() => workflow.transition(created.id, 'respond', {})).toThrow(/须由/);
    expect(() => workflow.transition(created.id, 'return', {}, staffOf('department_staff', wrongDepartment))).toThrow(/缺少：说明/);
    now += HOUR;
    workflow.transition(created.id, 'return', { note: '不属于本单位职责' }, staffOf('department_staff', wrongDepartment));
    now += HOUR;
    workflow.transition(created.id, 'dispatch', { departmentId: category.dep });
    const handler = staffOf('department_staff', category.dep);
    now += HOUR;
    workflow.transition(created.id, 'respond', {}, handler);

    // Whistle: two departments, 24 hours to report from Friday 13:00 → Saturday 13:00 (natural hours).
    const leader = staffOf('leader');
    const other = category.dep === 3 ? 4 : 3;
    workflow.transition(created.id, 'whistle', { note: '需多部门联合处置', departmentIds: [category.dep, other], reportHours: 24 }, leader);
    const [whistle] = workflow.whistles(true, created.id);
    expect(whistle!.reportDueAt).toBe(bj(2026, 3, 14, 13));
    now += 2 * HOUR;
    workflow.transition(created.id, 'report', { departmentId: category.dep, note: '到场查看' }, handler);
    now = bj(2026, 3, 16, 18); // Monday evening: the second department is late.
    expect(workflow.whistles(true).find((w) => w.caseId === created.id)!.lateCount).toBe(1);
    workflow.transition(created.id, 'report', { departmentId: other, note: '参加会商' }, staffOf('department_staff', other));
    const reported = workflow.whistles(true, created.id)[0]!;
    expect(reported.reports.map((r) => r.late)).toEqual([false, true]);

    workflow.transition(created.id, 'extend', { note: '需协调产权单位', days: 1 }, leader);
    expect(cases.get(created.id).handlingDueAt).toBe(bj(2026, 3, 19, 9));
    now += HOUR;
    workflow.transition(created.id, 'handle', { note: '已疏通排水口' }, handler);
    const worker = suggestion.gridWorker!.id;
    workflow.transition(created.id, 'reject', { note: '现场仍有积水' }, worker);
    workflow.transition(created.id, 'handle', { note: '再次处理，已无积水' }, handler);
    workflow.transition(created.id, 'verify', { note: '现场核查已解决' }, worker);
    workflow.transition(created.id, 'close', {});
    expect(workflow.whistles(true, created.id)).toEqual([]);
    now += 4 * HOUR;
    workflow.transition(created.id, 'callback', { solved: false, satisfaction: 'unsatisfied' });
    expect(workflow.allowed(created.id).map((a) => a.action)).toEqual(['reopen']);
    workflow.transition(created.id, 'reopen', { note: '回访不满意' });
    detail = cases.get(created.id);
    expect(detail).toMatchObject({ status: 'dispatched', satisfaction: null, reopenCount: 1, returnCount: 1, extensionCount: 1 });
    workflow.transition(created.id, 'respond', {}, handler);
    workflow.transition(created.id, 'handle', { note: '彻底修复' }, handler);
    workflow.transition(created.id, 'verify', {}, worker);
    workflow.transition(created.id, 'close', {});
    workflow.transition(created.id, 'callback', { solved: true, satisfaction: 'satisfied' });

    detail = cases.get(created.id);
    expect(detail.status).toBe('closed');
    expect(detail.events.map((e) => e.action)).toEqual([
      'received', 'registered', 'dispatched', 'returned', 'dispatched', 'responded', 'whistled', 'whistle_reported',
      'whistle_reported', 'extended', 'handled', 'verify_failed', 'handled', 'verified', 'closed', 'callback', 'reopened',
      'responded', 'handled', 'verified', 'closed', 'callback',
    ]);
    // The timeline is append-only.
    expect(() => db.transaction((tx) => tx.run('UPDATE case_events SET note = ? WHERE case_id = ?', ['x', created.id]))).toThrow(/append-only/);
  });

  it('batch-dispatches and reports per case; lists overdue and near-due cases', () => {
    const registered = workspace.db.all<{ id: number }>(`SELECT id FROM cases WHERE status = 'registered' LIMIT 5`).map((r) => r.id);
    const closed = workspace.db.get<{ id: number }>(`SELECT id FROM cases WHERE status = 'closed' LIMIT 1`)!.id;
    const result = workflow.batch([...registered, closed], 'dispatch', { departmentId: 1 });
    expect(result.done).toEqual(registered);
    expect(result.failed).toEqual([{ caseId: closed, message: expect.stringContaining('当前状态为「结案」') }]);
    now = bj(2026, 11, 1);
    const overdue = workflow.overdue(0, 50, false);
    expect(overdue.total).toBeGreaterThan(0);
    for (const row of overdue.rows) expect(row).toMatchObject({ overdue: true, dueState: 'overdue', closedAt: null });
    // Most overdue first.
    const dues = overdue.rows.map((r) => r.handlingDueAt!);
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
  });

  it('suggests open cases of the same category nearby as duplicates and merges them', () => {
    const db = workspace.db;
    const open = db.get<{ id: number; lng: number; lat: number; categoryId: number; receivedAt: number }>(
      `SELECT id, lng, lat, category_id AS "categoryId", received_at AS "receivedAt" FROM cases
       WHERE status NOT IN ('closed') AND merged_into_id IS NULL AND lng IS NOT NULL ORDER BY received_at DESC LIMIT 1`)!;
    now = open.receivedAt + HOUR;
    const suggestion = workflow.suggest(open.lng + 0.0003, open.lat, 'wgs84', open.categoryId);
    expect(suggestion.duplicates.map((d) => d.id)).toContain(open.id);
    expect(suggestion.duplicates.find((d) => d.id === open.id)!.distanceM).toBeGreaterThan(20);
    const created = cases.create({ source: 'patrol', categoryId: open.categoryId, title: '重复上报', location: { lng: open.lng + 0.0003, lat: open.lat, crs: 'wgs84' } }, 'x');
    workflow.merge(created.id, open.id);
    expect(cases.list({ text: '重复上报' }, 0, 10).total).toBe(0);
    expect(cases.get(created.id).events.at(-1)!.action).toBe('merged');
  });
});
