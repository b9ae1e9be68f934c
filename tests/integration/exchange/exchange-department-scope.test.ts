import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransitionFields, WorkflowAction } from '../../../electron/contract';
import { beijingTime as bj, HOUR } from '../../../electron/services/calendar/work-calendar';
import { TRANSITIONS } from '../../../electron/services/workflow/case-state-machine';
import { carryPackage, closeDesks, desksDir, openExchangeDesk, STREET, type ExchangeDesk } from './exchange-desks';

/**
 * Issue 14, a department's desk by exchange file: paired with a department as its scope, it gets the
 * cases that department leads or is summoned to by whistle, whole, and no others; it goes on
 * receiving a case it passed on (so its desk shows where the case went), and its work comes back.
 */
describe('exchange packages for a department desk', () => {
  let now = bj(2026, 11, 25, 9);
  const clock = () => now;
  let dir: string;
  let street: ExchangeDesk;
  let department: ExchangeDesk;
  let code: (id: number) => string;

  beforeAll(async () => {
    dir = desksDir();
    street = await openExchangeDesk(dir, 'street', '城关街道', clock);
    department = await openExchangeDesk(dir, 'department', '区城管执法局', clock);
    code = (id) => street.workspace.db.get<{ code: string }>('SELECT code FROM departments WHERE id = ?', [id])!.code;
    street.exchange.pair(department.exchange.card(), [`department:${code(1)}`]);
    department.exchange.pair(street.exchange.card(), [STREET]);
  }, 300_000);
  afterAll(() => closeDesks(dir, [street, department]));

  const uidOf = (id: number) => street.sync.names().case(id);
  function newCase(title: string): number {
    const g = street.workspace.db.get<{ lng: number; lat: number }>(
      "SELECT g.centroid_lng AS lng, g.centroid_lat AS lat FROM regions g JOIN regions s ON s.id = g.parent_id WHERE g.level = 'grid' AND s.parent_id = (SELECT id FROM regions WHERE code = ?) ORDER BY g.code LIMIT 1",
      [STREET],
    )!;
    return street.cases.create({ source: 'patrol', title, location: { lng: g.lng, lat: g.lat, crs: 'wgs84' } }).id;
  }
  function act(desk: ExchangeDesk, caseId: number, action: WorkflowAction, fields: TransitionFields = {}): void {
    now += HOUR;
    const role = TRANSITIONS[action].roles.find((r) => r !== 'admin') ?? 'admin';
    desk.workflow.transition(caseId, action, fields, desk.staffOf(role));
  }
  const timeline = (desk: ExchangeDesk, uid: string) => {
    const id = desk.caseId(uid);
    return id === undefined ? [] : desk.workspace.db.all<{ action: string }>('SELECT action FROM case_events WHERE case_id = ? ORDER BY at, id', [id]).map((e) => e.action);
  };
  const lead = (desk: ExchangeDesk, uid: string) => desk.workspace.db.get<{ code: string | null }>(
    'SELECT d.code FROM cases c LEFT JOIN departments d ON d.id = c.lead_department_id WHERE c.id = ?', [desk.caseId(uid)!],
  )?.code ?? null;

  it('refuses a department this workspace does not know', () => {
    expect(() => street.exchange.pair(department.exchange.card(), ['department:NO-SUCH'])).toThrow(/部门编码本工作区没有：department:NO-SUCH/);
  });

  it('sends the department its cases whole, and none of the others', () => {
    const led = newCase('井盖破损（派本部门）');
    const later = newCase('路灯不亮（后派本部门）');
    const other = newCase('占道经营（派别的部门）');
    const summoned = newCase('违建（吹哨召集本部门）');
    for (const id of [led, later, other, summoned]) act(street, id, 'register');
    act(street, led, 'dispatch', { departmentId: 1 });
    act(street, other, 'dispatch', { departmentId: 2 });
    act(street, summoned, 'dispatch', { departmentId: 2 });
    act(street, summoned, 'whistle', { note: '多部门会商', departmentIds: [1, 2], reportHours: 24 });
    const first = carryPackage(dir, street, department, 'to-department-1.gdx');
    expect(first.newCases).toBe(2);
    for (const id of [led, summoned]) expect(timeline(department, uidOf(id))).toEqual(timeline(street, uidOf(id)));
    for (const id of [later, other]) expect(department.caseId(uidOf(id))).toBeUndefined();

    act(street, later, 'dispatch', { departmentId: 1 });
    const second = carryPackage(dir, street, department, 'to-department-2.gdx');
    expect(second.newCases).toBe(1);
    expect(timeline(department, uidOf(later))).toEqual(['received', 'registered', 'dispatched']);
  });

  it('brings its work back, and still tells it where a case it passed on went', () => {
    const uid = uidOf(street.workspace.db.get<{ id: number }>("SELECT id FROM cases WHERE title = '路灯不亮（后派本部门）'")!.id);
    act(department, department.caseId(uid)!, 'respond');
    carryPackage(dir, department, street, 'to-street-1.gdx');
    expect(timeline(street, uid)).toEqual(timeline(department, uid));
    act(street, street.caseId(uid)!, 'escalate', { note: '需区级协调' });
    act(street, street.caseId(uid)!, 'dispatch', { departmentId: 2 });
    carryPackage(dir, street, department, 'to-department-3.gdx');
    expect(timeline(department, uid)).toEqual(timeline(street, uid));
    expect(lead(department, uid)).toBe(code(2));
  });
});
