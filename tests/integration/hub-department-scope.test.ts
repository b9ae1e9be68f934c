import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransitionFields, WorkflowAction } from '../../electron/contract';
import { beijingTime as bj, HOUR } from '../../electron/services/calendar/work-calendar';
import { GridEditRepository } from '../../electron/services/grids/grid-edit.repository';
import { GridEditService } from '../../electron/services/grids/grid-edit.service';
import { GridRepository } from '../../electron/services/grids/grid.repository';
import { toHubChange } from '../../electron/services/hub/hub-changes';
import { HubCursorRepository } from '../../electron/services/hub/hub-cursor.repository';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { HubSyncService } from '../../electron/services/hub/hub-sync.service';
import type { HubScope } from '../../electron/services/hub/hub.repository';
import { hubMigrations } from '../../electron/services/hub/migrations';
import { TRANSITIONS } from '../../electron/services/workflow/case-state-machine';
import { migratedHub } from '../support/hub-database';
import { writeAsOlderPush } from '../support/old-hub-writer';
import { createTestDatabase } from '../support/pg-cluster.mjs';
import { openDesk, type Desk } from './sync/sync-desks';

/**
 * Issue 14, a department's desk on the hub: it pulls the cases its department leads or is summoned
 * to by whistle, and no others. A case given to the department after the desk's last pull arrives
 * with its whole earlier history (which the desk's cursor had already passed), and the department
 * keeps receiving a case it handed on, so its desk never shows a stale case as its own.
 */
describe('a department desk pulling from the hub', () => {
  let now = bj(2026, 11, 24, 9);
  const clock = () => now;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hub-department-'));
  let client: pg.Client;
  let street: Desk;
  let department: Desk;
  let scope: HubScope;
  const hubs = new Map<Desk, HubSyncService>();

  beforeAll(async () => {
    ({ client } = await migratedHub());
    street = await openDesk(dir, 'street', clock);
    department = await openDesk(dir, 'department', clock);
    for (const desk of [street, department]) {
      const hub = new HubSyncService(desk.sync, new HubCursorRepository(desk.workspace.db), { hub: 'department-hub', clock, pageSize: 3 });
      hub.skipHistory(); // the demo's cases stay local: only this test's cases travel
      hubs.set(desk, hub);
    }
    scope = { departments: [departmentCode(department, 1)] };
  }, 300_000);
  afterAll(async () => {
    await client?.end();
    for (const desk of [street, department]) await desk?.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const db = (desk: Desk) => desk.workspace.db;
  const departmentCode = (desk: Desk, id: number) => db(desk).get<{ code: string }>('SELECT code FROM departments WHERE id = ?', [id])!.code;
  const uidOf = (desk: Desk, id: number) => desk.sync.names().case(id);
  function newCase(title: string): number {
    const g = db(street).get<{ lng: number; lat: number }>("SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1")!;
    return street.cases.create({ source: 'patrol', title, location: { lng: g.lng, lat: g.lat, crs: 'wgs84' } }).id;
  }
  function act(desk: Desk, caseId: number, action: WorkflowAction, fields: TransitionFields = {}): void {
    now += HOUR;
    const role = TRANSITIONS[action].roles.find((r) => r !== 'admin') ?? 'admin';
    desk.workflow.transition(caseId, action, fields, desk.staffOf(role));
  }
  const timeline = (desk: Desk, uid: string) => {
    const id = desk.caseId(uid);
    return id === undefined ? [] : db(desk).all<{ action: string }>('SELECT action FROM case_events WHERE case_id = ? ORDER BY at, id', [id]).map((e) => e.action);
  };
  const lead = (desk: Desk, uid: string) =>
    db(desk).get<{ code: string | null }>('SELECT d.code FROM cases c LEFT JOIN departments d ON d.id = c.lead_department_id WHERE c.id = ?', [desk.caseId(uid)!])?.code ?? null;

  it('receives its cases whole, a case given to it late with its earlier history, and none of the others', async () => {
    const early = newCase('井盖破损（早派）');
    const late = newCase('路灯不亮（后派）');
    const other = newCase('占道经营（别的部门）');
    const summoned = newCase('违建（吹哨召集）');
    for (const id of [late, other, summoned]) act(street, id, 'register');
    await hubs.get(street)!.push(client);
    act(street, early, 'register');
    act(street, early, 'dispatch', { departmentId: 1 });
    act(street, other, 'dispatch', { departmentId: 2 });
    await hubs.get(street)!.push(client);
    // The department's cursor passes the late case's first changes, which were not its case yet.
    const first = await hubs.get(department)!.pull(client, scope);
    expect(first.newCases).toBe(1);
    expect(department.caseId(uidOf(street, late))).toBeUndefined();

    act(street, late, 'dispatch', { departmentId: 1 });
    act(street, summoned, 'dispatch', { departmentId: 2 });
    act(street, summoned, 'whistle', { note: '多部门会商', departmentIds: [1, 2], reportHours: 24 });
    await hubs.get(street)!.push(client);
    const second = await hubs.get(department)!.pull(client, scope);
    expect(second.newCases).toBe(2);
    for (const id of [early, late, summoned]) {
      const uid = uidOf(street, id);
      expect(timeline(department, uid), uid).toEqual(timeline(street, uid));
      expect(timeline(department, uid)).toContain('received');
    }
    expect(department.caseId(uidOf(street, other))).toBeUndefined();
    expect(lead(department, uidOf(street, late))).toBe(departmentCode(street, 1));
  });

  it('sends back what it did, and still hears of a case after it went to another department', async () => {
    const uid = uidOf(street, db(street).get<{ id: number }>("SELECT id FROM cases WHERE title = '路灯不亮（后派）'")!.id);
    act(department, department.caseId(uid)!, 'respond');
    await hubs.get(department)!.push(client);
    await hubs.get(street)!.pull(client);
    expect(timeline(street, uid)).toEqual(timeline(department, uid));
    act(street, street.caseId(uid)!, 'escalate', { note: '需区级协调' });
    act(street, street.caseId(uid)!, 'dispatch', { departmentId: 2 });
    await hubs.get(street)!.push(client);
    await hubs.get(department)!.pull(client, scope);
    expect(timeline(department, uid)).toEqual(timeline(street, uid));
    expect(lead(department, uid)).toBe(departmentCode(street, 2));
    // Pulling again brings nothing twice.
    const again = await hubs.get(department)!.pull(client, scope);
    expect(again.newEvents).toBe(0);
  });

  it('gives a hub that held changes before migration 006 the same departments\' cases as pushes give', async () => {
    // Every change of this test's cases, as the street desk sends them, written to a version-5 hub as a push of that schema did.
    const uids = (await client.query<{ uid: string }>('SELECT uid FROM cases')).rows.map((r) => r.uid);
    const sent = street.sync.extract(uids.map((uid) => street.caseId(uid)!));
    const changes = sent.map(toHubChange);
    const old = new pg.Client({ connectionString: await createTestDatabase() });
    await old.connect();
    try {
      await migrateHub(old, hubMigrations.slice(0, 5), null);
      await writeAsOlderPush(old, sent);
      await migrateHub(old, hubMigrations, null);
      const members = async (db: pg.Client) => (await db.query<{ department_code: string; uid: string }>(
        'SELECT department_code, uid FROM hub_case_departments ORDER BY 1, 2',
      )).rows;
      const expected = [...new Set(changes.flatMap((c) => (c.departments ?? []).map((d) => `${d} ${c.entity}`)))].sort();
      expect((await members(old)).map((m) => `${m.department_code} ${m.uid}`)).toEqual(expected);
      expect(await members(old)).toEqual(await members(client));
    } finally {
      await old.end();
    }
  });

  it('takes the district\'s grid edits, wherever they are: its cases may lie in any grid', async () => {
    const grid = db(street).get<{ id: number; code: string; geometry: string }>(
      "SELECT id, code, geometry FROM regions WHERE level = 'grid' ORDER BY code DESC LIMIT 1",
    )!;
    const shape = JSON.parse(grid.geometry) as { type: 'Polygon'; coordinates: [number, number][][] } | { type: 'MultiPolygon'; coordinates: [number, number][][][] };
    const outline = (shape.type === 'MultiPolygon' ? shape.coordinates[0]! : shape.coordinates)[0]!;
    // The same outline with its first corner moved a hair toward the centre: a reshape the grid check accepts.
    const centre = outline.reduce(([x, y], [px, py]) => [x + px / outline.length, y + py / outline.length], [0, 0]);
    const corner: [number, number] = [outline[0]![0] + (centre[0]! - outline[0]![0]) * 0.01, outline[0]![1] + (centre[1]! - outline[0]![1]) * 0.01];
    const moved = [corner, ...outline.slice(1, -1), corner];
    now += HOUR;
    new GridEditService(new GridEditRepository(db(street)), new GridRepository(db(street)), clock, () => street.staffOf('admin'))
      .reshape(grid.id, { type: 'Polygon', coordinates: [moved] });
    await hubs.get(street)!.push(client);
    const pulled = await hubs.get(department)!.pull(client, scope);
    expect(pulled.regionEdits).toBeGreaterThan(0);
    expect(db(department).get<{ geometry: string }>('SELECT geometry FROM regions WHERE code = ?', [grid.code])!.geometry)
      .toBe(db(street).get<{ geometry: string }>('SELECT geometry FROM regions WHERE code = ?', [grid.code])!.geometry);
  });
});
