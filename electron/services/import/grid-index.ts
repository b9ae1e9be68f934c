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
 * Outlines traced from real maps have thousands of vertices: their edges are also sorted into
 * horizontal bands, so a point is tested only against the edges of its band.
 */
export class GridIndex {
  private readonly index: Flatbush | null;
  /** Per grid, its edges for the even-odd test: all rings of all polygons, banded when many. */
  private readonly edges: GridEdges[];

  constructor(readonly grids: GridShape[]) {
    this.edges = grids.map((grid) => compileEdges(grid.geometry));
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
    for (const i of candidates) if (this.edges[i]!.contains(lng, lat)) return i;
    return -1;
  }
}

/** A grid with fewer edges than this is tested edge by edge: bands would not pay for themselves. */
const BAND_MIN_EDGES = 64;
/** Edges per band aimed at; a band holds every edge whose y-range meets it. */
const EDGES_PER_BAND = 8;
const MAX_BANDS = 1024;

/** A grid's edges as [xi, yi, xj, yj, …] per band of latitude (one band for small grids). */
class GridEdges {
  constructor(
    private readonly bands: Float64Array[],
    private readonly minY: number,
    private readonly bandHeight: number,
  ) {}

  /**
   * Even-odd ray casting. Same answer as pointInGeometry: there, each polygon's rings toggle and
   * polygons are OR-ed; grids' polygons do not overlap, so toggling over all rings of all polygons
   * gives the same result. An edge can only toggle when its y-range spans the point's latitude,
   * and every such edge is in the point's band: the band gives the same answer as all edges.
   */
  contains(lng: number, lat: number): boolean {
    const band = this.bands.length === 1 ? 0 : Math.floor((lat - this.minY) / this.bandHeight);
    const edges = this.bands[Math.min(this.bands.length - 1, Math.max(0, band))]!;
    let inside = false;
    for (let k = 0; k < edges.length; k += 4) {
      const xi = edges[k]!;
      const yi = edges[k + 1]!;
      const xj = edges[k + 2]!;
      const yj = edges[k + 3]!;
      if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
}

function compileEdges(geometry: Geometry): GridEdges {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  const all: number[] = [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) all.push(ring[i]![0]!, ring[i]![1]!, ring[j]![0]!, ring[j]![1]!);
    }
  }
  const edgeCount = all.length / 4;
  if (edgeCount < BAND_MIN_EDGES) return new GridEdges([Float64Array.from(all)], 0, Infinity);
  let minY = Infinity;
  let maxY = -Infinity;
  for (let k = 1; k < all.length; k += 2) {
    minY = Math.min(minY, all[k]!);
    maxY = Math.max(maxY, all[k]!);
  }
  const bandCount = Math.min(MAX_BANDS, Math.ceil(edgeCount / EDGES_PER_BAND));
  const bandHeight = (maxY - minY) / bandCount || 1;
  const bands: number[][] = Array.from({ length: bandCount }, () => []);
  const bandOf = (y: number) => Math.min(bandCount - 1, Math.max(0, Math.floor((y - minY) / bandHeight)));
  for (let k = 0; k < all.length; k += 4) {
    const [low, high] = [bandOf(Math.min(all[k + 1]!, all[k + 3]!)), bandOf(Math.max(all[k + 1]!, all[k + 3]!))];
    for (let b = low; b <= high; b++) bands[b]!.push(all[k]!, all[k + 1]!, all[k + 2]!, all[k + 3]!);
  }
  return new GridEdges(bands.map((band) => Float64Array.from(band)), minY, bandHeight);
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
