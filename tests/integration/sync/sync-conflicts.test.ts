import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, beijingTime as bj } from '../../../electron/services/calendar/work-calendar';
import { tempDir } from '../../support/temp';
import { openDesk, send, type Desk } from './sync-desks';

/** Two desks change one case while apart: both keep their events, the case is marked, a person settles it. */
describe('a conflict between two workstations', () => {
  let now = bj(2026, 11, 9, 9);
  const clock = () => now;
  let street: Desk;
  let community: Desk;
  let uid: string;

  beforeAll(async () => {
    const dir = tempDir('griddesk-sync-conflict-');
    street = await openDesk(dir, 'street', clock);
    community = await openDesk(dir, 'community', clock);
    const grid = street.workspace.db.get<{ lng: number; lat: number }>(`SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1`)!;
    const category = street.workspace.db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
    const { id } = street.cases.create({ source: 'hotline', categoryId: category.id, title: '冲突测试：井盖缺失', location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' }, reporterName: '王五', reporterPhone: '13900001111' });
    const w = street.workflow;
    w.transition(id, 'register', {}, street.staffOf('operator'));
    w.transition(id, 'dispatch', { departmentId: 1 }, street.staffOf('dispatcher'));
    w.transition(id, 'respond', {}, street.staffOf('department_staff'));
    w.transition(id, 'handle', { note: '已补装井盖' }, street.staffOf('department_staff'));
    uid = street.sync.extract([id])[0]!.caseUid;
    send(street, community, uid);
  }, 120_000);
  afterAll(async () => {
    await street?.workspace.close({ checkpoint: false });
    await community?.workspace.close({ checkpoint: false });
  });

  it('receives the case with its whole timeline, once however often it comes', () => {
    const here = community.caseId(uid)!;
    expect(community.cases.get(here)).toMatchObject({ status: 'handled', title: '冲突测试：井盖缺失' });
    expect(community.cases.get(here).events.map((e) => e.action).reverse()).toEqual(['received', 'registered', 'dispatched', 'responded', 'handled']);
    const again = community.sync.apply(street.sync.extract([street.caseId(uid)!]));
    expect(again).toMatchObject({ newCases: 0, newEvents: 0, alreadyHad: 6, conflicts: [] });
  });

  it('keeps both sides when one desk verifies and the other rejects, and marks the case', () => {
    now += HOUR;
    street.workflow.transition(street.caseId(uid)!, 'verify', {}, street.staffOf('grid_worker'));
    now += HOUR;
    community.workflow.transition(community.caseId(uid)!, 'reject', { note: '现场核查仍有缺失' }, community.staffOf('grid_worker'));
    send(street, community, uid);
    const report = street.sync.apply(community.sync.extract([community.caseId(uid)!]));
    expect(report.newEvents).toBe(1);
    expect(report.conflicts).toHaveLength(1);
    for (const desk of [street, community]) {
      const id = desk.caseId(uid)!;
      const actions = desk.cases.get(id).events.map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['verified', 'verify_failed']));
      const [conflict] = desk.sync.conflicts(id);
      // The later clock (the rejection) stands until a person decides; both states are offered.
      expect(conflict).toMatchObject({ action: 'verify_failed', foundStatus: 'verified' });
      expect(conflict!.before.status).toBe('verified');
      expect(conflict!.after.status).toBe('in_progress');
      expect(desk.workspace.db.get<{ c: number }>('SELECT sync_conflict AS c FROM cases WHERE id = ?', [id])!.c).toBe(1);
    }
    expect(street.sync.canonical([street.caseId(uid)!])).toEqual(community.sync.canonical([community.caseId(uid)!]));
  });

  it('is settled once by a person, and the settlement travels like any event', () => {
    const id = street.caseId(uid)!;
    const [conflict] = street.sync.conflicts(id);
    now += HOUR;
    street.sync.settle(id, conflict!.eventUid, 'before', { id: street.staffOf('operator'), name: '街道值班员' }, '以街道核查为准');
    expect(street.sync.conflicts(id)).toEqual([]);
    expect(street.cases.get(id).status).toBe('verified');
    send(street, community, uid);
    const there = community.caseId(uid)!;
    expect(community.sync.conflicts(there)).toEqual([]);
    expect(community.cases.get(there).status).toBe('verified');
    expect(street.sync.canonical([id])).toEqual(community.sync.canonical([there]));
    // The case goes on normally from the settled state.
    now += HOUR;
    community.workflow.transition(there, 'close', {}, community.staffOf('operator'));
    send(community, street, uid);
    expect(street.cases.get(id).status).toBe('closed');
  });
});
