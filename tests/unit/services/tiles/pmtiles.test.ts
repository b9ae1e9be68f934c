import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { PmtilesArchive, decodeDirectory, zxyToTileId, type DirEntry } from '../../../../electron/services/tiles/pmtiles';
import { TileArchiveError } from '../../../../electron/services/tiles/tile-format';
import { PNG_MAGIC, decodePng, fixture, hasMagic, isWebp, removeTempDirs, tempDir, tileAt } from './tile-fixtures';

afterEach(removeTempDirs);

describe('PMTiles tile ids', () => {
  it('follow the spec: zoom blocks, then the Hilbert curve', () => {
    expect(zxyToTileId(0, 0, 0)).toBe(0);
    expect([zxyToTileId(1, 0, 0), zxyToTileId(1, 0, 1), zxyToTileId(1, 1, 1), zxyToTileId(1, 1, 0)]).toEqual([1, 2, 3, 4]);
    expect(zxyToTileId(2, 0, 0)).toBe(5);
    expect(zxyToTileId(3, 0, 0)).toBe(21);
    expect(zxyToTileId(20, 0, 0)).toBe((4 ** 20 - 1) / 3);
  });

  it('are a bijection onto each zoom block', () => {
    for (let z = 0; z <= 5; z++) {
      const ids = new Set<number>();
      for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) ids.add(zxyToTileId(z, x, y));
      const first = (4 ** z - 1) / 3;
      expect(ids.size).toBe(4 ** z);
      expect(Math.min(...ids)).toBe(first);
      expect(Math.max(...ids)).toBe(first + 4 ** z - 1);
    }
  });
});

// A small PMTiles writer, enough to build archives the fixtures do not cover (leaf directories).
const varint = (n: number) => {
  const out: number[] = [];
  for (; n >= 128; n = Math.floor(n / 128)) out.push((n % 128) | 128);
  out.push(n);
  return out;
};
function encodeDirectory(entries: DirEntry[]): Buffer {
  const bytes = [...varint(entries.length)];
  entries.forEach((e, i) => bytes.push(...varint(e.tileId - (i ? entries[i - 1].tileId : 0))));
  for (const e of entries) bytes.push(...varint(e.runLength));
  for (const e of entries) bytes.push(...varint(e.length));
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    bytes.push(...varint(i > 0 && e.offset === prev.offset + prev.length ? 0 : e.offset + 1));
  });
  return Buffer.from(bytes);
}

describe('PMTiles directories', () => {
  it('decode delta ids, run lengths, lengths and "contiguous" offsets', () => {
    const entries: DirEntry[] = [
      { tileId: 0, offset: 0, length: 300, runLength: 1 },
      { tileId: 5, offset: 300, length: 20, runLength: 3 },
      { tileId: 1000, offset: 10, length: 5, runLength: 1 },
      { tileId: 2 ** 40, offset: 2 ** 33, length: 70_000, runLength: 0 },
    ];
    expect(decodeDirectory(encodeDirectory(entries))).toEqual(entries);
    expect(() => decodeDirectory(Buffer.from([2, 1, 0x80]))).toThrow(/varint/);
    expect(() => decodeDirectory(Buffer.from([3, 1]))).toThrow(/claims 3 entries/);
  });

  it('follows a leaf directory and serves runs of one tile content', async () => {
    const tileData = Buffer.concat([Buffer.from('root-z0'), Buffer.from('run-content'), Buffer.from('single')]);
    const leaf = gzipSync(
      encodeDirectory([
        { tileId: 5, offset: 7, length: 11, runLength: 3 },
        { tileId: 9, offset: 18, length: 6, runLength: 1 },
      ]),
    );
    const root = gzipSync(
      encodeDirectory([
        { tileId: 0, offset: 0, length: 7, runLength: 1 },
        { tileId: 5, offset: 0, length: leaf.length, runLength: 0 },
      ]),
    );
    const header = Buffer.alloc(127);
    header.write('PMTiles', 0, 'latin1');
    header[7] = 3;
    const put = (at: number, v: number) => header.writeBigUInt64LE(BigInt(v), at);
    put(8, 127); put(16, root.length); // root directory
    put(24, 127 + root.length); put(32, 0); // no JSON metadata
    put(40, 127 + root.length); put(48, leaf.length); // leaf directories
    put(56, 127 + root.length + leaf.length); put(64, tileData.length);
    put(72, 5); put(80, 3); put(88, 3);
    header[97] = 2; header[98] = 1; header[99] = 2; header[100] = 0; header[101] = 2;
    const file = path.join(tempDir(), 'leafy.pmtiles');
    fs.writeFileSync(file, Buffer.concat([header, root, leaf, tileData]));

    const archive = await PmtilesArchive.open(file);
    const text = async (z: number, x: number, y: number) => {
      const t = await archive.getTile(z, x, y);
      return t && Buffer.from(t.data).toString('latin1');
    };
    expect(await text(0, 0, 0)).toBe('root-z0');
    // Address z2 tiles by id (ids themselves are checked against the spec above).
    const at = new Map<number, [number, number]>();
    for (let x = 0; x < 4; x++) for (let y = 0; y < 4; y++) at.set(zxyToTileId(2, x, y), [x, y]);
    const byId = (id: number) => text(2, ...at.get(id)!);
    expect([await byId(5), await byId(6), await byId(7)]).toEqual(['run-content', 'run-content', 'run-content']);
    expect(await byId(8)).toBeNull(); // a gap between runs
    expect(await byId(9)).toBe('single');
    expect(await byId(10)).toBeNull(); // past the leaf's last run
    expect(await text(1, 0, 0)).toBeNull(); // id 1: before the leaf
    expect(archive.info()).toMatchObject({ format: 'png', minZoom: 0, maxZoom: 2, tileCount: 5 });
    await archive.close();
  });
});

/** 32×32 grid of mean luminance: enough to compare a tile with its children, scaled. */
function luminanceGrid(png: { width: number; height: number; data: Buffer }, grid = 32): number[] {
  const cell = png.width / grid;
  const out = new Array<number>(grid * grid).fill(0);
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const lum = 0.299 * png.data[i] + 0.587 * png.data[i + 1] + 0.114 * png.data[i + 2];
      out[Math.floor(y / cell) * grid + Math.floor(x / cell)] += lum / (cell * cell);
    }
  }
  return out;
}

describe('PMTiles on real archives', () => {
  it('stamen toner z0–3: every one of the 85 addressed tiles is a PNG', async () => {
    const archive = await PmtilesArchive.open(fixture('stamen_toner_raster_z3.pmtiles'));
    expect(archive.info()).toMatchObject({ kind: 'pmtiles', format: 'png', minZoom: 0, maxZoom: 3, tileCount: 85 });
    let found = 0;
    for (let z = 0; z <= 3; z++) {
      for (let x = 0; x < 2 ** z; x++) {
        for (let y = 0; y < 2 ** z; y++) {
          const tile = await archive.getTile(z, x, y);
          expect(tile?.contentType).toBe('image/png');
          expect(hasMagic(tile!.data, PNG_MAGIC)).toBe(true);
          found++;
        }
      }
    }
    expect(found).toBe(archive.header.numAddressedTiles);
    expect(await archive.getTile(4, 0, 0)).toBeNull();
    await archive.close();
  });

  it('stamen toner: each looked-up parent tile looks like its four looked-up children, scaled down', async () => {
    const archive = await PmtilesArchive.open(fixture('stamen_toner_raster_z3.pmtiles'));
    const image = async (z: number, x: number, y: number) => decodePng((await archive.getTile(z, x, y))!.data);
    for (const [z, x, y] of [[0, 0, 0], [1, 1, 0], [2, 2, 1], [2, 1, 2]]) {
      const parent = luminanceGrid(await image(z, x, y));
      const children: number[][] = [];
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) children.push(luminanceGrid(await image(z + 1, 2 * x + dx, 2 * y + dy), 16));
      // Mosaic the children's 16×16 grids into a 32×32 one, in the given quadrant order.
      const mosaic = (order: number[]) => {
        const out: number[] = [];
        for (let gy = 0; gy < 32; gy++) {
          for (let gx = 0; gx < 32; gx++) out.push(children[order[(gy >= 16 ? 2 : 0) + (gx >= 16 ? 1 : 0)]][(gy % 16) * 16 + (gx % 16)]);
        }
        return out;
      };
      const diff = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;
      const right = diff(parent, mosaic([0, 1, 2, 3]));
      const swapped = diff(parent, mosaic([1, 0, 3, 2]));
      expect(right, `tile ${z}/${x}/${y}`).toBeLessThan(25);
      expect(right, `tile ${z}/${x}/${y}`).toBeLessThan(swapped / 2);
    }
    await archive.close();
  });

  it('USGS Mt Whitney: 50 WebP 512 px tiles, z8–15, all found inside the header bounds', async () => {
    const archive = await PmtilesArchive.open(fixture('usgs-mt-whitney-8-15-webp-512.pmtiles'));
    const info = archive.info();
    expect(info).toMatchObject({ format: 'webp', minZoom: 8, maxZoom: 15, tileCount: 50 });
    const [w, s, e, n] = info.bounds!;
    let found = 0;
    for (let z = 8; z <= 15; z++) {
      const [x0, y0] = tileAt(w, n, z);
      const [x1, y1] = tileAt(e, s, z);
      for (let x = x0; x <= x1; x++) {
        for (let y = y0; y <= y1; y++) {
          const tile = await archive.getTile(z, x, y);
          if (!tile) continue;
          found++;
          expect(tile.contentType).toBe('image/webp');
          expect(isWebp(tile.data)).toBe(true);
          // Lossy VP8 frame header: width at byte 26 (14 bits).
          expect(Buffer.from(tile.data).readUInt16LE(26) & 0x3fff).toBe(512);
        }
      }
      // The peak itself is in every zoom.
      expect(await archive.getTile(z, ...tileAt(-118.2923, 36.5785, z))).not.toBeNull();
    }
    expect(found).toBe(50);
    await archive.close();
  });

  it('test fixture 1: a gzip-compressed vector tile at z0', async () => {
    const archive = await PmtilesArchive.open(fixture('pmtiles_test_fixture_1.pmtiles'));
    expect(archive.info()).toMatchObject({ format: 'pbf', minZoom: 0, maxZoom: 0, tileCount: 1, name: 'test_fixture_1.pmtiles' });
    const tile = await archive.getTile(0, 0, 0);
    expect(tile).toMatchObject({ contentType: 'application/x-protobuf', contentEncoding: 'gzip' });
    expect(gunzipSync(tile!.data).length).toBeGreaterThan(0);
    await archive.close();
  });
});

describe('PMTiles damaged files', () => {
  it('a truncated file, a wrong version and a non-PMTiles file give named TileArchiveErrors', async () => {
    const dir = tempDir();
    const toner = fs.readFileSync(fixture('stamen_toner_raster_z3.pmtiles'));
    fs.writeFileSync(path.join(dir, 'cut.pmtiles'), toner.subarray(0, 300));
    const v2 = Buffer.from(toner.subarray(0, 2000));
    v2[7] = 2;
    fs.writeFileSync(path.join(dir, 'v2.pmtiles'), v2);
    fs.writeFileSync(path.join(dir, 'text.pmtiles'), 'hello');
    await expect(PmtilesArchive.open(path.join(dir, 'cut.pmtiles'))).rejects.toThrow(/cut\.pmtiles.*root directory 超出文件末尾/);
    await expect(PmtilesArchive.open(path.join(dir, 'v2.pmtiles'))).rejects.toThrow(/v2\.pmtiles.*不支持的 PMTiles 版本 2/);
    await expect(PmtilesArchive.open(path.join(dir, 'text.pmtiles'))).rejects.toThrow(TileArchiveError);
    await expect(PmtilesArchive.open(path.join(dir, 'missing.pmtiles'))).rejects.toThrow(/文件不存在/);
  });

  it('a file cut inside its tile data fails on that tile only', async () => {
    const toner = fs.readFileSync(fixture('stamen_toner_raster_z3.pmtiles'));
    const file = path.join(tempDir(), 'short.pmtiles');
    fs.writeFileSync(file, toner.subarray(0, toner.length - 50_000));
    const archive = await PmtilesArchive.open(file);
    let failures = 0;
    for (let x = 0; x < 8; x++) {
      for (let y = 0; y < 8; y++) {
        await archive.getTile(3, x, y).catch((err: unknown) => {
          expect(err).toBeInstanceOf(TileArchiveError);
          expect((err as Error).message).toMatch(/short\.pmtiles.*超出文件末尾/);
          failures++;
        });
      }
    }
    expect(failures).toBeGreaterThan(0);
    expect(hasMagic((await archive.getTile(0, 0, 0))!.data, PNG_MAGIC)).toBe(true);
    await archive.close();
  });
});
