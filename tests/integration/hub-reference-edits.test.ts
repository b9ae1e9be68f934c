import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime as bj, HOUR } from '../../electron/services/calendar/work-calendar';
import { HubCursorRepository } from '../../electron/services/hub/hub-cursor.repository';
import { HubSyncService } from '../../electron/services/hub/hub-sync.service';
import { migratedHub } from '../support/hub-database';
import { referenceState, referenceWriters, someCategory } from './sync/reference-desk';
import { openDesk, type Desk } from './sync/sync-desks';

/**
 * Issue 14, the roster and the settings through the hub: what the district desk writes reaches a
 * street desk that pulls only its own street, and a case dispatched to a new department arrives
 * naming it. Before, the hub carried cases and grid edits only.
 */
describe('roster and settings through the hub', () => {
  let now = bj(2026, 12, 2, 9);
  const clock = () => now;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hub-refs-'));
  let client: pg.Client;
  let district: Desk;
  let street: Desk;
  const hubs = new Map<Desk, HubSyncService>();
  const STREET = { streets: ['110101017'] };

  beforeAll(async () => {
    ({ client } = await migratedHub());
    district = await openDesk(dir, 'district', clock);
    street = await openDesk(dir, 'street', clock);
    // Written before joining the hub without history: it still goes (the roster carries no case history).
    referenceWriters(district, clock).day('2026-12-29', 'holiday');
    for (const desk of [district, street]) {
      const hub = new HubSyncService(desk.sync, new HubCursorRepository(desk.workspace.db), { hub: 'refs-hub', clock });
      hub.skipHistory(); // the demo's cases stay local: only this test's changes travel
      hubs.set(desk, hub);
    }
  }, 300_000);
  afterAll(async () => {
    await client?.end();
    for (const desk of [district, street]) await desk?.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const hubCount = async () => Number((await client.query('SELECT count(*) AS n FROM reference_edits')).rows[0].n);

  it('carries a department, a staff member, limits, a calendar day and rate settings to a street desk; a case names the department; twice is harmless', async () => {
    const write = referenceWriters(district, clock);
    write.department('DPT-HUB-01', '区综合执法队');
    now += HOUR;
    write.staff('STF-HUB-01', '钱新', 'DPT-HUB-01');
    write.categoryLimits(someCategory(district), 11, 'DPT-HUB-01');
    write.rates({ response: 25, resolution: 25, satisfaction: 50, dispatchAccuracy: 0 });
    write.day('2026-12-30', 'workday');
    now += HOUR;
    const g = district.workspace.db.get<{ lng: number; lat: number }>(
      `SELECT g.centroid_lng AS lng, g.centroid_lat AS lat FROM regions g JOIN regions c ON c.id = g.parent_id JOIN regions s ON s.id = c.parent_id
       WHERE g.level = 'grid' AND s.code = '110101017' ORDER BY g.code LIMIT 1`,
    )!;
    const caseId = district.cases.create({ source: 'hotline', title: '违规占道经营', location: { lng: g.lng, lat: g.lat, crs: 'wgs84' } }).id;
    district.workflow.transition(caseId, 'register', {}, district.staffOf('operator'));
    const departmentId = district.workspace.db.get<{ id: number }>(`SELECT id FROM departments WHERE code = 'DPT-HUB-01'`)!.id;
    district.workflow.transition(caseId, 'dispatch', { departmentId }, district.staffOf('dispatcher'));

    await hubs.get(district)!.push(client);
    await hubs.get(district)!.push(client);
    expect(await hubCount()).toBe(6);
    const pulled = await hubs.get(street)!.pull(client, STREET);
    expect(pulled.unknownCodes).toEqual([]);
    expect(pulled.referenceEdits).toBe(6);
    const uid = district.sync.extract([caseId])[0]!.caseUid;
    const there = street.workspace.db.get<{ code: string }>(
      'SELECT d.code FROM cases c JOIN departments d ON d.id = c.assignee_department_id WHERE c.uid = ?', [uid],
    );
    expect(there).toEqual({ code: 'DPT-HUB-01' });
    expect(referenceState(street)).toEqual(referenceState(district));

    const before = referenceState(street);
    const again = await hubs.get(street)!.pull(client, STREET);
    expect(again.referenceEdits ?? 0).toBe(0);
    // The street desk pushes nothing back of what it pulled.
    await hubs.get(street)!.push(client);
    expect(await hubCount()).toBe(6);
    expect(referenceState(street)).toEqual(before);
  });

  it('converges on the later edit when both desks changed the same department while apart', async () => {
    referenceWriters(district, clock).department('DPT-HUB-01', '区里先改');
    now += 1000;
    referenceWriters(street, clock).department('DPT-HUB-01', '街道后改');
    now += HOUR;
    for (const desk of [district, street]) await hubs.get(desk)!.push(client);
    for (const desk of [district, street]) await hubs.get(desk)!.pull(client, desk === street ? STREET : undefined);
    const name = (desk: Desk) => desk.workspace.db.get<{ name: string }>(`SELECT name FROM departments WHERE code = 'DPT-HUB-01'`)!.name;
    expect(name(district)).toBe('街道后改');
    expect(name(street)).toBe('街道后改');
    expect(referenceState(street)).toEqual(referenceState(district));
  });
});
