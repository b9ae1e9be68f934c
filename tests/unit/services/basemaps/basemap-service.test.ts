import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCall } from '../../../../electron/contract/validate';
import { Backend } from '../../../../electron/services/backend/backend';
import { tilePixelSize } from '../../../../electron/services/tiles/tile-size';
import { openTileArchive } from '../../../../electron/services/tiles/tile-archive';
import { repoRoot, sharedData } from '../../../support/build';
import { createFirstAdmin } from '../../../support/sign-in';

const tiles = (name: string) => path.join(sharedData, 'tiles', name);
/** What the renderer sends: the file's bytes, never its path. */
const upload = (name: string) => ({ fileName: name, dataBase64: fs.readFileSync(tiles(name)).toString('base64') });
let backend: Backend;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-basemaps-'));
  backend = new Backend({ configDir: path.join(dir, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
  await backend.createWorkspace(path.join(dir, 'ws'), false);
  await createFirstAdmin(backend);
});
afterAll(async () => {
  await backend.closeWorkspace();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('offline archives', () => {
  it('accepts archives only as bytes: a renderer cannot make the backend read a path it names', () => {
    const byPath = validateCall('basemaps:importArchive', { filePath: '/etc/passwd' });
    expect(byPath.ok).toBe(false);
    const mixed = validateCall('basemaps:importArchive', { fileName: 'x.mbtiles', dataBase64: 'AA==', filePath: '/etc/passwd' });
    expect(mixed.ok).toBe(false);
    expect(validateCall('basemaps:importArchive', { fileName: 'x.mbtiles', dataBase64: 'AA==' }).ok).toBe(true);
  });

  it("shows the bundled Beijing archive's own bounds (not 全球): the same as its metadata", async () => {
    const bundled = (await backend.call('basemaps:list', {})).find((b) => b.fileName === 'beijing-offline.mbtiles')!;
    const archive = await openTileArchive(path.join(repoRoot, 'resources', 'tiles', 'beijing-offline.mbtiles'));
    const own = archive.info().bounds!;
    await archive.close();
    expect(own[0]).toBeGreaterThan(115);
    expect(bundled.bounds).toEqual(own);
  });

  it('imports raster MBTiles and PMTiles into the workspace with bounds, zoom range and tile size, served as tiles', async () => {
    const world = await backend.call('basemaps:importArchive', upload('node-mbtiles_plain_1.mbtiles'));
    expect(world).toMatchObject({ tileCount: 285, format: 'png' });
    expect(world.basemap).toMatchObject({ kind: 'mbtiles', offline: true, minZoom: 0, maxZoom: 4, tileSize: 256, crs: 'wgs84' });
    expect(world.basemap.urlTemplate).toBe(`tiles/${world.basemap.id}/{z}/{x}/{y}`);
    expect(fs.existsSync(path.join(dir, 'ws', 'basemaps', 'node-mbtiles_plain_1.mbtiles'))).toBe(true);
    const tile = await backend.tile(world.basemap.id, 1, 1, 0);
    expect(tile.status).toBe(200);
    const beyond = await backend.tile(world.basemap.id, 9, 400, 200);
    expect(beyond).toMatchObject({ status: 204, outOfZoomRange: { minZoom: 0, maxZoom: 4 } });

    const whitney = await backend.call('basemaps:importArchive', {
      fileName: 'usgs-mt-whitney-8-15-webp-512.pmtiles', dataBase64: fs.readFileSync(tiles('usgs-mt-whitney-8-15-webp-512.pmtiles')).toString('base64'),
    });
    expect(whitney.basemap).toMatchObject({ kind: 'pmtiles', minZoom: 8, maxZoom: 15, tileSize: 512 });
    expect(whitney.basemap.bounds![0]).toBeCloseTo(-118.32, 2);
    for (const name of ['node-mbtiles_plain_3.mbtiles', 'node-mbtiles_some-empty-tiles.mbtiles', 'stamen_toner_raster_z3.pmtiles']) {
      expect((await backend.call('basemaps:importArchive', upload(name))).basemap.offline).toBe(true);
    }
  });

  it('refuses the corrupt archive and the vector archive with the reason, keeping nothing', async () => {
    const before = (await backend.call('basemaps:list', {})).length;
    await expect(backend.call('basemaps:importArchive', upload('node-mbtiles_corrupt_null_tile.mbtiles')))
      .rejects.toMatchObject({ code: 'archive_damaged', message: expect.stringMatching(/node-mbtiles_corrupt_null_tile\.mbtiles.*损坏/) });
    await expect(backend.call('basemaps:importArchive', upload('pmtiles_test_fixture_1.pmtiles')))
      .rejects.toMatchObject({ code: 'archive_vector' });
    await expect(backend.call('basemaps:importArchive', { fileName: 'x.mbtiles', dataBase64: Buffer.from('not a map').toString('base64') }))
      .rejects.toMatchObject({ code: 'archive_unusable', message: expect.stringContaining('x.mbtiles') });
    expect((await backend.call('basemaps:list', {})).length).toBe(before);
    expect(fs.readdirSync(path.join(dir, 'ws', 'basemaps')).filter((f) => /corrupt|fixture|importing|^x\./.test(f))).toEqual([]);
  });
});

describe('online sources', () => {
  it('saves Tianditu with a key (vector + annotation) and AMap as GCJ-02', async () => {
    const presets = await backend.call('basemaps:presets', {});
    const tdt = presets.find((p) => p.key === 'tianditu-vec')!;
    let list = await backend.call('basemaps:saveOnline', { ...tdt, id: null, apiKey: null });
    expect(list.find((b) => b.name === '天地图矢量')).toMatchObject({ missingKey: true, crs: 'cgcs2000' });
    const saved = list.find((b) => b.name === '天地图矢量')!;
    list = await backend.call('basemaps:saveOnline', { ...tdt, id: saved.id, apiKey: 'abc123' });
    const withKey = list.find((b) => b.id === saved.id)!;
    expect(withKey.missingKey).toBe(false);
    expect(withKey.urlTemplate).toContain('tk=abc123');
    expect(withKey.labelsUrlTemplate).toContain('LAYER=cva');
    expect(withKey.subdomains).toBe('01234567');
    const amap = presets.find((p) => p.key === 'amap')!;
    list = await backend.call('basemaps:saveOnline', { ...amap, id: null, apiKey: null });
    expect(list.find((b) => b.name === '高德地图')).toMatchObject({ crs: 'gcj02', offline: false, missingKey: false });
    list = await backend.call('basemaps:remove', { id: saved.id });
    expect(list.some((b) => b.id === saved.id)).toBe(false);
  });
});

describe('tilePixelSize', () => {
  it('reads PNG and WebP headers', () => {
    const png = Buffer.alloc(24);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
    png.writeUInt32BE(512, 16);
    expect(tilePixelSize(png)).toBe(512);
    expect(tilePixelSize(Buffer.from('nothing'))).toBeNull();
  });
});
