import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { hubMigrations, hubPostgisScript } from '../../electron/services/hub/migrations';
import {
  changesAfter, hubCounts, inTransaction, insertChanges, registerWorkspace, type HubChange,
} from '../../electron/services/hub/hub.repository';
import { createTestDatabase } from '../support/pg-cluster.mjs';

// The hub's exactly-once primitive and its pull cursor, on a real PostgreSQL.
const clients: pg.Client[] = [];

async function connect(url: string, name = 'griddesk-test'): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: name });
  await client.connect();
  clients.push(client);
  return client;
}

async function freshHub(): Promise<{ client: pg.Client; url: string }> {
  const url = await createTestDatabase();
  const client = await connect(url);
  await migrateHub(client, hubMigrations, hubPostgisScript);
  return { client, url };
}

function change(id: string, payload: unknown = { action: 'dispatch' }): HubChange {
  return {
    changeId: id, hlc: `17930000000${id.slice(-2).padStart(2, '0')}-0000`, origin: 'ws-a', kind: 'case_event', entity: 'ws-a:c1',
    streetCode: '110101001', communityCode: '110101001001', gridCode: null, payload,
  };
}

const push = (client: pg.Client, changes: HubChange[]) => inTransaction(client, () => insertChanges(client, changes));

afterEach(async () => {
  for (const client of clients.splice(0)) await client.end();
});

describe('hub changes', () => {
  it('applies a change once: the same change_id pushed again is a no-op that keeps the first', async () => {
    const { client } = await freshHub();
    expect(await push(client, [change('ws-a:e01'), change('ws-a:e02')])).toBe(2);
    const first = await changesAfter(client, 0, 10);

    // The push repeated after a dropped connection, with one new change and a changed payload for an old one.
    expect(await push(client, [change('ws-a:e01', { action: 'tampered' }), change('ws-a:e02'), change('ws-a:e03')])).toBe(1);
    const all = await changesAfter(client, 0, 10);
    expect(all.slice(0, 2)).toEqual(first);
    expect(all.map((c) => c.changeId)).toEqual(['ws-a:e01', 'ws-a:e02', 'ws-a:e03']);
    expect(all[0].payload).toEqual({ action: 'dispatch' });
    expect(all[2].seq).toBeGreaterThan(all[1].seq);

    // Twice within one batch, too.
    expect(await push(client, [change('ws-a:e04'), change('ws-a:e04')])).toBe(1);
    expect((await hubCounts(client)).changes).toBe(4);
  });

  it('hands out changes after a cursor in push order, with codes and payload as pushed', async () => {
    const { client } = await freshHub();
    await push(client, [change('ws-a:e03'), change('ws-a:e01')]);
    await push(client, [change('ws-a:e02', { note: '已派遣至东华门社区', at: 1793000000000 })]);
    const all = await changesAfter(client, 0, 10);
    expect(all.map((c) => c.changeId)).toEqual(['ws-a:e03', 'ws-a:e01', 'ws-a:e02']);
    expect(all[2]).toMatchObject({ origin: 'ws-a', kind: 'case_event', entity: 'ws-a:c1', streetCode: '110101001', gridCode: null });
    expect(all[2].payload).toEqual({ note: '已派遣至东华门社区', at: 1793000000000 });
    expect((await changesAfter(client, all[0].seq, 1)).map((c) => c.changeId)).toEqual(['ws-a:e01']);
    expect(await changesAfter(client, all[2].seq, 10)).toEqual([]);
  });

  it('never lets a puller see a later push before an earlier one still in flight (no cursor gaps)', async () => {
    const { client: puller, url } = await freshHub();
    const [a, b] = await Promise.all([connect(url, 'pusher-a'), connect(url, 'pusher-b')]);
    await a.query('BEGIN');
    await insertChanges(a, [change('ws-a:e01')]);
    let bDone = false;
    const bPush = push(b, [change('ws-b:e02')]).then(() => (bDone = true));
    // Until B has either finished or is waiting for A (it must wait: A holds seq 1 uncommitted).
    for (;;) {
      const waiting = await puller.query(
        `SELECT 1 FROM pg_stat_activity WHERE application_name = 'pusher-b' AND wait_event_type = 'Lock'`,
      );
      if (bDone || waiting.rowCount) break;
    }
    expect(await changesAfter(puller, 0, 10)).toEqual([]);
    await a.query('COMMIT');
    await bPush;
    expect((await changesAfter(puller, 0, 10)).map((c) => [c.changeId, c.seq])).toEqual([['ws-a:e01', 1], ['ws-b:e02', 2]]);
  });

  it('registers a workspace once, keeping its first name and key', async () => {
    const { client } = await freshHub();
    const firstSeen = new Date('2026-12-01T00:00:00Z');
    expect(await registerWorkspace(client, { id: 'ws-a', name: '东华门街道网格中心', publicKey: 'key-1', firstSeen })).toBe(true);
    expect(await registerWorkspace(client, { id: 'ws-a', name: 'renamed', publicKey: 'key-2', firstSeen: new Date() })).toBe(false);
    const rows = await client.query('SELECT id, name, public_key, first_seen FROM workspaces');
    expect(rows.rows).toEqual([{ id: 'ws-a', name: '东华门街道网格中心', public_key: 'key-1', first_seen: firstSeen }]);
  });

  it('lets two workstations run init at once: each migration is applied once, the other waiting its turn', async () => {
    const url = await createTestDatabase();
    const [a, b] = await Promise.all([connect(url), connect(url)]);
    const results = await Promise.all([migrateHub(a, hubMigrations, hubPostgisScript), migrateHub(b, hubMigrations, hubPostgisScript)]);
    // Each migration is its own transaction, so the two may share the work; each is applied once.
    expect(results.flatMap((r) => r.applied.map((m) => m.version)).sort()).toEqual(hubMigrations.map((m) => m.version));
    const versions = await a.query('SELECT version FROM hub_schema_version ORDER BY version');
    expect(versions.rows).toEqual(hubMigrations.map((m) => ({ version: m.version })));
  });
});
