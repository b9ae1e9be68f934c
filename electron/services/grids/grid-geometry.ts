// Geometry of grid edits: split a polygon by a drawn line, merge two adjacent polygons, and the
// derived columns (bbox, centroid, area) every stored shape carries. Pure: shapes in, shapes out.
// polyclip-ts does the boolean operations exactly, so both halves of a split share the cut's very
// coordinates and a merge of shapes that share an edge leaves no seam.
import { difference, intersection, union } from 'polyclip-ts';
import type { Geometry } from '../../contract';
import { AppError } from '../shared/app-error';
import { pointInGeometry } from '../geo/point-in-polygon';
import { areaM2, bboxOf, centroidOf, cleanRing, interiorPoint, polygonsOf, ringAreaM2, type BBox4, type Polygon, type Pt } from '../geo/polygon-math';

export type PolygonGeometry = Extract<Geometry, { type: 'Polygon' | 'MultiPolygon' }>;

/** Holes and pieces smaller than this (m²) are digitising noise from near-coincident edges. */
const NOISE_M2 = 1;

export interface ShapeColumns {
  bbox: BBox4;
  centroid: Pt;
  areaM2: number;
}

/** The columns derived from a shape (kept in step with the geometry on every write). */
export function shapeColumns(geometry: Geometry): ShapeColumns {
  // The label point must lie inside (a concave grid's centroid may not), as the import does.
  const centroid = centroidOf(geometry);
  const inside = pointInGeometry(centroid[0], centroid[1], geometry) ? centroid : interiorPoint(geometry);
  return { bbox: bboxOf(geometry), centroid: inside, areaM2: Math.round(areaM2(geometry)) };
}

/** A drawn polygon made valid for storage: closed rings, no repeated points, at least a triangle. */
export function normalisePolygon(geometry: Geometry, what: string): PolygonGeometry {
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') throw new AppError('grid_geometry', `${what}：需要多边形，收到 ${geometry.type}`);
  const polygons = polygonsOf(geometry).map((p) => p.map(cleanRing)).filter((p) => p[0] && p[0].length >= 4);
  if (!polygons.length) throw new AppError('grid_geometry', `${what}：多边形至少需要 3 个不同的顶点`);
  return fromPolygons(polygons);
}

function fromPolygons(polygons: Polygon[]): PolygonGeometry {
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

/** Drops noise pieces and holes from a boolean operation's result. */
function tidy(result: Polygon[]): Polygon[] {
  return result
    .filter((p) => p[0] && ringAreaM2(p[0]) >= NOISE_M2)
    .map((p) => [p[0]!, ...p.slice(1).filter((hole) => ringAreaM2(hole) >= NOISE_M2)]);
}

/** The union of two shapes, refused unless they share an edge (the result must be one polygon). */
export function mergeShapes(a: Geometry, b: Geometry, names: [string, string]): PolygonGeometry {
  const pa = polygonsOf(a);
  const pb = polygonsOf(b);
  if (!pa.length || !pb.length) throw new AppError('grid_geometry', '只能合并多边形网格');
  const merged = tidy(union(pa, pb));
  if (merged.length !== 1) throw new AppError('grid_not_adjacent', `${names[0]} 与 ${names[1]} 不相邻（没有公共边），不能合并`);
  return fromPolygons(merged);
}

/**
 * Cuts a shape in two along a polyline that enters and leaves it once. The line is extended past
 * its ends to a frame around the shape and closed along the frame's left side: intersection and
 * difference with that half give the two parts, along exactly the same cut.
 */
export function splitShape(shape: Geometry, line: Pt[], name: string): [PolygonGeometry, PolygonGeometry] {
  const pts = line.filter((p, i) => i === 0 || p[0] !== line[i - 1]![0] || p[1] !== line[i - 1]![1]);
  if (pts.length < 2) throw new AppError('split_line', '切分线至少需要两个点');
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  if (pointInGeometry(first[0], first[1], shape) || pointInGeometry(last[0], last[1], shape)) {
    throw new AppError('split_line', `切分线的两端须在 ${name} 之外（从网格外画线穿过网格）`);
  }
  const box = bboxOf({ type: 'LineString', coordinates: [...pts, ...polygonsOf(shape).flatMap((p) => p[0]!)] });
  const pad = Math.max(box[2] - box[0], box[3] - box[1]);
  const frame: BBox4 = [box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad];
  const start = toFrame(pts[1]!, first, frame);
  const end = toFrame(pts[pts.length - 2]!, last, frame);
  const halfRing: Pt[] = [start.point, ...pts, end.point, ...frameWalk(end, start, frame), start.point];
  const parts = polygonsOf(shape);
  const left = tidy(intersection(parts, [halfRing]));
  const right = tidy(difference(parts, [halfRing]));
  if (left.length !== 1 || right.length !== 1) {
    throw new AppError('split_line', `切分线须恰好穿过 ${name} 一次，把它分成两块（现在分成 ${left.length + right.length} 块）`);
  }
  return [fromPolygons(left), fromPolygons(right)];
}

/** Where the ray from `inner` through `outer` meets the frame, and which side (0 W, 1 N, 2 E, 3 S). */
function toFrame(inner: Pt, outer: Pt, frame: BBox4): { point: Pt; side: number; t: number } {
  const dx = outer[0] - inner[0];
  const dy = outer[1] - inner[1];
  const hits: { s: number; side: number }[] = [];
  if (dx < 0) hits.push({ s: (frame[0] - outer[0]) / dx, side: 0 });
  if (dx > 0) hits.push({ s: (frame[2] - outer[0]) / dx, side: 2 });
  if (dy > 0) hits.push({ s: (frame[3] - outer[1]) / dy, side: 1 });
  if (dy < 0) hits.push({ s: (frame[1] - outer[1]) / dy, side: 3 });
  const hit = hits.reduce((a, b) => (b.s < a.s ? b : a));
  const point: Pt = [outer[0] + dx * hit.s, outer[1] + dy * hit.s];
  return { point, side: hit.side, t: perimeterPosition(point, hit.side, frame) };
}

/** Position along the frame, clockwise from the south-west corner (W side up, N east, E down, S west). */
function perimeterPosition(p: Pt, side: number, f: BBox4): number {
  const w = f[2] - f[0];
  const h = f[3] - f[1];
  if (side === 0) return p[1] - f[1];
  if (side === 1) return h + (p[0] - f[0]);
  if (side === 2) return h + w + (f[3] - p[1]);
  return 2 * h + w + (f[2] - p[0]);
}

/** Frame corners met going clockwise from `from` to `to` (so the half closes on the line's left). */
function frameWalk(from: { t: number }, to: { t: number }, f: BBox4): Pt[] {
  const w = f[2] - f[0];
  const h = f[3] - f[1];
  const total = 2 * (w + h);
  const corners: { t: number; p: Pt }[] = [
    { t: h, p: [f[0], f[3]] },
    { t: h + w, p: [f[2], f[3]] },
    { t: 2 * h + w, p: [f[2], f[1]] },
    { t: total, p: [f[0], f[1]] },
  ];
  const span = (to.t - from.t + total) % total;
  const out: { d: number; p: Pt }[] = [];
  for (const c of corners) {
    const d = (c.t - from.t + total) % total;
    if (d > 0 && d < span) out.push({ d, p: c.p });
  }
  return out.sort((a, b) => a.d - b.d).map((c) => c.p);
}
