import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime as bj, HOUR } from '../../../electron/services/calendar/work-calendar';
import { openPackage, readPackage } from '../../../electron/services/exchange/package-format';
import { ReferenceEditsRepository } from '../../../electron/services/sync/reference-edits.repository';
import { referenceState, referenceWriters, someCategory } from '../sync/reference-desk';
import { counts, desksDir, newCaseIn, openExchangeDesk, type ExchangeDesk, closeDesks, carryPackage } from './exchange-desks';

const COMMUNITY = '110101017004';

/**
 * Issue 14, the roster and the settings as changes: a department, a staff member, a category's
 * limits, a calendar day and the rate settings written on one desk reach the other by an exchange
 * package, so a case dispatched there to the new department arrives naming it. Before, none of them
 * travelled: the case arrived with an unknown department code, and each desk kept its own limits
 * and weights.
 */
describe('roster and settings by exchange package', () => {
  let now = bj(2026, 12, 1, 9);
  const clock = () => now;
  let dir: string;
  let district: ExchangeDesk;
  let street: ExchangeDesk;

  beforeAll(async () => {
    dir = desksDir();
    district = await openExchangeDesk(dir, 'district', '区网格中心', clock);
    street = await openExchangeDesk(dir, 'street', '城关街道', clock);
    // Written before pairing: a new peer still gets it (the roster carries no case history).
    referenceWriters(district, clock).day('2026-12-28', 'holiday');
    // A street desk of one community still gets the district's roster: it is not scoped by place.
    district.exchange.pair(street.exchange.card(), [COMMUNITY]);
    street.exchange.pair(district.exchange.card(), 'all');
  }, 180_000);
  afterAll(() => closeDesks(dir, [district, street]));

  const carry = (from: ExchangeDesk, to: ExchangeDesk, file: string) => carryPackage(dir, from, to, file);
  const departmentOf = (desk: ExchangeDesk, caseId: number) => desk.workspace.db.get<{ code: string | null }>(
    'SELECT d.code FROM cases c LEFT JOIN departments d ON d.id = c.assignee_department_id WHERE c.id = ?', [caseId],
  )!.code;

  it('brings a new department, its staff member, a category\'s limits, a calendar day and the rate settings; a case dispatched to the department names it', () => {
    const write = referenceWriters(district, clock);
    const category = someCategory(district);
    write.department('DPT-NEW-01', '区城市更新中心');
    now += HOUR;
    write.staff('STF-NEW-01', '赵新', 'DPT-NEW-01');
    write.categoryLimits(category, 9, 'DPT-NEW-01');
    write.rates({ response: 20, resolution: 40, satisfaction: 40, dispatchAccuracy: 0 });
    write.day('2026-12-31', 'holiday');
    now += HOUR;
    const caseId = newCaseIn(district, COMMUNITY, '老旧小区外墙脱落');
    district.workflow.transition(caseId, 'register', {}, district.staffOf('operator'));
    const departmentId = district.workspace.db.get<{ id: number }>(`SELECT id FROM departments WHERE code = 'DPT-NEW-01'`)!.id;
    district.workflow.transition(caseId, 'dispatch', { departmentId }, district.staffOf('dispatcher'));
    expect(referenceState(street)).not.toEqual(referenceState(district));

    now += HOUR;
    const report = carry(district, street, 'a.gdx');
    expect(report.unknownCodes).toEqual([]);
    expect(report.referenceEdits).toBe(6);
    const uid = district.sync.extract([caseId])[0]!.caseUid;
    expect(departmentOf(street, street.caseId(uid)!)).toBe('DPT-NEW-01');
    expect(referenceState(street)).toEqual(referenceState(district));
    const limits = street.workspace.db.get('SELECT handling_limit_days AS h FROM categories WHERE code = ?', [category]);
    expect(limits).toEqual({ h: 9 });

    // The same package again changes nothing.
    const before = { refs: referenceState(street), held: counts(street) };
    const again = street.exchange.receivePackage(fs.readFileSync(path.join(dir, 'a.gdx')));
    expect(again.referenceEdits).toBe(0);
    expect(again.newEvents).toBe(0);
    expect({ refs: referenceState(street), held: counts(street) }).toEqual(before);
    // Nothing goes back to the desk it was born on.
    const back = readPackage(openPackage(street.exchange.writePackage(district.id)));
    expect(back.refs).toEqual([]);
  });

  it('leaves both desks with the later edit when both changed the same department while apart', () => {
    referenceWriters(street, clock).department('DPT-NEW-01', '街道改的名称');
    now += 1000;
    referenceWriters(district, clock).department('DPT-NEW-01', '区里后改的名称');
    now += HOUR;
    carry(district, street, 'b.gdx');
    carry(street, district, 'c.gdx');
    const name = (desk: ExchangeDesk) => desk.workspace.db.get<{ name: string }>(`SELECT name FROM departments WHERE code = 'DPT-NEW-01'`)!.name;
    expect(name(street)).toBe('区里后改的名称');
    expect(name(district)).toBe('区里后改的名称');
    expect(referenceState(street)).toEqual(referenceState(district));
  });
  it('replays a case that arrived before its department once the department arrives', () => {
    referenceWriters(district, clock).department('DPT-NEW-02', '区物业监管科');
    now += HOUR;
    const caseId = newCaseIn(district, COMMUNITY, '物业不作为');
    district.workflow.transition(caseId, 'register', {}, district.staffOf('operator'));
    const departmentId = district.workspace.db.get<{ id: number }>(`SELECT id FROM departments WHERE code = 'DPT-NEW-02'`)!.id;
    district.workflow.transition(caseId, 'dispatch', { departmentId }, district.staffOf('dispatcher'));
    const refs = new ReferenceEditsRepository(district.workspace.db).after(0, null).map(({ localId: _id, ...ref }) => ref);
    const first = street.sync.apply(district.sync.extract([caseId]));
    expect(first.unknownCodes).toEqual(['department:DPT-NEW-02']);
    const uid = district.sync.extract([caseId])[0]!.caseUid;
    expect(departmentOf(street, street.caseId(uid)!)).toBeNull();
    const second = street.sync.apply([], [], refs);
    expect(second.unknownCodes).toEqual([]);
    expect(departmentOf(street, street.caseId(uid)!)).toBe('DPT-NEW-02');
    expect(street.sync.canonical([street.caseId(uid)!])).toEqual(district.sync.canonical([caseId]));
  });
  it('gives a staff member and a category limit that came before their department the department when it comes', () => {
    const write = referenceWriters(district, clock);
    const from = new ReferenceEditsRepository(district.workspace.db).lastId();
    write.department('DPT-NEW-03', '区停车管理所');
    now += HOUR;
    write.staff('STF-NEW-03', '孙停', 'DPT-NEW-03');
    write.categoryLimits(someCategory(district), 4, 'DPT-NEW-03');
    const refs = new ReferenceEditsRepository(district.workspace.db).after(from, null).map(({ localId: _id, ...ref }) => ref);
    expect(refs.map((r) => r.kind)).toEqual(['department', 'staff', 'category']);
    // Latest first, each on its own: the department last.
    expect(street.sync.apply([], [], [refs[2]!]).unknownCodes).toEqual(['department:DPT-NEW-03']);
    expect(street.sync.apply([], [], [refs[1]!]).unknownCodes).toEqual(['department:DPT-NEW-03']);
    expect(street.sync.apply([], [], [refs[0]!]).unknownCodes).toEqual([]);
    expect(referenceState(street)).toEqual(referenceState(district));
    expect(street.sync.apply([], [], [...refs].reverse()).referenceEdits).toBe(0);
    expect(referenceState(street)).toEqual(referenceState(district));
  });
});
