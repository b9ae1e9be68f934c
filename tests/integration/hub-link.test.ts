import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime as bj } from '../../electron/services/calendar/work-calendar';
import { HubCityRatesService } from '../../electron/services/hub/hub-city-rates.service';
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
        commitSeq: () => desk.workspace.db.lastSeq, actorStaffId: () => null, readOnly: false,
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
    const city = await new HubCityRatesService({
      open: () => links[1]!.openConnection(), streetNames: () => new HubLinkRepository(desks[1]!.workspace.db).streetNames(),
      rateSettings: () => DEFAULT_RATE_SETTINGS, clock: Date.now,
    }).cityRates('2026-11');
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

/** A case made on a desk at the centroid of a grid, and its uid. */
function caseInGrid(desk: Desk, gridCode: string, title: string): string {
  const db = desk.workspace.db;
  const grid = db.get<{ lng: number; lat: number }>('SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE code = ?', [gridCode])!;
  const category = db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
  const created = desk.cases.create({ source: 'hotline', categoryId: category.id, title, location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' } });
  return desk.sync.extract([created.id])[0]!.caseUid;
}

describe('a scoped workstation takes from the hub only its scope\'s cases', () => {
  const now = bj(2026, 11, 3, 9);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hub-scope-'));
  let address: string;
  let district: Desk;
  let community: Desk;
  let districtLink: HubLinkService;
  let communityLink: HubLinkService;
  /** Grids of the demo: one in the community desk's community, one in a sister community, one in another street. */
  let places: { home: { grid: string; community: string; street: string }; sister: { grid: string; community: string }; other: { grid: string; street: string } };
  const uids: Record<string, string> = {};
  const has = (desk: Desk, uid: string) => desk.caseId(uid) !== undefined;
  const caseCount = (desk: Desk) => desk.workspace.db.get<{ n: number }>('SELECT count(*) AS n FROM cases')!.n;

  function linkOf(desk: Desk): HubLinkService {
    return new HubLinkService({
      sync: desk.sync, cursors: new HubCursorRepository(desk.workspace.db), repo: new HubLinkRepository(desk.workspace.db),
      commitSeq: () => desk.workspace.db.lastSeq, actorStaffId: () => null, readOnly: false,
      timing: { watchMs: 50, pushDebounceMs: 200, pullEveryMs: 500, retryMinMs: 200, retryMaxMs: 1000 },
    });
  }
  /** Everything the district made is on the hub, and the community desk has pulled after it. */
  async function settled(): Promise<void> {
    await until('the district desk has pushed', () => districtLink.state().waiting === 0 && districtLink.state().status === 'connected');
    await communityLink.syncNow();
  }

  beforeAll(async () => {
    const url = new URL(await createTestDatabase());
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await migrateHub(admin, hubMigrations, hubPostgisScript);
    await admin.end();
    address = url.toString();
    district = await openDesk(dir, 'district', () => now);
    community = await openDesk(dir, 'community', () => now);
    [districtLink, communityLink] = [linkOf(district), linkOf(community)];
    const db = district.workspace.db;
    const gridSql = `SELECT g.code AS grid, c.code AS community, s.code AS street FROM regions g
      JOIN regions c ON c.id = g.parent_id JOIN regions s ON s.id = c.parent_id WHERE g.level = 'grid'`;
    const home = db.get<{ grid: string; community: string; street: string }>(`${gridSql} ORDER BY g.code LIMIT 1`)!;
    const sister = db.get<{ grid: string; community: string }>(`${gridSql} AND s.code = ? AND c.code <> ? ORDER BY g.code LIMIT 1`, [home.street, home.community])!;
    const other = db.get<{ grid: string; street: string }>(`${gridSql} AND s.code <> ? ORDER BY g.code LIMIT 1`, [home.street])!;
    places = { home, sister, other };
  }, 300_000);

  afterAll(async () => {
    for (const link of [districtLink, communityLink]) await link?.stop();
    for (const desk of [district, community]) await desk?.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a community desk receives its community\'s cases and not the others\', and still pushes all it has', async () => {
    await expect(communityLink.configure({ address, enabled: true, shareHistory: false, scope: ['999999999999'] })).rejects.toThrow(/编码/);
    await districtLink.configure({ address, enabled: true, shareHistory: false, scope: 'all' });
    const state = await communityLink.configure({ address, enabled: true, shareHistory: false, scope: [places.home.community] });
    expect(state.scope).toEqual([places.home.community]);
    await until('both connected', () => districtLink.state().status === 'connected' && communityLink.state().status === 'connected');

    // The community's case last: once it is here, the community desk's pull cursor lies beyond the other two,
    // so only a widened scope's fresh read of the hub can bring them later.
    uids.sister = caseInGrid(district, places.sister.grid, '区中心登记：同街道另一社区路灯不亮');
    uids.other = caseInGrid(district, places.other.grid, '区中心登记：其他街道占道经营');
    uids.home = caseInGrid(district, places.home.grid, '区中心登记：本社区井盖缺失');
    // Each case lies where the test means it to (the grid's centroid is inside the grid).
    const placeOf = (uid: string) => district.sync.extract([district.caseId(uid)!]).find((c) => c.kind === 'case_base')!.place;
    expect(placeOf(uids.home!).community).toBe(places.home.community);
    expect(placeOf(uids.sister!).community).toBe(places.sister.community);
    expect(placeOf(uids.other!).street).toBe(places.other.street);

    await until('the community\'s case on the community desk', () => has(community, uids.home!));
    await settled();
    expect(has(community, uids.sister!)).toBe(false);
    expect(has(community, uids.other!)).toBe(false);

    // Push is not limited by the scope: a case the community desk makes in another street reaches the district.
    uids.mine = caseInGrid(community, places.other.grid, '社区登记：其他街道的群众来电');
    await until('the community desk\'s case on the district desk', () => has(district, uids.mine!));
  }, 180_000);

  it('widening the scope brings the older cases of the newly covered places', async () => {
    const widened = await communityLink.configure({ address, enabled: true, shareHistory: false, scope: [places.home.community, places.other.street] });
    expect(widened.scope).toEqual([places.home.community, places.other.street].sort());
    await until('the other street\'s earlier case on the community desk', () => has(community, uids.other!));
    await communityLink.syncNow();
    expect(has(community, uids.sister!)).toBe(false);
    await communityLink.configure({ address, enabled: true, shareHistory: false, scope: 'all' });
    await until('the sister community\'s earlier case on the community desk', () => has(community, uids.sister!));
  }, 180_000);

  it('narrowing keeps every case already here and only limits what comes next', async () => {
    const before = caseCount(community);
    const narrowed = await communityLink.configure({ address, enabled: true, shareHistory: false, scope: [places.home.community] });
    expect(narrowed.scope).toEqual([places.home.community]);
    await until('connected again', () => communityLink.state().status === 'connected');
    expect(caseCount(community)).toBe(before);
    for (const key of ['home', 'sister', 'other', 'mine']) expect(has(community, uids[key]!)).toBe(true);

    uids.laterOther = caseInGrid(district, places.other.grid, '缩小范围后：其他街道');
    uids.laterHome = caseInGrid(district, places.home.grid, '缩小范围后：本社区');
    await until('the later case of the community', () => has(community, uids.laterHome!));
    await settled();
    expect(has(community, uids.laterOther!)).toBe(false);
    expect(caseCount(community)).toBe(before + 1);
    // The audit log records each scope the administrator set.
    const audit = community.workspace.db.all<{ detail: string }>("SELECT detail FROM audit_log WHERE detail LIKE '%hub.link%' ORDER BY id");
    expect(audit.map((a) => JSON.parse(a.detail).value.scope)).toEqual([[places.home.community], [places.home.community, places.other.street].sort(), 'all', [places.home.community]]);
  }, 180_000);
});
