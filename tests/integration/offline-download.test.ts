// "Save this area for offline" against a local tile server (node:http, generated PNGs): request
// spacing, User-Agent, 429/Retry-After, 5xx retries, giving up, cancel mid-way and resume.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfflineArea } from '../../electron/contract';
import { BasemapRepository } from '../../electron/services/basemaps/basemap.repository';
import { BasemapService } from '../../electron/services/basemaps/basemap.service';
import { MbtilesArchive } from '../../electron/services/tiles/mbtiles';
import { encodeIndexedPng } from '../../electron/services/tiles/raster';
import { Workspace } from '../../electron/services/workspace/workspace';
import { repoRoot } from '../support/build';

interface Hit { url: string; at: number; userAgent: string }
const hits: Hit[] = [];
/** Every request as the downloader sent it (its fetch, wrapped). */
const sent: { url: string; at: number }[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  sent.push({ url: String(input), at: performance.now() });
  return fetch(input, init);
};
/** url → answers to give before the tile (e.g. [429, 500]); 'always500' never succeeds; 404 = no tile. */
const script = new Map<string, (number | 'always500')[]>();
let server: http.Server;
let base: string;
let dir: string;
let workspace: Workspace;
let service: BasemapService;

function tilePng(z: number, x: number, y: number): Buffer {
  const rgb = new Uint8Array(256 * 256 * 3).fill(40 + ((z * 37 + x * 11 + y * 7) % 200));
  return encodeIndexedPng(256, 256, rgb)!;
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    hits.push({ url, at: performance.now(), userAgent: String(req.headers['user-agent']) });
    const m = /^\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(url);
    const queue = script.get(url);
    const next = queue?.[0];
    if (next === 'always500') return void res.writeHead(500).end('down');
    if (next !== undefined) {
      queue!.shift();
      if (next === 429) return void res.writeHead(429, { 'Retry-After': '1' }).end();
      if (next === 404) return void res.writeHead(404).end();
      return void res.writeHead(next).end('error');
    }
    if (!m) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'image/png' }).end(tilePng(Number(m[1]), Number(m[2]), Number(m[3])));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-offline-'));
  workspace = await Workspace.open(path.join(dir, 'ws'), { create: true });
  service = new BasemapService(new BasemapRepository(workspace.db), path.join(repoRoot, 'resources'), workspace.dir, { backoffMs: 20, saveEveryMs: 0, fetch: recordingFetch });
  service.ensureDefaults();
});
afterAll(async () => {
  await service.downloads.stopAll();
  await workspace.close();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

function addSource(name: string, crs: 'wgs84' | 'gcj02'): number {
  const list = service.saveOnline({
    id: null, name, urlTemplate: `${base}/{z}/{x}/{y}.png`, labelsUrlTemplate: null, subdomains: 'abc', crs,
    minZoom: 0, maxZoom: 18, attribution: `© ${name}`, apiKey: null,
  });
  return list.find((b) => b.name === name)!.id;
}

const area = (sourceId: number, extra: Partial<OfflineArea> = {}): OfflineArea => ({
  sourceId, bounds: [116.38, 39.9, 116.42, 39.93], minZoom: 12, maxZoom: 13, name: null, ratePerSecond: 8, maxTries: 3, ...extra,
});

describe('save this area for offline', () => {
  it('counts the tiles first and refuses an area over 50,000 tiles with a clear message', () => {
    const id = addSource('本地瓦片', 'wgs84');
    const small = service.downloads.estimate(area(id, { maxZoom: 14 }));
    expect(small.perZoom).toEqual([{ z: 12, tiles: 2 }, { z: 13, tiles: 4 }, { z: 14, tiles: 9 }]);
    expect(small).toMatchObject({ tiles: 15, message: null, limit: 50_000 });
    expect(small.estimatedBytes).toBeGreaterThan(0);
    const beijing = area(id, { bounds: [115.4, 39.4, 117.5, 41.1], minZoom: 8, maxZoom: 16 });
    const big = service.downloads.estimate(beijing);
    expect(big.tiles).toBeGreaterThan(50_000);
    expect(big.message).toMatch(/超过上限 50,000.*over the 50000 limit/s);
    expect(() => service.downloads.start(beijing)).toThrow(/超过上限 50,000/);
    expect(hits).toHaveLength(0);
  });

  it('fetches at most ratePerSecond requests a second, names GridDesk, obeys 429 Retry-After, retries 5xx and reports a tile it gave up on', async () => {
    const id = addSource('限速测试', 'wgs84');
    hits.length = 0;
    sent.length = 0;
    script.set('/13/6744/3103.png', [429]);
    script.set('/13/6745/3103.png', [500, 503]);
    script.set('/13/6744/3104.png', ['always500']);
    script.set('/12/3372/1552.png', [404]);
    const started = service.downloads.start(area(id));
    expect(started).toMatchObject({ state: 'running', total: 6, crs: 'wgs84' });
    const job = await service.downloads.wait(started.jobId);
    expect(job).toMatchObject({ state: 'done', total: 6, stored: 4, missing: 1, failed: 1, skipped: 0 });
    expect(job.failedTiles).toEqual([{ z: 13, x: 6744, y: 3104, reason: 'HTTP 500' }]);
    expect(job.message).toMatch(/1 个瓦片多次重试后仍失败/);
    // 6 tiles + 1 retry after 429 + 2 retries after 5xx + 2 more tries of the dead tile.
    expect(hits).toHaveLength(11);
    expect(hits.every((h) => /^GridDesk\//.test(h.userAgent))).toBe(true);
    // Never two requests sent closer than 1/8 s (times taken where fetch is called: arrival times at
    // the server jitter with the machine's load; 2 ms slack for timer granularity).
    expect(sent.map((s) => s.url)).toEqual(hits.map((h) => `${base}${h.url}`));
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(125 - 2);
    // Retry-After: 1 means the next request waits a second.
    const after429 = sent.findIndex((s) => s.url.endsWith('/13/6744/3103.png'));
    expect(sent[after429 + 1].at - sent[after429].at).toBeGreaterThanOrEqual(1000 - 2);
    // The result is an offline basemap with its bounds and zoom range, readable by the archive reader.
    const basemap = service.list().find((b) => b.id === job.basemapId)!;
    expect(basemap).toMatchObject({ kind: 'mbtiles', offline: true, minZoom: 12, maxZoom: 13, bounds: [116.38, 39.9, 116.42, 39.93], crs: 'wgs84', tileSize: 256 });
    const archive = await MbtilesArchive.open(service.archiveFile(basemap.id)!);
    expect(archive.info()).toMatchObject({ tileCount: 4, format: 'png', minZoom: 12, maxZoom: 13 });
    expect((await archive.getTile(12, 3372, 1551))?.contentType).toBe('image/png');
    await archive.close();
  });

  it('cancels mid-way leaving a valid archive, and resumes without fetching stored tiles again; a GCJ-02 source gives a GCJ-02 archive', async () => {
    const id = addSource('高德测试', 'gcj02');
    hits.length = 0;
    const job = service.downloads.start(area(id, { minZoom: 14, maxZoom: 15, name: '东城 离线' }));
    expect(job.total).toBe(29);
    while (hits.length < 5) await new Promise((resolve) => setTimeout(resolve, 20));
    const cancelled = await service.downloads.cancel(job.jobId);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.stored).toBeGreaterThanOrEqual(4);
    expect(cancelled.stored).toBeLessThan(29);
    expect(cancelled.message).toMatch(/已取消/);
    const partial = path.join(workspace.dir, 'basemaps', cancelled.fileName);
    const opened = await MbtilesArchive.open(partial);
    expect(opened.info().tileCount).toBe(cancelled.stored);
    expect(opened.metadata.griddesk_crs).toBe('gcj02');
    await opened.close();
    const before = new Set(hits.map((h) => h.url));
    const seen = hits.length;

    await service.downloads.resume(job.jobId);
    const done = await service.downloads.wait(job.jobId);
    expect(done).toMatchObject({ state: 'done', stored: 29, skipped: cancelled.stored, failed: 0 });
    const fetchedAgain = hits.slice(seen).filter((h) => before.has(h.url));
    // At most the one tile whose request was in flight when cancelled is asked for again.
    expect(fetchedAgain.length).toBeLessThanOrEqual(1);
    expect(hits.length - seen).toBe(29 - cancelled.stored);
    const basemap = service.list().find((b) => b.id === done.basemapId)!;
    expect(basemap).toMatchObject({ name: '东城 离线', crs: 'gcj02', offline: true, fileName: '东城_离线.mbtiles' });
    expect(fs.existsSync(partial)).toBe(false);
    expect((await service.downloads.list())[0]).toMatchObject({ jobId: job.jobId, state: 'done' });
  });

  it('resumes after a restart: the partial file carries what to download', async () => {
    const id = addSource('重启测试', 'wgs84');
    hits.length = 0;
    const job = service.downloads.start(area(id, { minZoom: 14, maxZoom: 14, name: '重启' }));
    while (hits.length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    const cancelled = await service.downloads.cancel(job.jobId);
    // A new session: a fresh service over the same workspace finds the partial download.
    const restarted = new BasemapService(new BasemapRepository(workspace.db), path.join(repoRoot, 'resources'), workspace.dir, { backoffMs: 20 });
    const [found] = (await restarted.downloads.list()).filter((j) => j.jobId === job.jobId);
    expect(found).toMatchObject({ state: 'cancelled', stored: cancelled.stored, total: 9, name: '重启', sourceId: id });
    expect(found.message).toMatch(/上次未完成/);
    await restarted.downloads.resume(job.jobId);
    expect(await restarted.downloads.wait(job.jobId)).toMatchObject({ state: 'done', stored: 9, skipped: cancelled.stored });
  });

  it('stops a download when its workspace closes, leaving it resumable', async () => {
    const other = await Workspace.open(path.join(dir, 'other'), { create: true });
    const second = new BasemapService(new BasemapRepository(other.db), path.join(repoRoot, 'resources'), other.dir, { backoffMs: 20 });
    second.ensureDefaults();
    const sourceId = second.saveOnline({
      id: null, name: '关闭测试', urlTemplate: `${base}/{z}/{x}/{y}.png`, labelsUrlTemplate: null, subdomains: 'abc', crs: 'wgs84',
      minZoom: 0, maxZoom: 18, attribution: null, apiKey: null,
    }).find((b) => b.name === '关闭测试')!.id;
    hits.length = 0;
    const job = second.downloads.start(area(sourceId, { minZoom: 14, maxZoom: 15 }));
    while (hits.length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    await other.close();
    const stopped = await second.downloads.wait(job.jobId);
    expect(stopped.state).toBe('cancelled');
    expect(stopped.stored).toBeLessThan(29);
    const requestsAtClose = hits.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(hits.length).toBe(requestsAtClose);
    expect(fs.existsSync(path.join(other.dir, 'basemaps', stopped.fileName))).toBe(true);
  });

  it('refuses an offline source and a second download while one runs', async () => {
    const offline = service.list().find((b) => b.offline)!;
    expect(() => service.downloads.estimate(area(offline.id))).toThrow(/已是离线底图/);
    const id = addSource('并发测试', 'wgs84');
    const first = service.downloads.start(area(id, { minZoom: 15, maxZoom: 15 }));
    expect(() => service.downloads.start(area(id))).toThrow(/正在下载/);
    await service.downloads.cancel(first.jobId);
  });
});
