import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../electron/contract';
import { Backend } from '../../electron/services/backend/backend';
import { maskFreeText } from '../../electron/services/cases/personal-data';
import { HubCursorRepository } from '../../electron/services/hub/hub-cursor.repository';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { HubSyncService } from '../../electron/services/hub/hub-sync.service';
import { SyncRepository } from '../../electron/services/sync/sync.repository';
import { hubMigrations, hubPostgisScript } from '../../electron/services/hub/migrations';
import { repoRoot } from '../support/build';
import { createTestDatabase } from '../support/pg-cluster.mjs';
import { signIn } from '../support/sign-in';
import { openDesk, type Desk } from './sync/sync-desks';

/**
 * Cases read from the hub: desk A (a copy of the demo district under its own identity) pushes the
 * cases of its last 2,000 events; desk B, connected to the same real PostgreSQL hub through the app's
 * channels, lists and opens them — within the signed-in person's scope, personal data masked, the
 * timeline folded from every change the hub holds.
 */
describe('cases read from the hub', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hub-cases-'));
  let hub: pg.Client;
  let a: Desk;
  let backend: Backend;
  let pushedCases: number;

  beforeAll(async () => {
    const url = await createTestDatabase();
    hub = new pg.Client({ connectionString: url });
    await hub.connect();
    await migrateHub(hub, hubMigrations, hubPostgisScript);
    a = await openDesk(root, 'a', Date.now);
    new SyncRepository(a.workspace.db).rename('东华门街道网格中心');
    const cursors = new HubCursorRepository(a.workspace.db);
    const key = 'hub-cases-test';
    cursors.advance(key, { pushedEventId: cursors.lastEventId() - 2_000 });
    pushedCases = (await new HubSyncService(a.sync, cursors, { hub: key }).push(hub)).cases;
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.createWorkspace(path.join(root, 'b'), true);
    await signIn(backend);
    await backend.call('hub:saveSettings', { address: url, enabled: true, shareHistory: false, scope: 'all' });
    const started = Date.now();
    while ((await backend.call('hub:state', {})).status !== 'connected') {
      if (Date.now() - started > 60_000) throw new Error('desk B did not connect to the hub');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 300_000);
  afterAll(async () => {
    await backend?.closeWorkspace();
    await a?.workspace.close({ checkpoint: false });
    await hub?.end();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists the hub\'s cases newest first, named by this desk\'s codes', async () => {
    const page = await backend.call('hub:cases', { offset: 0, limit: 100 });
    expect(pushedCases).toBeGreaterThan(100);
    expect(page.total).toBe(pushedCases);
    expect(page.rows).toHaveLength(100);
    expect(page.rows.map((r) => r.receivedAt)).toEqual([...page.rows.map((r) => r.receivedAt)].sort((x, y) => y - x));
    for (const row of page.rows) {
      expect(row.title, row.caseNo).toBeTruthy();
      expect(row.streetName, row.caseNo).toBeTruthy();
      expect(row.categoryName, row.caseNo).toBeTruthy();
    }
    const month = new Date(page.rows[0]!.receivedAt + 8 * 3_600_000).toISOString().slice(0, 7);
    const ofMonth = await backend.call('hub:cases', { month, streetCode: page.rows[0]!.streetCode!, offset: 0, limit: 100 });
    expect(ofMonth.total).toBeGreaterThan(0);
    for (const row of ofMonth.rows) {
      expect(new Date(row.receivedAt + 8 * 3_600_000).toISOString().slice(0, 7)).toBe(month);
      expect(row.streetCode).toBe(page.rows[0]!.streetCode);
    }
    const byNumber = await backend.call('hub:cases', { caseNo: page.rows[5]!.caseNo, offset: 0, limit: 10 });
    expect(byNumber.rows.map((r) => r.uid)).toContain(page.rows[5]!.uid);
  });

  it('opens one case as its changes on the hub say, masked, with the workstation it came from', async () => {
    const { rows } = await backend.call('hub:cases', { offset: 0, limit: 20 });
    const withEvents = rows[10]!;
    const detail = await backend.call('hub:case', { uid: withEvents.uid });
    const localId = a.caseId(withEvents.uid)!;
    const original = a.cases.unmasked(localId);
    expect(detail).toMatchObject({ caseNo: original.caseNo, status: original.status, originName: '东华门街道网格中心', syncConflict: false });
    expect(detail.description).toBe(maskFreeText(original.description));
    expect(detail.reporterPhone === null || detail.reporterPhone.includes('****')).toBe(true);
    expect(detail.events.map((e) => e.action)).toEqual(original.events.filter((e) => e.id > 0).map((e) => e.action));
  });

  it('unmasks one field of a hub case for a role that may, with a reason, logged under the case number', async () => {
    const { rows } = await backend.call('hub:cases', { offset: 0, limit: 50 });
    const original = (uid: string) => a.cases.unmasked(a.caseId(uid)!);
    const row = rows.find((r) => original(r.uid).reporterPhone)!;
    expect(row, 'a hub case with a caller phone').toBeDefined();
    const { value } = await backend.call('hub:unmask', { uid: row.uid, field: 'reporterPhone', reason: '回访核实来电人' });
    expect(value).toBe(original(row.uid).reporterPhone);
    expect(value).not.toContain('****');
    const logged = await backend.call('accessLog:list', { filter: { caseNo: row.caseNo, kind: 'unmask' }, offset: 0, limit: 10 });
    expect(logged.rows).toHaveLength(1);
    expect(logged.rows[0]).toMatchObject({ field: 'reporterPhone', reason: '回访核实来电人', detail: `中心库案件 ${row.caseNo}` });
    // A reason is required, and a role without the unmask permission is refused before anything is read or logged.
    await expect(backend.call('hub:unmask', { uid: row.uid, field: 'reporterPhone', reason: '' })).rejects.toMatchObject({ code: 'reason_required' });
    await backend.call('auth:signOut', {});
    await signIn(backend, 'analyst1');
    await expect(backend.call('hub:unmask', { uid: row.uid, field: 'reporterName', reason: '统计核对' })).rejects.toMatchObject({ code: 'forbidden' });
    await backend.call('auth:signOut', {});
    await signIn(backend);
    expect((await backend.call('accessLog:list', { filter: { caseNo: row.caseNo, kind: 'unmask' }, offset: 0, limit: 10 })).rows).toHaveLength(1);
  });

  it('keeps to the signed-in person\'s scope', async () => {
    const all = await backend.call('hub:cases', { offset: 0, limit: 100 });
    await backend.call('auth:signOut', {});
    await signIn(backend, 'chief1');
    const scope = (await backend.call('auth:status', {})).session!.scope;
    expect(scope.kind).toBe('street');
    const streets = (await backend.call('regions:tree', {})).filter((r) => scope.kind === 'street' && scope.regionIds.includes(r.id)).map((r) => r.code);
    const mine = await backend.call('hub:cases', { offset: 0, limit: 100 });
    expect(mine.total).toBeLessThan(all.total);
    for (const row of mine.rows) expect(streets).toContain(row.streetCode);
    const outside = all.rows.find((r) => !streets.includes(r.streetCode!))!;
    await expect(backend.call('hub:case', { uid: outside.uid })).rejects.toMatchObject({ code: 'out_of_scope' });
    await backend.call('auth:signOut', {});
    await signIn(backend);
  });

  it('gives a department account the cases its department led or was summoned to, and no other', async () => {
    await backend.call('auth:signOut', {});
    await signIn(backend, 'dept1');
    const session = (await backend.call('auth:status', {})).session!;
    expect(session.scope.kind).toBe('department');
    const departmentId = session.scope.kind === 'department' ? session.scope.departmentId : -1;
    const code = backend.openedWorkspace!.db.get<{ code: string }>('SELECT code FROM departments WHERE id = ?', [departmentId])!.code;
    // The oracle: desk A's own changes of every case it pushed, read for the department they name.
    const uids = (await hub.query<{ uid: string }>('SELECT uid FROM cases')).rows.map((r) => r.uid);
    const changes = a.sync.extract(uids.map((uid) => a.caseId(uid)!));
    const expected = [...new Set(changes.filter((c) => departmentsNamed(c).includes(code)).map((c) => c.caseUid))].sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(uids.length);
    const listed: string[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await backend.call('hub:cases', { offset, limit: 100 });
      expect(page.total).toBe(expected.length);
      listed.push(...page.rows.map((r) => r.uid));
      if (page.rows.length < 100) break;
    }
    expect(listed.sort()).toEqual(expected);
    await expect(backend.call('hub:case', { uid: expected[0]! })).resolves.toMatchObject({ uid: expected[0] });
    const outside = uids.find((uid) => !expected.includes(uid))!;
    await expect(backend.call('hub:case', { uid: outside })).rejects.toMatchObject({ code: 'out_of_scope' });
    await backend.call('auth:signOut', {});
    await signIn(backend);
  });
});

/** The department codes a change names as lead department or by whistle (as the hub reads them). */
function departmentsNamed(change: SyncChange): string[] {
  if (change.kind === 'case_base') {
    return [change.row.lead_department_id, ...change.whistles.flatMap((w) => w.reports.map((r) => r.department))]
      .filter((c): c is string => typeof c === 'string' && c !== '');
  }
  const data = change.event.data ?? {};
  const ids = Array.isArray(data.departmentIds) ? data.departmentIds : [];
  return [change.event.patch?.lead_department_id, data.departmentId, ...ids].filter((c): c is string => typeof c === 'string' && c !== '');
}
