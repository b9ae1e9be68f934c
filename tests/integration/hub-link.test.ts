import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime as bj } from '../../electron/services/calendar/work-calendar';
import { HubCursorRepository } from '../../electron/services/hub/hub-cursor.repository';
import { HubLinkRepository } from '../../electron/services/hub/hub-link.repository';
import { HubLinkService } from '../../electron/services/hub/hub-link.service';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { hubMigrations, hubPostgisScript } from '../../electron/services/hub/migrations';
import { DEFAULT_RATE_SETTINGS } from '../../electron/services/rates/rate-formulas';
import { createTestDatabase } from '../support/pg-cluster.mjs';
import { act, openDesk, type Desk } from './sync/sync-desks';

/**
 * The hub link (issue 14, transport 2): two real workspaces, each with its own scheduler, linked to
 * one real PostgreSQL hub through a TCP relay the test can cut. Nobody calls push or pull: a case
 * made on one desk appears on the other. With the relay down (connection refused, open connections
 * reset) local writes go on, the link says offline with the error, and when the relay is back the
 * waiting changes arrive by themselves.
 */

/** A relay on a fixed loopback port to the real server; down() refuses new connections and resets open ones. */
class Relay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    const server = net.createServer((inbound) => {
      const outbound = net.connect(this.target);
      for (const s of [inbound, outbound]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

describe('two workstations linked to one hub by their schedulers', () => {
  const now = bj(2026, 11, 2, 9);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hub-link-'));
  let url: URL;
  let relay: Relay;
  const desks: Desk[] = [];
  const links: HubLinkService[] = [];

  function newCase(desk: Desk, title: string): string {
    const db = desk.workspace.db;
    const grid = db.get<{ lng: number; lat: number }>(`SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1`)!;
    const category = db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
    const created = desk.cases.create({ source: 'hotline', categoryId: category.id, title, location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' } });
    return desk.sync.extract([created.id])[0]!.caseUid;
  }
  const statusOf = (desk: Desk, uid: string) => desk.workspace.db.get<{ status: string }>('SELECT status FROM cases WHERE id = ?', [desk.caseId(uid)!])?.status;

  beforeAll(async () => {
    url = new URL(await createTestDatabase());
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await migrateHub(admin, hubMigrations, hubPostgisScript);
    await admin.end();
    relay = new Relay({ host: url.hostname, port: Number(url.port) });
    await relay.up();
    for (const name of ['street', 'district']) {
      const desk = await openDesk(dir, name, () => now);
      desks.push(desk);
      links.push(new HubLinkService({
        sync: desk.sync, cursors: new HubCursorRepository(desk.workspace.db), repo: new HubLinkRepository(desk.workspace.db),
        commitSeq: () => desk.workspace.db.lastSeq, rateSettings: () => DEFAULT_RATE_SETTINGS, actorStaffId: () => null, readOnly: false,
        timing: { watchMs: 50, pushDebounceMs: 200, pullEveryMs: 500, retryMinMs: 200, retryMaxMs: 1000 },
      }));
    }
  }, 300_000);

  afterAll(async () => {
    for (const link of links) await link.stop();
    await relay?.down();
    for (const desk of desks) await desk.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores the hub with its password kept back, and says connected', async () => {
    const address = `postgres://${url.username}:s3cret-pw@127.0.0.1:${relay.port}${url.pathname}`;
    // Both are copies of the demo: only what happens from now on travels (the demo would count twice).
    for (const link of links) {
      const state = await link.configure({ address, enabled: true, shareHistory: false });
      expect(state.address).toBe(`postgres://${url.username}:***@127.0.0.1:${relay.port}${url.pathname}`);
      expect(JSON.stringify(state)).not.toContain('s3cret-pw');
      expect(state.hasPassword).toBe(true);
    }
    // The audit log records the change without the password.
    const audit = desks[0]!.workspace.db.all<{ detail: string }>("SELECT detail FROM audit_log WHERE detail LIKE '%hub.link%'");
    expect(audit.length).toBe(1);
    expect(audit[0]!.detail).not.toContain('s3cret-pw');
    // Saved again without a password for the same server: the stored one is kept.
    const again = await links[0]!.configure({ address: `postgres://${url.username}@127.0.0.1:${relay.port}${url.pathname}`, enabled: true, shareHistory: false });
    expect(again.hasPassword).toBe(true);
    await until('both connected', () => links.every((l) => l.state().status === 'connected'));
    expect(links[0]!.state().waiting).toBe(0);
  }, 120_000);

  it('a case made on one desk appears on the other, and a step taken there comes back, with no manual call', async () => {
    const uid = newCase(desks[0]!, '中心库链路测试：井盖缺失');
    const ms = await until('the case on the district desk', () => desks[1]!.caseId(uid) !== undefined);
    expect(desks[1]!.workspace.db.get<{ title: string }>('SELECT title FROM cases WHERE id = ?', [desks[1]!.caseId(uid)!])?.title).toBe('中心库链路测试：井盖缺失');
    expect(links[0]!.state()).toMatchObject({ status: 'connected', waiting: 0 });
    expect(links[0]!.state().sent).toBeGreaterThan(0);
    expect(links[1]!.state().received.cases).toBe(1);
    expect(ms).toBeLessThan(30_000);
    // The district registers it; the street sees the new state.
    const action = act(desks[1]!, desks[1]!.caseId(uid)!, 0);
    expect(action).toBeTruthy();
    const expected = statusOf(desks[1]!, uid);
    await until('the step on the street desk', () => statusOf(desks[0]!, uid) === expected);
  }, 120_000);

  it('with the hub gone, local writes go on and the link says offline; back, it catches up by itself', async () => {
    await relay.down();
    const started = performance.now();
    const uids = [newCase(desks[0]!, '中心库断开时登记：路灯不亮'), newCase(desks[0]!, '中心库断开时登记：垃圾满溢')];
    // A local write does not wait for the hub.
    expect(performance.now() - started).toBeLessThan(5000);
    await until('the street desk offline', () => links[0]!.state().status === 'offline');
    const offline = links[0]!.state();
    expect(offline.lastError).toMatch(/中心库|hub|ECONNREFUSED|connect/i);
    expect(offline.lastError).not.toContain('s3cret-pw');
    expect(offline.waiting).toBeGreaterThan(0);
    expect(offline.retryAt).not.toBeNull();
    // Writes keep working while offline, through several retries.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    uids.push(newCase(desks[0]!, '中心库断开时登记：占道经营'));
    expect(links[0]!.state().status).toBe('offline');

    await relay.up();
    await until('all three cases on the district desk', () => uids.every((uid) => desks[1]!.caseId(uid) !== undefined), 60_000);
    await until('the street desk connected with nothing waiting', () => links[0]!.state().status === 'connected' && links[0]!.state().waiting === 0);
  }, 120_000);

  it('tests an address without storing it, and reads the city\'s three rates from the hub', async () => {
    const wrongPort = await links[0]!.test(`postgres://${url.username}@127.0.0.1:1${url.pathname}`);
    expect(wrongPort.ok).toBe(false);
    expect(wrongPort.message).toMatch(/无法连接中心库/);
    const stored = await links[0]!.test();
    expect(stored).toMatchObject({ ok: true, version: hubMigrations.length, known: hubMigrations.length });
    expect(stored.serverVersion).toMatch(/^\d+/);
    const city = await links[1]!.cityRates('2026-11');
    // The four cases made in this test, from one desk, are the hub's month.
    expect(city.total.counts.cases).toBe(4);
    expect(city.streets.reduce((sum, s) => sum + s.counts.cases, 0)).toBe(4);
    expect(city.streets[0]!.streetName).toMatch(/街道/);
    expect(city.coverage.month).toBe('2026-11');
  }, 60_000);

  it('stops cleanly: no round after stop, and a stopped link leaves the workspace to close', async () => {
    await links[1]!.stop();
    const seq = desks[1]!.workspace.db.lastSeq;
    newCase(desks[0]!, '停止后登记：不应到达');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(desks[1]!.workspace.db.lastSeq).toBe(seq);
    expect(links[1]!.state().status).toBe('off');
  }, 60_000);
});
