// Renders the bundled offline basemap (resources/tiles/beijing-offline.mbtiles) from the public DataV
// district outlines: PNG raster tiles, Web Mercator, WGS84 coordinates. Deterministic: the same input
// files give a byte-identical archive (no timestamps, fixed order, fixed colours).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import gcoord from 'gcoord';
import { loadSqlJs } from '../db/sqljs';
import { MbtilesRepository } from './mbtiles.repository';
import { Raster, hexColor, type Rgb } from './raster';

export const BASEMAP_NAME = '北京离线底图（由公开行政区划轮廓渲染）';
export const BASEMAP_ATTRIBUTION = '行政区划轮廓：DataV GeoAtlas (Tianyunxing/mapfiles)';
const SOURCE = 'Tianyunxing/mapfiles @ 9d6a313b4c10d343c69841a4f077fc451e3bd01f (datav_110100_full.json, datav_110000_full.json)';
export const DONGCHENG_ADCODE = 110101;
const TILE = 256;

/** Light, calm palette: warm grey outside Beijing, cream district tints, muted borders. */
const STYLE = {
  outside: hexColor('#e6e4de'),
  outsideHalo: hexColor('#d9d4c8'),
  cityBase: hexColor('#f6f3ec'),
  tints: ['#f8f5ec', '#f0ece0', '#f5eee8', '#ecf0e4'].map(hexColor),
  districtCasing: hexColor('#ffffff'),
  districtBorder: hexColor('#ada392'),
  cityBorder: hexColor('#8c8373'),
};

export interface ZoomPlan {
  /** Zooms rendered over all of Beijing. */
  city: [number, number];
  /** Zooms rendered over Dongcheng's bounding box only (keeps the archive small). */
  detail: [number, number];
}
export const DEFAULT_ZOOMS: ZoomPlan = { city: [7, 12], detail: [13, 15] };

type Bounds = [number, number, number, number];
interface Shape {
  /** Rings in normalised Web Mercator (0..1 across the world, y down). */
  rings: Float64Array[];
  box: Bounds;
}
interface District extends Shape {
  adcode: number;
  name: string;
  tint: number;
}
export interface Scene {
  districts: District[];
  outline: Shape;
  /** WGS84 [west, south, east, north]. */
  cityBounds: Bounds;
  detailBounds: Bounds;
}

type Position = number[];
interface Feature {
  properties: { adcode: number; name: string };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: Position[][] | Position[][][] };
}

const mercX = (lon: number) => (lon + 180) / 360;
const mercY = (lat: number) => {
  const s = Math.sin((lat * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
};

function readFeatures(file: string): Feature[] {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Parameters<typeof gcoord.transform>[0];
  // DataV coordinates are GCJ-02 (from AMap). The basemap is WGS84 Web Mercator, so convert first,
  // or every outline sits a few hundred metres off the GPS positions drawn over it.
  const converted = gcoord.transform(json, gcoord.GCJ02, gcoord.WGS84) as unknown as { features: Feature[] };
  return converted.features;
}

function polygonsOf(f: Feature): Position[][][] {
  return f.geometry.type === 'Polygon' ? [f.geometry.coordinates as Position[][]] : (f.geometry.coordinates as Position[][][]);
}

function toShape(features: Feature[], lonLat: Bounds): Shape {
  const rings: Float64Array[] = [];
  const box: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    for (const polygon of polygonsOf(f)) {
      for (const ring of polygon) {
        const flat = new Float64Array(ring.length * 2);
        ring.forEach(([lon, lat], i) => {
          flat[2 * i] = mercX(lon);
          flat[2 * i + 1] = mercY(lat);
          lonLat[0] = Math.min(lonLat[0], lon);
          lonLat[1] = Math.min(lonLat[1], lat);
          lonLat[2] = Math.max(lonLat[2], lon);
          lonLat[3] = Math.max(lonLat[3], lat);
          box[0] = Math.min(box[0], flat[2 * i]);
          box[1] = Math.min(box[1], flat[2 * i + 1]);
          box[2] = Math.max(box[2], flat[2 * i]);
          box[3] = Math.max(box[3], flat[2 * i + 1]);
        });
        rings.push(flat);
      }
    }
  }
  return { rings, box };
}

/** Neighbours share boundary vertices in DataV files; give neighbours different tints (greedy, by adcode). */
function assignTints(districts: District[]): void {
  const vertexKeys = districts.map((d) => {
    const keys = new Set<string>();
    for (const r of d.rings) for (let i = 0; i < r.length; i += 2) keys.add(`${r[i].toFixed(9)},${r[i + 1].toFixed(9)}`);
    return keys;
  });
  districts.forEach((d, i) => {
    const used = new Set<number>();
    for (let j = 0; j < i; j++) {
      for (const k of vertexKeys[i]) {
        if (vertexKeys[j].has(k)) {
          used.add(districts[j].tint);
          break;
        }
      }
    }
    d.tint = [0, 1, 2, 3].find((t) => !used.has(t)) ?? i % STYLE.tints.length;
  });
}

export function loadScene(dataDir: string): Scene {
  const districtFeatures = readFeatures(path.join(dataDir, 'datav_110100_full.json'));
  const outlineFeatures = readFeatures(path.join(dataDir, 'datav_110000_full.json'));
  const cityBounds: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  const outline = toShape(outlineFeatures, cityBounds);
  let detailBounds: Bounds | undefined;
  const districts = districtFeatures
    .map((f) => {
      const lonLat: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
      const shape = toShape([f], lonLat);
      if (f.properties.adcode === DONGCHENG_ADCODE) detailBounds = lonLat;
      return { ...shape, adcode: f.properties.adcode, name: f.properties.name, tint: 0 };
    })
    .sort((a, b) => a.adcode - b.adcode);
  if (districts.length !== 16) throw new Error(`expected Beijing's 16 districts, found ${districts.length}`);
  if (!detailBounds) throw new Error(`no district ${DONGCHENG_ADCODE} (东城区) in the data`);
  assignTints(districts);
  return { districts, outline, cityBounds, detailBounds };
}

/** XYZ tile ranges covering a WGS84 box at zoom z. */
export function tileRange(bounds: Bounds, z: number, pad = 0): { x0: number; x1: number; y0: number; y1: number } {
  const n = 2 ** z;
  const clamp = (v: number) => Math.max(0, Math.min(n - 1, v));
  const at = (v: number) => Math.floor(v * n);
  return {
    x0: clamp(at(mercX(bounds[0])) - pad),
    x1: clamp(at(mercX(bounds[2])) + pad),
    y0: clamp(at(mercY(bounds[3])) - pad),
    y1: clamp(at(mercY(bounds[1])) + pad),
  };
}

function strokeWidths(z: number) {
  if (z <= 8) return { district: 0.7, casing: 0, city: 1.3, halo: 4 };
  if (z <= 10) return { district: 0.9, casing: 2.2, city: 1.7, halo: 6 };
  if (z <= 12) return { district: 1.1, casing: 3, city: 2.2, halo: 8 };
  return { district: 1.6, casing: 5, city: 2.8, halo: 12 };
}

/** Renders one tile as PNG bytes, plus whether it is a single flat colour. */
export function renderTile(scene: Scene, z: number, x: number, y: number): { png: Buffer; uniform: boolean } {
  const scale = TILE * 2 ** z;
  const widths = strokeWidths(z);
  const pad = (widths.halo + 2) / scale;
  const view: Bounds = [x / 2 ** z - pad, y / 2 ** z - pad, (x + 1) / 2 ** z + pad, (y + 1) / 2 ** z + pad];
  const hits = (b: Bounds) => b[0] <= view[2] && b[2] >= view[0] && b[1] <= view[3] && b[3] >= view[1];
  const toPixels = (rings: Float64Array[]) =>
    rings.map((r) => r.map((v, i) => (i % 2 === 0 ? v * scale - x * TILE : v * scale - y * TILE)));

  const raster = new Raster(TILE, TILE, STYLE.outside);
  if (hits(scene.outline.box)) {
    const outline = toPixels(scene.outline.rings);
    // A soft band just outside the city edge; the fills below cover its inner half.
    raster.stroke(outline, STYLE.outsideHalo, widths.halo, 0.55);
    // Base fill first: slivers between district polygons must not show the outside colour.
    raster.fill(outline, STYLE.cityBase);
    const visible = scene.districts.filter((d) => hits(d.box));
    const districtRings = visible.map((d) => toPixels(d.rings));
    visible.forEach((d, i) => raster.fill(districtRings[i], STYLE.tints[d.tint] as Rgb));
    const borders = districtRings.flat();
    if (widths.casing > 0) raster.stroke(borders, STYLE.districtCasing, widths.casing, 0.6);
    raster.stroke(borders, STYLE.districtBorder, widths.district);
    raster.stroke(outline, STYLE.cityBorder, widths.city);
  }
  return { png: raster.toPng(), uniform: raster.isUniform() };
}

export interface BuildResult {
  file: string;
  bytes: number;
  tileCount: number;
  uniqueImages: number;
  tilesByZoom: Record<number, number>;
}

export async function buildOfflineBasemap(options: {
  dataDir: string;
  outFile: string;
  zooms?: ZoomPlan;
  log?: (line: string) => void;
}): Promise<BuildResult> {
  const zooms = options.zooms ?? DEFAULT_ZOOMS;
  const scene = loadScene(options.dataDir);
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  const archive = new MbtilesRepository(db);
  try {
    // Deduplicated layout: the many identical flat tiles (inside a district, outside the city) are stored once.
    archive.createDeduplicated();
    const [w, s, e, n] = scene.cityBounds;
    const dongcheng = scene.districts.find((d) => d.adcode === DONGCHENG_ADCODE)!;
    const centre = scene.detailBounds;
    archive.setMetadata({
      name: BASEMAP_NAME,
      format: 'png',
      type: 'baselayer',
      version: '1.0.0',
      bounds: [w, s, e, n].map((v) => v.toFixed(6)).join(','),
      center: `${((centre[0] + centre[2]) / 2).toFixed(6)},${((centre[1] + centre[3]) / 2).toFixed(6)},10`,
      minzoom: String(zooms.city[0]),
      maxzoom: String(Math.max(zooms.city[1], zooms.detail[1])),
      attribution: BASEMAP_ATTRIBUTION,
      description:
        `WGS84 坐标、Web Mercator (EPSG:3857) 栅格底图：北京 16 区轮廓由 DataV 的 GCJ-02 坐标经 gcoord 转换为 WGS84 后渲染；` +
        `z${zooms.city[0]}–${zooms.city[1]} 覆盖北京全市，z${zooms.detail[0]}–${zooms.detail[1]} 仅覆盖${dongcheng.name}范围；` +
        `无道路与地名（标注由应用绘制）。WGS84 / Web Mercator basemap rendered by GridDesk from ${SOURCE}, ` +
        `GCJ-02 converted to WGS84 with gcoord before rendering.`,
      source: SOURCE,
    });

    const seen = new Set<string>();
    const tilesByZoom: Record<number, number> = {};
    const plan: [number, Bounds][] = [];
    for (let z = zooms.city[0]; z <= zooms.city[1]; z++) plan.push([z, scene.cityBounds]);
    for (let z = zooms.detail[0]; z <= zooms.detail[1]; z++) plan.push([z, scene.detailBounds]);
    archive.transaction(() => {
      for (const [z, bounds] of plan) {
        // One tile of margin: a map framed on the edge of the area still has tiles around it.
        const r = tileRange(bounds, z, 1);
        for (let x = r.x0; x <= r.x1; x++) {
          for (let y = r.y0; y <= r.y1; y++) {
            const { png } = renderTile(scene, z, x, y);
            const id = createHash('sha1').update(png).digest('hex');
            if (!seen.has(id)) {
              seen.add(id);
              archive.addImage(id, png);
            }
            archive.addTile(z, x, y, id);
            tilesByZoom[z] = (tilesByZoom[z] ?? 0) + 1;
          }
        }
        options.log?.(`z${z}: ${tilesByZoom[z]} tiles`);
      }
    });
    archive.vacuum();
    const bytes = db.export();
    fs.mkdirSync(path.dirname(options.outFile), { recursive: true });
    // Temp file + rename: a crash mid-write never leaves a half archive where the app looks for it.
    const tmp = `${options.outFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, options.outFile);
    const tileCount = Object.values(tilesByZoom).reduce((a, b) => a + b, 0);
    return { file: options.outFile, bytes: bytes.length, tileCount, uniqueImages: seen.size, tilesByZoom };
  } finally {
    archive.release();
    db.close();
  }
}
