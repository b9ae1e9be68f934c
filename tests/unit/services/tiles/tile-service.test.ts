import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TileArchiveCache, openTileArchive } from '../../../../electron/services/tiles/tile-archive';
import { TileArchiveError, type TileArchive } from '../../../../electron/services/tiles/tile-format';
import { OUT_OF_ZOOM_RANGE_MESSAGE, TileService } from '../../../../electron/services/tiles/tile.service';
import { PNG_MAGIC, fixture, hasMagic, removeTempDirs, tempDir } from './tile-fixtures';

afterEach(removeTempDirs);

describe('openTileArchive', () => {
  it('picks the reader by content, not by file name', async () => {
    const dir = tempDir();
    const disguised = path.join(dir, 'actually-mbtiles.pmtiles');
    fs.copyFileSync(fixture('node-mbtiles_some-empty-tiles.mbtiles'), disguised);
    const a = await openTileArchive(disguised);
    expect(a.info().kind).toBe('mbtiles');
    await a.close();
    const other = path.join(dir, 'actually-pmtiles.mbtiles');
    fs.copyFileSync(fixture('stamen_toner_raster_z3.pmtiles'), other);
    const b = await openTileArchive(other);
    expect(b.info().kind).toBe('pmtiles');
    await b.close();
  });

  it('names the file when it is neither', async () => {
    const file = path.join(tempDir(), 'map.png');
    fs.writeFileSync(file, Buffer.from(PNG_MAGIC));
    await expect(openTileArchive(file)).rejects.toThrow(TileArchiveError);
    await expect(openTileArchive(file)).rejects.toThrow(/map\.png.*既不是 MBTiles/);
    await expect(openTileArchive(path.join(tempDir(), 'none.mbtiles'))).rejects.toThrow(/文件不存在/);
  });
});

describe('TileArchiveCache', () => {
  it('shares one open per file, evicts (and closes) the least recently used', async () => {
    const opened: string[] = [];
    const closed: string[] = [];
    const fake = async (file: string): Promise<TileArchive> => {
      opened.push(file);
      return { file, info: () => ({}) as never, getTile: async () => null, close: async () => void closed.push(file) };
    };
    const cache = new TileArchiveCache(2, fake);
    const [a, b, c] = ['node-mbtiles_plain_1.mbtiles', 'node-mbtiles_plain_3.mbtiles', 'stamen_toner_raster_z3.pmtiles'].map(fixture);
    const [a1, a2] = await Promise.all([cache.get(a), cache.get(a)]);
    expect(a1).toBe(a2);
    await cache.get(b);
    await cache.get(a); // a is now the most recently used
    await cache.get(c); // evicts b
    await new Promise((r) => setTimeout(r, 0));
    expect(opened).toEqual([a, b, c]);
    expect(closed).toEqual([b]);
    expect(cache.size).toBe(2);
    await cache.closeAll();
    expect(closed.sort()).toEqual([a, b, c].sort());
  });

  it('reopens a file that was replaced, and does not cache failed opens', async () => {
    const file = path.join(tempDir(), 'basemap.mbtiles');
    fs.writeFileSync(file, 'not yet');
    const cache = new TileArchiveCache();
    await expect(cache.get(file)).rejects.toThrow(TileArchiveError);
    fs.copyFileSync(fixture('node-mbtiles_some-empty-tiles.mbtiles'), file);
    const first = await cache.get(file);
    expect(first.info().tileCount).toBe(11);
    fs.copyFileSync(fixture('node-mbtiles_plain_1.mbtiles'), file);
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const second = await cache.get(file);
    expect(second).not.toBe(first);
    expect(second.info().tileCount).toBe(285);
    await cache.closeAll();
  });
});

describe('TileService', () => {
  const files: Record<string, string> = {
    world: fixture('node-mbtiles_plain_1.mbtiles'),
    europe: fixture('node-mbtiles_plain_3.mbtiles'),
    broken: fixture('node-mbtiles_corrupt_null_tile.mbtiles'),
    toner: fixture('stamen_toner_raster_z3.pmtiles'),
    vector: fixture('pmtiles_test_fixture_1.pmtiles'),
    gone: '/nonexistent/griddesk/basemap.mbtiles',
  };
  const service = () => new TileService<string>((id) => files[id]);

  it('200 with the tile and its content type', async () => {
    const s = service();
    const answer = await s.getTile('world', 1, 0, 0);
    expect(answer.status).toBe(200);
    if (answer.status === 200) {
      expect(answer.contentType).toBe('image/png');
      expect(hasMagic(answer.data, PNG_MAGIC)).toBe(true);
    }
    expect(await s.getTile('toner', 3, 6, 3)).toMatchObject({ status: 200, contentType: 'image/png' });
    expect(await s.getTile('vector', 0, 0, 0)).toMatchObject({ status: 200, contentEncoding: 'gzip' });
    await s.close();
  });

  it('204 for no tile, and 204 with a message outside the zoom range', async () => {
    const s = service();
    expect(await s.getTile('europe', 5, 0, 0)).toEqual({ status: 204 });
    expect(await s.getTile('world', 2, 9, 0)).toEqual({ status: 204 });
    expect(await s.getTile('europe', 9, 260, 170)).toEqual({
      status: 204,
      outOfZoomRange: { minZoom: 4, maxZoom: 8, message: OUT_OF_ZOOM_RANGE_MESSAGE },
    });
    expect(await s.getTile('europe', 2, 2, 1)).toMatchObject({ status: 204, outOfZoomRange: { minZoom: 4 } });
    await s.close();
  });

  it('404 with a clear message for unknown basemaps, missing files and damaged tiles', async () => {
    const s = service();
    expect(await s.getTile('nope', 0, 0, 0)).toEqual({ status: 404, message: '未知的离线底图：nope' });
    const missing = await s.getTile('gone', 0, 0, 0);
    expect(missing).toMatchObject({ status: 404 });
    expect(missing.status === 404 && missing.message).toMatch(/basemap\.mbtiles.*文件不存在/);
    const damaged = await s.getTile('broken', 1, 0, 1);
    expect(damaged.status === 404 && damaged.message).toMatch(/corrupt_null_tile\.mbtiles.*1\/0\/1.*NULL/);
    expect(await s.getTile('broken', 1, 1, 1)).toMatchObject({ status: 200 });
    expect(await s.getTile('world', 1.5, 0, 0)).toMatchObject({ status: 404 });
    expect(await s.info('broken')).toMatchObject({ ok: true, info: { damagedTileCount: 1 } });
    await s.close();
  });
});
