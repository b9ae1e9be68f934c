import Flatbush from 'flatbush';
import type { Geometry } from '../../contract';

export interface GridShape {
  id: number;
  geometry: Geometry;
  communityId: number | null;
  streetId: number | null;
}

/**
 * Point → grid for a whole import: a flatbush index over the grids' bounding boxes, built once,
 * then the exact test on the few candidates. Grids do not overlap, so the first hit is the answer.
 * The test is geo/point-in-polygon's even-odd rule over every ring (holes included), run on rings
 * compiled once into flat Float64Arrays: on nested GeoJSON arrays it was several times slower at a
 * million points, and its speed swung with V8's optimisation state (a unit test checks both agree).
 */
export class GridIndex {
  private readonly index: Flatbush | null;
  /** Per grid, its rings as [x0, y0, x1, y1, …], all rings of all polygons (even-odd over them all). */
  private readonly rings: Float64Array[][];

  constructor(readonly grids: GridShape[]) {
    this.rings = grids.map((grid) => compileRings(grid.geometry));
    if (!grids.length) {
      this.index = null;
      return;
    }
    const index = new Flatbush(grids.length);
    for (const grid of grids) {
      const [minX, minY, maxX, maxY] = bbox(grid.geometry);
      index.add(minX, minY, maxX, maxY);
    }
    index.finish();
    this.index = index;
  }

  /** Index into `grids` of the grid holding the point, or -1. */
  locate(lng: number, lat: number): number {
    if (!this.index) return -1;
    const candidates = this.index.search(lng, lat, lng, lat);
    for (const i of candidates) if (insideRings(lng, lat, this.rings[i]!)) return i;
    return -1;
  }
}

function compileRings(geometry: Geometry): Float64Array[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  const out: Float64Array[] = [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const flat = new Float64Array(ring.length * 2);
      ring.forEach(([x, y], k) => {
        flat[2 * k] = x;
        flat[2 * k + 1] = y;
      });
      out.push(flat);
    }
  }
  return out;
}

/**
 * Even-odd ray casting over all rings at once. Same answer as pointInGeometry: there, each
 * polygon's rings toggle and polygons are OR-ed; grids' polygons do not overlap, so toggling over
 * all rings of all polygons gives the same result.
 */
function insideRings(lng: number, lat: number, rings: Float64Array[]): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length >> 1;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = ring[2 * i]!;
      const yi = ring[2 * i + 1]!;
      const xj = ring[2 * j]!;
      const yj = ring[2 * j + 1]!;
      if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

export function bbox(geometry: Geometry): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (coords: unknown): void => {
    if (typeof (coords as number[])[0] === 'number') {
      const [x, y] = coords as [number, number];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      return;
    }
    for (const child of coords as unknown[]) visit(child);
  };
  visit(geometry.coordinates);
  return [minX, minY, maxX, maxY];
}
