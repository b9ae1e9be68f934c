/**
 * Geometry helpers for the demo: partitioning a polygon into cells with no gaps or overlaps,
 * sampling points inside polygons, and the row-by-row ordering that grid codes follow.
 * All coordinates are WGS84 [lng, lat].
 */
import * as turf from '@turf/turf';
import { Delaunay } from 'd3-delaunay';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { Rng } from './rng';

export type Area = Polygon | MultiPolygon;
export type LngLat = [number, number];
export type BBox = [number, number, number, number];

const M_PER_DEG_LAT = 110_574;
const mPerDegLng = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

export function bboxOf(geometry: Area | { type: 'LineString'; coordinates: Position[] }): BBox {
  const [minLng, minLat, maxLng, maxLat] = turf.bbox(geometry);
  return [minLng, minLat, maxLng, maxLat];
}

export function areaM2(geometry: Area): number {
  return turf.area(geometry);
}

export function contains(geometry: Area, point: LngLat): boolean {
  return turf.booleanPointInPolygon(point, geometry);
}

/** Approximate ground distance; accurate to well under 1 % at city scale. */
export function distanceM(a: LngLat, b: LngLat): number {
  const dx = (a[0] - b[0]) * mPerDegLng((a[1] + b[1]) / 2);
  const dy = (a[1] - b[1]) * M_PER_DEG_LAT;
  return Math.sqrt(dx * dx + dy * dy);
}

/** The point dx metres east and dy metres north of `p`. */
export function offsetM(p: LngLat, dx: number, dy: number): LngLat {
  return [p[0] + dx / mPerDegLng(p[1]), p[1] + dy / M_PER_DEG_LAT];
}

/** A uniformly random point inside the area (rejection sampling in its bbox). */
export function randomPointIn(geometry: Area, rng: Rng, bbox: BBox = bboxOf(geometry)): LngLat {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const p: LngLat = [rng.range(bbox[0], bbox[2]), rng.range(bbox[1], bbox[3])];
    if (contains(geometry, p)) return p;
  }
  return labelPoint(geometry);
}

/** A point for labels and the centroid columns: the centre of mass when it lies inside, else a point on the surface. */
export function labelPoint(geometry: Area): LngLat {
  const center = turf.centerOfMass(geometry).geometry.coordinates as LngLat;
  if (contains(geometry, center)) return center;
  return turf.pointOnFeature(geometry).geometry.coordinates as LngLat;
}

function clip(cell: Polygon, parent: Feature<Area>): Area | null {
  const result = turf.intersect(turf.featureCollection<Area>([turf.feature(cell), parent]));
  return result ? result.geometry : null;
}

/**
 * Voronoi cells of `sites`, each clipped to `parent`. The cells tile the plane and share their edges
 * exactly, so the clipped pieces partition the parent: no gaps or overlaps by construction.
 * The diagram is computed in local metres so cells are not stretched by the lng/lat aspect ratio.
 */
export function voronoiClip(parent: Area, sites: LngLat[]): (Area | null)[] {
  if (sites.length === 1) return [parent];
  const [minLng, minLat, maxLng, maxLat] = bboxOf(parent);
  const lat0 = (minLat + maxLat) / 2;
  const kx = mPerDegLng(lat0);
  const toXY = (p: LngLat): [number, number] => [(p[0] - minLng) * kx, (p[1] - minLat) * M_PER_DEG_LAT];
  const toLngLat = (q: ArrayLike<number>): Position => [minLng + q[0]! / kx, minLat + q[1]! / M_PER_DEG_LAT];
  const pad = 1000;
  const width = (maxLng - minLng) * kx;
  const height = (maxLat - minLat) * M_PER_DEG_LAT;
  const voronoi = Delaunay.from(sites.map(toXY)).voronoi([-pad, -pad, width + pad, height + pad]);
  const parentFeature = turf.feature(parent);
  return sites.map((_, i) => {
    const ring = voronoi.cellPolygon(i);
    if (!ring) return null;
    return clip({ type: 'Polygon', coordinates: [ring.map(toLngLat)] }, parentFeature);
  });
}

/**
 * Splits `parent` into `count` cells of similar size: random sites, then a few rounds of Lloyd
 * relaxation (each site moves to its cell's centre of mass), then Voronoi cells clipped to the parent.
 */
export function partition(parent: Area, count: number, rng: Rng, rounds = 4): Area[] {
  if (count <= 1) return [parent];
  const bbox = bboxOf(parent);
  const initial = Array.from({ length: count }, () => randomPointIn(parent, rng, bbox));
  let sites = initial;
  let best: Area[] | null = complete(voronoiClip(parent, sites));
  for (let round = 0; round < rounds; round++) {
    const cells = voronoiClip(parent, sites);
    if (!complete(cells)) break;
    sites = (cells as Area[]).map((cell) => labelPoint(cell));
    const next = complete(voronoiClip(parent, sites));
    if (!next) break;
    best = next;
  }
  if (!best) throw new Error(`Could not partition a polygon into ${count} cells`);
  return best;
}

function complete(cells: (Area | null)[]): Area[] | null {
  const kept = cells.map((cell) => (cell ? roundArea(cell) : null));
  return kept.every((cell) => cell && areaM2(cell) > 1) ? (kept as Area[]) : null;
}

const round7 = (value: number) => Math.round(value * 1e7) / 1e7;

function roundRing(ring: Position[]): Position[] | null {
  const out: Position[] = [];
  for (const position of ring) {
    const p = [round7(position[0]!), round7(position[1]!)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length > 1 && (out[0]![0] !== out[out.length - 1]![0] || out[0]![1] !== out[out.length - 1]![1])) {
    out.push([...out[0]!]);
  }
  return out.length >= 4 ? out : null;
}

/** Coordinates rounded to 1e-7° (about 1 cm): identical vertices stay identical, text stays short. */
export function roundArea(geometry: Area): Area {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const kept: Position[][][] = [];
  for (const polygon of polygons) {
    const outer = roundRing(polygon[0]!);
    if (!outer || turf.area({ type: 'Polygon', coordinates: [outer] }) < 0.01) continue;
    const holes = polygon.slice(1).map(roundRing).filter((ring): ring is Position[] => ring !== null);
    kept.push([outer, ...holes]);
  }
  if (kept.length === 1) return { type: 'Polygon', coordinates: kept[0]! };
  return { type: 'MultiPolygon', coordinates: kept };
}

/**
 * The order that serial numbers follow (DB11 grid codes): rows from north to south, and within a
 * row from west to east. Rows are bands of about √n items by latitude.
 */
export function readingOrder<T>(items: T[], point: (item: T) => LngLat): T[] {
  const rows = Math.max(1, Math.round(Math.sqrt(items.length)));
  const perRow = Math.ceil(items.length / rows);
  const byLat = [...items].sort((a, b) => point(b)[1] - point(a)[1]);
  const ordered: T[] = [];
  for (let start = 0; start < byLat.length; start += perRow) {
    ordered.push(...byLat.slice(start, start + perRow).sort((a, b) => point(a)[0] - point(b)[0]));
  }
  return ordered;
}
