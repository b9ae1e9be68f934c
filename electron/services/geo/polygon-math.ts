// Plane geometry on WGS84 polygons, small enough to keep in one file: areas on the sphere,
// bounding boxes, interior points, a local metric frame, segment tests. No I/O.
import type { Geometry } from '../../contract';
import { pointInGeometry } from './point-in-polygon';

export type Pt = [number, number];
export type Ring = Pt[];
export type Polygon = Ring[];
export type BBox4 = [number, number, number, number];

const EARTH_RADIUS = 6378137;
const RAD = Math.PI / 180;

/** The polygons of a Polygon or MultiPolygon (empty for other kinds). */
export function polygonsOf(geometry: Geometry): Polygon[] {
  if (geometry.type === 'Polygon') return [geometry.coordinates as Polygon];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as Polygon[];
  return [];
}

/** Area of a ring on the sphere in m² (unsigned), the same formula as turf's ringArea. */
export function ringAreaM2(ring: Ring): number {
  const n = ring.length;
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const [lngLower] = ring[i]!;
    const [, latMiddle] = ring[(i + 1) % n]!;
    const [lngUpper] = ring[(i + 2) % n]!;
    total += (lngUpper - lngLower) * RAD * Math.sin(latMiddle * RAD);
  }
  return Math.abs((total * EARTH_RADIUS * EARTH_RADIUS) / 2);
}

/** Outer rings minus holes, in m². */
export function areaM2(geometry: Geometry): number {
  let area = 0;
  for (const polygon of polygonsOf(geometry)) {
    polygon.forEach((ring, i) => (area += i === 0 ? ringAreaM2(ring) : -ringAreaM2(ring)));
  }
  return Math.max(0, area);
}

export function bboxOf(geometry: Geometry): BBox4 {
  const box: BBox4 = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (p: Pt) => {
    if (p[0] < box[0]) box[0] = p[0];
    if (p[1] < box[1]) box[1] = p[1];
    if (p[0] > box[2]) box[2] = p[0];
    if (p[1] > box[3]) box[3] = p[1];
  };
  if (geometry.type === 'Point') visit(geometry.coordinates as Pt);
  else if (geometry.type === 'LineString') (geometry.coordinates as Pt[]).forEach(visit);
  else if (geometry.type === 'MultiLineString') (geometry.coordinates as Pt[][]).forEach((l) => l.forEach(visit));
  else for (const polygon of polygonsOf(geometry)) for (const ring of polygon) ring.forEach(visit);
  return box;
}

/** Area-weighted centroid of the outer rings (good enough for labels and ordering). */
export function centroidOf(geometry: Geometry): Pt {
  let sx = 0;
  let sy = 0;
  let sa = 0;
  for (const polygon of polygonsOf(geometry)) {
    const ring = polygon[0]!;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      const f = xj * yi - xi * yj;
      sx += (xj + xi) * f;
      sy += (yj + yi) * f;
      sa += f;
    }
  }
  if (Math.abs(sa) < 1e-18) {
    const b = bboxOf(geometry);
    return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
  }
  return [sx / (3 * sa), sy / (3 * sa)];
}

/**
 * A point surely inside the shape: the centroid when it is inside, otherwise the middle of the
 * widest span on the horizontal line through the largest polygon's middle (for C- and L-shapes).
 */
export function interiorPoint(geometry: Geometry): Pt {
  const c = centroidOf(geometry);
  if (pointInGeometry(c[0], c[1], geometry)) return c;
  const polygons = polygonsOf(geometry);
  let best: Pt = c;
  let bestWidth = -1;
  for (const polygon of polygons) {
    const b = bboxOf({ type: 'Polygon', coordinates: polygon });
    for (const t of [0.5, 0.37, 0.63, 0.25, 0.75]) {
      const y = b[1] + (b[3] - b[1]) * t;
      const xs: number[] = [];
      for (const ring of polygon) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i]!;
          const [xj, yj] = ring[j]!;
          if (yi > y !== yj > y) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
        }
      }
      xs.sort((a, z) => a - z);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const width = xs[k + 1]! - xs[k]!;
        if (width > bestWidth) {
          bestWidth = width;
          best = [(xs[k]! + xs[k + 1]!) / 2, y];
        }
      }
    }
  }
  return best;
}

/** Metres per degree near a latitude: a local equirectangular frame for tolerances. */
export function metresPerDegree(lat: number): { x: number; y: number } {
  return { x: 111_320 * Math.cos(lat * RAD), y: 110_540 };
}

/** Distance in metres from a point to a segment, in the local frame around the point. */
export function distanceToSegmentM(p: Pt, a: Pt, b: Pt): number {
  const m = metresPerDegree(p[1]);
  const ax = (a[0] - p[0]) * m.x;
  const ay = (a[1] - p[1]) * m.y;
  const bx = (b[0] - p[0]) * m.x;
  const by = (b[1] - p[1]) * m.y;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/** Distance in metres from a point to the nearest ring edge of a shape. */
export function distanceToBoundaryM(p: Pt, geometry: Geometry): number {
  let best = Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) best = Math.min(best, distanceToSegmentM(p, ring[i]!, ring[i + 1]!));
    }
  }
  return best;
}

const orient = (a: Pt, b: Pt, c: Pt) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);

/**
 * Where segments ab and cd cross with both interiors (not at a shared endpoint, not collinear
 * touching), or null. Used for self-intersections and sibling overlaps.
 */
export function properCrossing(a: Pt, b: Pt, c: Pt, d: Pt): Pt | null {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (d1 === 0 || d2 === 0 || d3 === 0 || d4 === 0) return null;
  if (d1 > 0 === d2 > 0 || d3 > 0 === d4 > 0) return null;
  const t = d1 / (d1 - d2);
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

/** Whether two boxes overlap (touching counts). */
export function boxesTouch(a: BBox4, b: BBox4): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Drops repeated consecutive points and makes sure the ring is closed. */
export function cleanRing(ring: Ring): Ring {
  const out: Ring = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  return out;
}
