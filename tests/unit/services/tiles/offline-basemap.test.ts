import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MbtilesArchive } from '../../../../electron/services/tiles/mbtiles';
import {
  BASEMAP_ATTRIBUTION,
  BASEMAP_NAME,
  DEFAULT_ZOOMS,
  buildOfflineBasemap,
  loadScene,
  tileRange,
} from '../../../../electron/services/tiles/offline-basemap-builder';
import { beijingDir, bundledBasemap, decodePng, removeTempDirs, tempDir, tileAt } from './tile-fixtures';

afterEach(removeTempDirs);

// Dongcheng's centroid as DataV gives it (GCJ-02), and roughly where that is in WGS84.
const DONGCHENG_GCJ = [116.416718, 39.912934];
const DONGCHENG_WGS = [116.4105, 39.9116];

describe('bundled offline basemap (resources/tiles/beijing-offline.mbtiles)', () => {
  it('is small and carries the agreed metadata', async () => {
    expect(fs.statSync(bundledBasemap).size).toBeLessThan(3 * 1024 * 1024);
    const archive = await MbtilesArchive.open(bundledBasemap);
    expect(archive.metadata).toMatchObject({
      name: BASEMAP_NAME,
      format: 'png',
      type: 'baselayer',
      minzoom: '7',
      maxzoom: '15',
      attribution: BASEMAP_ATTRIBUTION,
    });
    expect(archive.metadata.description).toMatch(/WGS84/);
    expect(archive.metadata.description).toMatch(/GCJ-02/);
    const [w, s, e, n] = archive.info().bounds!;
    expect(w).toBeGreaterThan(115.3);
    expect(e).toBeLessThan(117.6);
    expect(s).toBeGreaterThan(39.3);
    expect(n).toBeLessThan(41.2);
    expect(archive.info()).toMatchObject({ minZoom: 7, maxZoom: 15, damagedTileCount: 0 });
    await archive.close();
  });

  it('holds exactly the planned tiles: all Beijing z7–12, Dongcheng z13–15 (one tile of margin)', async () => {
    const scene = loadScene(beijingDir);
    let planned = 0;
    for (let z = 7; z <= 15; z++) {
      const r = tileRange(z <= 12 ? scene.cityBounds : scene.detailBounds, z, 1);
      planned += (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1);
    }
    const archive = await MbtilesArchive.open(bundledBasemap);
    expect(archive.info().tileCount).toBe(planned);
    // Far from Dongcheng there is nothing at z15 (Yanqing), but there is at z12.
    expect(await archive.getTile(15, ...tileAt(115.97, 40.46, 15))).toBeNull();
    expect(await archive.getTile(12, ...tileAt(115.97, 40.46, 12))).not.toBeNull();
    await archive.close();
  });

  it('has real, light PNG tiles over Dongcheng at z13–15, with district borders drawn', async () => {
    const archive = await MbtilesArchive.open(bundledBasemap);
    for (const z of [13, 14, 15]) {
      const [cx, cy] = tileAt(DONGCHENG_WGS[0], DONGCHENG_WGS[1], z);
      let mixed = 0;
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          const tile = await archive.getTile(z, cx + dx, cy + dy);
          expect(tile?.contentType, `z${z} ${cx + dx}/${cy + dy}`).toBe('image/png');
          const png = decodePng(tile!.data);
          expect([png.width, png.height]).toEqual([256, 256]);
          const colours = new Set<number>();
          let lum = 0;
          for (let i = 0; i < png.data.length; i += 4) {
            colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
            lum += png.data[i] * 0.299 + png.data[i + 1] * 0.587 + png.data[i + 2] * 0.114;
          }
          expect(lum / (256 * 256), 'a light basemap').toBeGreaterThan(200);
          if (colours.size > 2) mixed++;
        }
      }
      expect(mixed, `z${z}: tiles with borders on them`).toBeGreaterThan(0);
    }
    await archive.close();
  });

  it('draws DataV outlines converted from GCJ-02 to WGS84 (shifted a few hundred metres south-west)', () => {
    const scene = loadScene(beijingDir);
    const [w, s, e, n] = scene.detailBounds;
    const centre = [(w + e) / 2, (s + n) / 2];
    // GCJ-02 is offset east/north of WGS84 around Beijing by about 0.006° lon and 0.0013° lat.
    const rawDataV = JSON.parse(fs.readFileSync(path.join(beijingDir, 'datav_110100_full.json'), 'utf8')) as {
      features: { properties: { adcode: number }; geometry: { coordinates: number[][][][] } }[];
    };
    const raw = rawDataV.features.find((f) => f.properties.adcode === 110101)!.geometry.coordinates.flat(2);
    const rawWest = Math.min(...raw.map((p) => p[0]));
    const rawSouth = Math.min(...raw.map((p) => p[1]));
    expect(rawWest - w).toBeGreaterThan(0.005);
    expect(rawWest - w).toBeLessThan(0.008);
    expect(rawSouth - s).toBeGreaterThan(0.0005);
    expect(rawSouth - s).toBeLessThan(0.003);
    expect(Math.abs(centre[0] - (DONGCHENG_GCJ[0] - 0.006))).toBeLessThan(0.02);
  });

  it('is rebuilt deterministically, and the committed archive matches the current builder', async () => {
    const dir = tempDir();
    const zooms = { city: [7, 8], detail: [13, 13] } satisfies typeof DEFAULT_ZOOMS;
    const a = await buildOfflineBasemap({ dataDir: beijingDir, outFile: path.join(dir, 'a.mbtiles'), zooms });
    const b = await buildOfflineBasemap({ dataDir: beijingDir, outFile: path.join(dir, 'b.mbtiles'), zooms });
    expect(fs.readFileSync(a.file).equals(fs.readFileSync(b.file))).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.mbtiles', 'b.mbtiles']); // no temp files left behind
    const fresh = await MbtilesArchive.open(a.file);
    const committed = await MbtilesArchive.open(bundledBasemap);
    for (const z of [7, 8, 13]) {
      const [x, y] = tileAt(DONGCHENG_WGS[0], DONGCHENG_WGS[1], z);
      const mine = await fresh.getTile(z, x, y);
      const theirs = await committed.getTile(z, x, y);
      expect(mine && Buffer.from(mine.data).equals(Buffer.from(theirs!.data)), `z${z}: run scripts/build-offline-tiles.mjs`).toBe(true);
    }
    await fresh.close();
    await committed.close();
  });
});
