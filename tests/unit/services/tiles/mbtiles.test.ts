import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../../../electron/services/db/sqljs';
import { MbtilesArchive } from '../../../../electron/services/tiles/mbtiles';
import { TileArchiveError } from '../../../../electron/services/tiles/tile-format';
import { PNG_MAGIC, fixture, hasMagic, removeTempDirs, tempDir, tileAt } from './tile-fixtures';

afterEach(removeTempDirs);

/** Every tile of zooms lo..hi, in XYZ order: counts what getTile() can actually reach. */
async function readAll(archive: MbtilesArchive, lo: number, hi: number) {
  const found: Uint8Array[] = [];
  for (let z = lo; z <= hi; z++) {
    for (let x = 0; x < 2 ** z; x++) {
      for (let y = 0; y < 2 ** z; y++) {
        const tile = await archive.getTile(z, x, y);
        if (tile) found.push(tile.data);
      }
    }
  }
  return found;
}

describe('MbtilesArchive on real archives', () => {
  it('plain_1: 285 PNG tiles, zooms 0–4 computed from the tiles (metadata has none)', async () => {
    const archive = await MbtilesArchive.open(fixture('node-mbtiles_plain_1.mbtiles'));
    const info = archive.info();
    expect(info).toMatchObject({ kind: 'mbtiles', name: 'plain_1', format: 'png', minZoom: 0, maxZoom: 4, tileCount: 285 });
    expect(info.damagedTileCount).toBe(0);
    expect(info.bounds?.[0]).toBeCloseTo(-180, 5);
    const tiles = await readAll(archive, 0, 4);
    expect(tiles).toHaveLength(285);
    for (const data of tiles) expect(hasMagic(data, PNG_MAGIC)).toBe(true);
    const z0 = await archive.getTile(0, 0, 0);
    expect(z0?.contentType).toBe('image/png');
    expect(z0?.contentEncoding).toBeUndefined();
    await archive.close();
  });

  it('plain_3: 2,621 PNG tiles over Europe, z4–8, rows flipped from TMS', async () => {
    const archive = await MbtilesArchive.open(fixture('node-mbtiles_plain_3.mbtiles'));
    expect(archive.info()).toMatchObject({ name: 'plain_3', format: 'png', minZoom: 4, maxZoom: 8, tileCount: 2621 });
    const tiles = await readAll(archive, 4, 8);
    expect(tiles).toHaveLength(2621);
    expect(tiles.every((d) => hasMagic(d, PNG_MAGIC))).toBe(true);
    // The archive covers Europe: the XYZ tile over Paris exists at every zoom, and its mirror row
    // (what a reader that forgot the TMS flip would read) does not.
    for (let z = 4; z <= 8; z++) {
      const [x, y] = tileAt(2.35, 48.85, z);
      expect(await archive.getTile(z, x, y), `z${z}`).not.toBeNull();
      expect(await archive.getTile(z, x, 2 ** z - 1 - y), `mirror z${z}`).toBeNull();
    }
    await archive.close();
  });

  it('some-empty-tiles: 11 tiles, zooms from metadata', async () => {
    const archive = await MbtilesArchive.open(fixture('node-mbtiles_some-empty-tiles.mbtiles'));
    expect(archive.info()).toMatchObject({ minZoom: 1, maxZoom: 2, tileCount: 11, format: 'png' });
    expect(archive.info().bounds).toEqual([-180, -85.05112877980659, 180, 85.05112877980659]);
    expect(await readAll(archive, 1, 2)).toHaveLength(11);
    expect(await archive.getTile(0, 0, 0)).toBeNull();
    await archive.close();
  });

  it('answers null for addresses outside the tile grid', async () => {
    const archive = await MbtilesArchive.open(fixture('node-mbtiles_plain_1.mbtiles'));
    for (const [z, x, y] of [[0, 1, 0], [-1, 0, 0], [0, 0, -1], [2, -3, 0], [4, 0, 16], [18, 2, 3], [1.5, 0, 0]]) {
      expect(await archive.getTile(z, x, y)).toBeNull();
    }
    await archive.close();
  });
});

describe('MbtilesArchive on damaged files', () => {
  it('corrupt_null_tile: opens, counts the damaged tile, and names it when asked for it', async () => {
    const file = fixture('node-mbtiles_corrupt_null_tile.mbtiles');
    const archive = await MbtilesArchive.open(file);
    // The SQLite file itself is sound (integrity_check ok); one images row lost its data:
    // XYZ 1/0/1 = MBTiles zoom_level 1, tile_column 0, tile_row 0 has tile_data NULL.
    expect(archive.info()).toMatchObject({ tileCount: 285, damagedTileCount: 1 });
    const err = await archive.getTile(1, 0, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TileArchiveError);
    const message = (err as TileArchiveError).message;
    expect(message).toContain(file);
    expect(message).toContain('1/0/1');
    expect(message).toContain('tile_row=0');
    expect(message).toContain('NULL');
    // The rest of the archive is still served.
    const sound = await archive.getTile(1, 1, 1);
    expect(sound && hasMagic(sound.data, PNG_MAGIC)).toBe(true);
    await archive.close();
  });

  it('a file that is not SQLite', async () => {
    const file = path.join(tempDir(), 'notes.mbtiles');
    fs.writeFileSync(file, 'this is a text file, not a tile archive\n');
    await expect(MbtilesArchive.open(file)).rejects.toThrow(TileArchiveError);
    await expect(MbtilesArchive.open(file)).rejects.toThrow(/notes\.mbtiles.*不是 SQLite/);
    await expect(MbtilesArchive.open(fixture('stamen_toner_raster_z3.pmtiles'))).rejects.toThrow(/不是 SQLite/);
  });

  it('an empty file and a missing file', async () => {
    const file = path.join(tempDir(), 'empty.mbtiles');
    fs.writeFileSync(file, '');
    await expect(MbtilesArchive.open(file)).rejects.toThrow(/empty\.mbtiles.*文件为空/);
    await expect(MbtilesArchive.open(path.join(tempDir(), 'gone.mbtiles'))).rejects.toThrow(/gone\.mbtiles.*文件不存在/);
  });

  it('a truncated download (SQLite header, missing pages)', async () => {
    const file = path.join(tempDir(), 'truncated.mbtiles');
    fs.writeFileSync(file, fs.readFileSync(fixture('node-mbtiles_plain_1.mbtiles')).subarray(0, 200_000));
    const err = await MbtilesArchive.open(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TileArchiveError);
    expect((err as Error).message).toContain('truncated.mbtiles');
    expect((err as Error).message).toMatch(/文件被截断 .*561152 bytes, the file has 200000/);
  });

  it('a file damaged inside (pages overwritten): SQLite reports it, named', async () => {
    const bytes = fs.readFileSync(fixture('node-mbtiles_plain_1.mbtiles'));
    bytes.fill(0xa5, 1024, 8192); // clobber the b-tree pages right after the header page
    const file = path.join(tempDir(), 'scribbled.mbtiles');
    fs.writeFileSync(file, bytes);
    const err = await MbtilesArchive.open(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TileArchiveError);
    expect((err as Error).message).toMatch(/scribbled\.mbtiles.*(malformed|quick_check)/);
  });

  it('an SQLite database without the MBTiles tables', async () => {
    const SQL = await loadSqlJs();
    const dir = tempDir();
    const make = (file: string, sql: string) => {
      const db = new SQL.Database();
      db.run(sql);
      fs.writeFileSync(path.join(dir, file), db.export());
      db.close();
    };
    make('no-tiles.mbtiles', 'CREATE TABLE metadata (name TEXT, value TEXT);');
    make('no-metadata.mbtiles', 'CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB);');
    make('bad-columns.mbtiles', 'CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (z INT, x INT, y INT, img BLOB);');
    await expect(MbtilesArchive.open(path.join(dir, 'no-tiles.mbtiles'))).rejects.toThrow(/no-tiles\.mbtiles.*缺少 tiles 表/);
    await expect(MbtilesArchive.open(path.join(dir, 'no-metadata.mbtiles'))).rejects.toThrow(/缺少 metadata 表/);
    await expect(MbtilesArchive.open(path.join(dir, 'bad-columns.mbtiles'))).rejects.toThrow(
      /tiles 表缺少列 zoom_level, tile_column, tile_row, tile_data/,
    );
  });

  it('refuses reads after close', async () => {
    const archive = await MbtilesArchive.open(fixture('node-mbtiles_plain_1.mbtiles'));
    await archive.close();
    await expect(archive.getTile(0, 0, 0)).rejects.toThrow(/已关闭/);
  });
});
