import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/services/backend/backend';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { hubCounts } from '../../electron/services/hub/hub.repository';
import { hubMigrations, hubPostgisScript } from '../../electron/services/hub/migrations';
import { repoRoot } from '../support/build';
import { createTestDatabase } from '../support/pg-cluster.mjs';
import { signIn } from '../support/sign-in';

/**
 * The hub link as the app wires it: the setting through the channels on a real demo workspace,
 * kept across closing and reopening (the link starts again by itself from the stored setting, its
 * password never in an answer), closing promptly with the link running, and a new case reaching
 * the hub with nobody asking.
 */
describe('the hub link in the backend', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hub-backend-'));
  const dir = path.join(root, 'ws');
  let backend: Backend;
  let hub: pg.Client;
  let address: string;

  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  beforeAll(async () => {
    const url = new URL(await createTestDatabase());
    hub = new pg.Client({ connectionString: url.toString() });
    await hub.connect();
    await migrateHub(hub, hubMigrations, hubPostgisScript);
    url.password = 'kept-back-pw';
    address = url.toString();
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.createWorkspace(dir, true);
    await signIn(backend);
  }, 300_000);

  afterAll(async () => {
    await backend?.closeWorkspace();
    await hub?.end();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('stores the setting, connects, and answers without the password', async () => {
    expect(await backend.call('hub:state', {})).toMatchObject({ configured: false, status: 'off', address: null });
    const test = await backend.call('hub:test', { address });
    expect(test).toMatchObject({ ok: true, version: hubMigrations.length });
    expect(test.address).not.toContain('kept-back-pw');
    // A street desk: it takes from the hub only its street's cases (the scope travels through the channel and is kept).
    const street = (await backend.call('regions:tree', {})).find((r) => r.level === 'street')!;
    await expect(backend.call('hub:saveSettings', { address, enabled: true, shareHistory: false, scope: ['not-a-place'] })).rejects.toMatchObject({ code: 'hub_bad_scope' });
    const saved = await backend.call('hub:saveSettings', { address, enabled: true, shareHistory: false, scope: [street.code] });
    expect(saved.address).toContain(':***@');
    expect(saved.scope).toEqual([street.code]);
    await until('connected', async () => (await backend.call('hub:state', {})).status === 'connected');
    expect(JSON.stringify(await backend.call('hub:state', {}))).not.toContain('kept-back-pw');
  }, 120_000);

  it('closes promptly with the link running, and after reopening syncs again from the stored setting', async () => {
    const started = Date.now();
    await backend.closeWorkspace();
    expect(Date.now() - started).toBeLessThan(10_000);
    await backend.openWorkspace(dir);
    await signIn(backend);
    const state = await backend.call('hub:state', {});
    expect(state).toMatchObject({ configured: true, enabled: true, hasPassword: true });
    expect(state.scope).toHaveLength(1);
    await until('connected again', async () => (await backend.call('hub:state', {})).status === 'connected');

    const before = (await hubCounts(hub)).cases;
    const category = (await backend.call('directory:categories', {})).find((c) => c.level === 2 && c.defaultDepartmentId !== null)!;
    const grid = (await backend.call('regions:tree', {})).find((r) => r.level === 'grid' && r.centroid)!;
    await backend.call('cases:create', { source: 'hotline', categoryId: category.id, title: '中心库接线测试：共享单车乱停放', location: { lng: grid.centroid![0], lat: grid.centroid![1], crs: 'wgs84' } });
    await until('the case on the hub', async () => (await hubCounts(hub)).cases === before + 1);
    await until('nothing waiting', async () => (await backend.call('hub:state', {})).waiting === 0);
  }, 300_000);

  it('removes the setting: the link stops and the state says so', async () => {
    const cleared = await backend.call('hub:clearSettings', {});
    expect(cleared).toMatchObject({ configured: false, status: 'off', address: null, hasPassword: false });
  });
});
