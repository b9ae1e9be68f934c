import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { hubMigrations } from '../../electron/services/hub/migrations';
import { distElectron } from '../support/build';
import { createTestDatabase } from '../support/pg-cluster.mjs';

// `npm run hub -- init|status` against a real PostgreSQL (the throwaway cluster of the global setup).
const hubCli = path.join(distElectron, 'hub.mjs');
const PASSWORD = 'Secret-Pw-7731';
/** The newest hub schema version this GridDesk knows. */
const LATEST = hubMigrations.length;
const clients: pg.Client[] = [];

/** The address as a center would type it, with a password (trust authentication ignores it). */
const withPassword = (url: string) => url.replace('postgres@', `postgres:${PASSWORD}@`);

function hub(...args: string[]) {
  const result = spawnSync(process.execPath, [hubCli, ...args], { encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  expect(output).not.toContain(PASSWORD);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

/** Every column and index of the hub's tables, and the version rows: what "changes nothing" compares. */
async function fingerprint(client: pg.Client) {
  const columns = await client.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default, generation_expression
     FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1)
     ORDER BY table_name, column_name`,
    [['cases', 'changes', 'hub_schema_version', 'workspaces']],
  );
  const indexes = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`);
  const versions = await client.query('SELECT version, name, applied_at FROM hub_schema_version ORDER BY version');
  return { columns: columns.rows, indexes: indexes.rows, versions: versions.rows };
}

afterEach(async () => {
  for (const client of clients.splice(0)) await client.end();
});

describe('npm run hub -- init', () => {
  it('creates the hub schema on an empty database, with PostGIS, and says so in Chinese and English', async () => {
    const url = await createTestDatabase();
    const init = hub('init', withPassword(url));
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain(`数据结构已从版本 0 升级到 ${LATEST}（001 hub_init, 002 hub_rates, 003 hub_files, 004 hub_region_edits, 005 hub_reference_edits, 006 hub_case_departments, 007 hub_heat）`);
    expect(init.stdout).toContain(`Schema migrated from version 0 to ${LATEST}`);
    expect(init.stdout).toContain(`postgres:***@`);

    const client = await connect(url);
    const tables = await client.query(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys' ORDER BY table_name`,
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual([
      'cases', 'changes', 'files', 'hub_case_departments', 'hub_heat_category_monthly', 'hub_heat_monthly', 'hub_merged_cases', 'hub_rates_monthly',
      'hub_schema_version', 'reference_edits', 'region_edits', 'workspaces',
    ]);
    const { columns, indexes, versions } = await fingerprint(client);
    expect(versions.map((row) => [row.version, row.name])).toEqual([
      [1, 'hub_init'], [2, 'hub_rates'], [3, 'hub_files'], [4, 'hub_region_edits'], [5, 'hub_reference_edits'],
      [6, 'hub_case_departments'], [7, 'hub_heat'],
    ]);
    expect(columns.find((c) => c.table_name === 'changes' && c.column_name === 'payload')?.data_type).toBe('jsonb');
    expect(indexes.map((row) => row.indexname)).toEqual(expect.arrayContaining(['cases_month_rates', 'changes_street_seq', 'cases_geog']));

    // CI installs Debian's PostGIS: the hub must have it, and the geography follows lng/lat.
    expect(init.stdout).toMatch(/PostGIS 3\.\S+：已启用/);
    await client.query(
      `INSERT INTO cases (uid, case_no, status, received_at, lng, lat, hlc)
       VALUES ('ws-a:c1', 'DC-1', 'received', '2026-11-01T08:00:00Z', 116.4170, 39.9280, '1793000000000-0000')`,
    );
    const near = await client.query(
      `SELECT uid FROM cases WHERE ST_DWithin(geog, ST_SetSRID(ST_MakePoint(116.4180, 39.9280), 4326)::geography, 100)`,
    );
    expect(near.rows).toEqual([{ uid: 'ws-a:c1' }]);
  });

  it('changes nothing when run a second time, and keeps what the hub holds', async () => {
    const url = await createTestDatabase();
    expect(hub('init', url).status).toBe(0);
    const client = await connect(url);
    await client.query(`INSERT INTO workspaces (id, name, first_seen) VALUES ('ws-a', '东华门街道网格中心', '2026-12-01T00:00:00Z')`);
    const before = await fingerprint(client);

    const again = hub('init', withPassword(url));
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`数据结构已是最新（版本 ${LATEST}），未做任何更改`);
    expect(await fingerprint(client)).toEqual(before);

    const status = hub('status', withPassword(url));
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`数据结构版本 / Schema version: ${LATEST}`);
    expect(status.stdout).toContain('工作站 / Workspaces: 1');
    expect(status.stdout).toContain('变更 / Changes: 0');
  });

  it('gives cases their PostGIS geography on a later init when the first ran without PostGIS', async () => {
    const url = await createTestDatabase();
    const client = await connect(url);
    // As on a server without PostGIS: the numbered migrations alone.
    const bare = await migrateHub(client, hubMigrations, null);
    expect(bare).toMatchObject({ from: 0, to: LATEST, postgis: null, geographyAdded: false });
    const columns = () => client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'cases' AND column_name = 'geog'`);
    expect((await columns()).rowCount).toBe(0);

    const later = hub('init', url);
    expect(later.status).toBe(0);
    expect(later.stdout).toContain('已为案件加上 PostGIS 地理坐标列及其空间索引');
    expect(later.stdout).not.toContain('未做任何更改');
    expect((await columns()).rowCount).toBe(1);
    expect(hub('init', url).stdout).toContain('未做任何更改');
  });

  it('refuses a hub whose schema is newer than this GridDesk, and leaves it untouched', async () => {
    const url = await createTestDatabase();
    expect(hub('init', url).status).toBe(0);
    const client = await connect(url);
    await client.query(`INSERT INTO hub_schema_version (version, name, applied_at) VALUES (${LATEST + 1}, 'from_the_future', '2027-01-01T00:00:00Z')`);
    const before = await fingerprint(client);

    for (const command of ['init', 'status']) {
      const refused = hub(command, withPassword(url));
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`中心库的数据结构版本为 ${LATEST + 1}，比本版 GridDesk 认识的版本 ${LATEST} 更新：请先升级 GridDesk`);
      expect(refused.stderr).toContain('upgrade GridDesk first');
    }
    expect(await fingerprint(client)).toEqual(before);
  });

  it('names an unreachable hub without its password, and explains a malformed address', () => {
    const unreachable = hub('status', `postgres://griddesk:${PASSWORD}@127.0.0.1:1/hub`);
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toContain('无法连接中心库 postgres://griddesk:***@127.0.0.1:1/hub');

    const malformed = hub('init', `host=127.0.0.1 password=${PASSWORD}`);
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toContain('中心库地址应形如 postgres://');
    expect(hub('init').status).toBe(2);
  });

  it('reports a database that is not yet a hub', async () => {
    const url = await createTestDatabase();
    const status = hub('status', url);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('尚未建立中心库数据结构：请运行 npm run hub -- init');
  });
});
