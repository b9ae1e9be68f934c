import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime as bj } from '../../electron/services/calendar/work-calendar';
import { toHubChange } from '../../electron/services/hub/hub-changes';
import { HubCursorRepository } from '../../electron/services/hub/hub-cursor.repository';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { HubSyncService } from '../../electron/services/hub/hub-sync.service';
import { changesAfter, hubCounts, inTransaction, insertChanges } from '../../electron/services/hub/hub.repository';
import { hubMigrations, hubPostgisScript } from '../../electron/services/hub/migrations';
import { createTestDatabase } from '../support/pg-cluster.mjs';
import { act, openDesk, type Desk } from './sync/sync-desks';

/**
 * Hub sync at size, and a scoped pull. Times are printed beside a plain PostgreSQL COPY of the same
 * rows, never asserted (speed goals belong in `npm run bench`).
 */
describe('hub sync at size', () => {
  let now = bj(2026, 11, 2, 9);
  const clock = () => now;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hub-scale-'));
  const clients: pg.Client[] = [];
  let desks: Desk[];

  async function freshHub(): Promise<{ client: pg.Client; url: string }> {
    const url = await createTestDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    await migrateHub(client, hubMigrations, hubPostgisScript);
    return { client, url };
  }

  beforeAll(async () => {
    desks = [await openDesk(dir, 'street', clock), await openDesk(dir, 'community', clock)];
  }, 300_000);

  afterAll(async () => {
    for (const client of clients) await client.end().catch(() => undefined);
    for (const desk of desks ?? []) await desk.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pushes ~10k changes and pulls them into another desk; prints the times beside COPY of the same rows', async () => {
    const { client, url } = await freshHub();
    const [a, b] = desks as [Desk, Desk];
    const cursorsA = new HubCursorRepository(a.workspace.db);
    const hubA = new HubSyncService(a.sync, cursorsA, { hub: url, clock });
    const hubB = new HubSyncService(b.sync, new HubCursorRepository(b.workspace.db), { hub: url, clock });
    hubB.skipHistory();
    // The demo's last ~9,000 events as unpushed: their cases go with every earlier change (about 10k;
    // HUB_SYNC_EVENTS=90000 for about 100k).
    cursorsA.advance(url, { pushedEventId: cursorsA.lastEventId() - Number(process.env.HUB_SYNC_EVENTS ?? 9000) });

    let started = performance.now();
    const pushed = await hubA.push(client);
    const pushMs = performance.now() - started;
    expect(pushed.inserted).toBe(pushed.sent);
    expect((await hubCounts(client)).cases).toBe(pushed.cases);

    started = performance.now();
    const pulled = await hubB.pull(client);
    const pullMs = performance.now() - started;
    expect(pulled.changes).toBe(pushed.sent);
    expect(pulled.newCases).toBe(pushed.cases);

    // Nothing to push twice, and a second pull finds nothing.
    expect(await hubA.push(client)).toMatchObject({ sent: 0, inserted: 0, cases: 0 });
    expect((await hubB.pull(client)).changes).toBe(0);

    // The reference: COPY of the same rows (text format through psql's stdin) into a table like `changes`.
    const rows = (await changesAfter(client, 0, 1_000_000)).map((c) =>
      [c.changeId, c.hlc, c.origin, c.kind, c.entity, c.streetCode, c.communityCode, c.gridCode, JSON.stringify(c.payload)].map(copyText).join('\t'),
    );
    await client.query('CREATE TABLE changes_copy (LIKE changes INCLUDING ALL)');
    started = performance.now();
    execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c',
      'COPY changes_copy (change_id, hlc, origin, kind, entity, street_code, community_code, grid_code, payload) FROM STDIN'],
    { input: rows.join('\n') + '\n', maxBuffer: 1 << 28 });
    const copyMs = performance.now() - started;
    expect(Number((await client.query('SELECT count(*) AS n FROM changes_copy')).rows[0].n)).toBe(pushed.sent);

    console.log(
      `hub sync of ${pushed.sent} changes (${pushed.cases} cases): push ${pushMs.toFixed(0)} ms, pull+apply ${pullMs.toFixed(0)} ms; ` +
        `COPY of the same rows ${copyMs.toFixed(0)} ms (push ${(pushMs / copyMs).toFixed(1)}×, pull ${(pullMs / copyMs).toFixed(1)}× COPY); ` +
        `push = local extract ${pushed.ms.extract.toFixed(0)} + hub insert ${pushed.ms.insert.toFixed(0)} + hub fold ${pushed.ms.fold.toFixed(0)} ms, ` +
        `pull = hub reads ${pulled.ms.hub.toFixed(0)} + local apply ${pulled.ms.apply.toFixed(0)} ms`,
    );
  }, 600_000);

  it('pulls only its scope, fetching the base of a case whose base lies outside it', async () => {
    const { client, url } = await freshHub();
    const [a, b] = desks as [Desk, Desk];
    const hubA = new HubSyncService(a.sync, new HubCursorRepository(a.workspace.db), { hub: url, clock });
    const hubB = new HubSyncService(b.sync, new HubCursorRepository(b.workspace.db), { hub: url, clock });
    hubA.skipHistory();
    hubB.skipHistory();
    const db = a.workspace.db;
    const grids = db.all<{ lng: number; lat: number; code: string }>(
      `SELECT centroid_lng AS lng, centroid_lat AS lat, code FROM regions WHERE level = 'grid' ORDER BY code LIMIT 2`,
    );
    const category = db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
    const make = (g: { lng: number; lat: number }) =>
      a.cases.create({ source: 'patrol', categoryId: category.id, title: '范围拉取测试', location: { lng: g.lng, lat: g.lat, crs: 'wgs84' } });
    const inFirst = make(grids[0]!);
    const inSecond = make(grids[1]!);
    await hubA.push(client);
    const uidOf = (id: number) => a.sync.extract([id])[0]!.caseUid;
    expect(a.sync.extract([inFirst.id])[0]!.place.grid).toBe(grids[0]!.code);

    // A later event of the second case arrives tagged with the first grid (the case moved there):
    // its base, on the hub under the second grid, is outside the scope and must be fetched.
    now += 3_600_000;
    act(a, inSecond.id, 0);
    const moved = a.sync.extract([inSecond.id]).filter((c) => c.kind === 'case_event').at(-1)!;
    await inTransaction(client, () => insertChanges(client, [toHubChange({ ...moved, place: { ...moved.place, grid: grids[0]!.code } })]));

    const pulled = await hubB.pull(client, { grids: [grids[0]!.code] });
    expect(b.caseId(uidOf(inFirst.id))).toBeDefined();
    const second = b.caseId(uidOf(inSecond.id));
    expect(second).toBeDefined();
    expect(pulled.newCases).toBe(2);
    expect(b.sync.extract([second!]).map((c) => c.id)).toContain(moved.id);
    // The second case's own events (under the second grid) stayed out of scope; only the moved one came.
    expect(b.sync.extract([second!]).filter((c) => c.kind === 'case_event')).toHaveLength(1);
  }, 300_000);
});

/** A value in COPY's text format: \N for null; backslash, tab and line breaks escaped. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
