// Topology checks of the region tree: self-intersections, overlaps between siblings, gaps inside a
// parent, children outside their parent. Pure: regions in, problems out (with the offending ids).
import Flatbush from 'flatbush';
import type { Geometry, RegionLevel } from '../../contract';
import { pointInGeometry } from '../geo/point-in-polygon';
import {
  bboxOf, boxesTouch, cleanRing, distanceToSegmentM, interiorPoint, metresPerDegree, polygonsOf, properCrossing,
  type BBox4, type Pt, type Ring,
} from '../geo/polygon-math';

export interface TopologyRegion {
  id: number;
  name: string;
  level: RegionLevel;
  parentId: number | null;
  geometry: Geometry;
}

export type ProblemKind = 'self_intersection' | 'overlap' | 'gap' | 'outside_parent';

export interface TopologyProblem {
  kind: ProblemKind;
  level: RegionLevel;
  /** The offending regions: the region itself, the overlapping pair, the parent of a gap, child + parent. */
  regionIds: number[];
  names: string[];
  /** A WGS84 point where it happens (for the map). */
  at: [number, number];
  /** Extent of the problem area when known (gaps, overlaps): [west, south, east, north]. */
  bbox: BBox4 | null;
  /** Estimated area in m² (overlaps, gaps, the part outside a parent). */
  areaM2: number | null;
  message: string;
}

export interface TopologyOptions {
  /** Boundaries closer than this (metres) count as shared: digitising noise, not a problem. */
  toleranceM?: number;
  /** Sample points per parent for gap and overlap areas. */
  samplesPerParent?: number;
  /** Gaps smaller than this many m² are not reported. */
  minGapM2?: number;
}

interface Prepared extends TopologyRegion {
  box: BBox4;
  rings: Ring[];
  /** Edge index, built on first use: "is this point near the boundary" in O(log n). */
  segs?: Segments;
}

function edgesOf(r: Prepared): Segments {
  return (r.segs ??= segmentsOf(r.rings));
}

/** Whether a point is within `tol` metres of the shape's boundary. */
function nearBoundary(p: Pt, r: Prepared, tol: number): boolean {
  const m = metresPerDegree(p[1]);
  const dx = tol / m.x;
  const dy = tol / m.y;
  const s = edgesOf(r);
  return s.index.search(p[0] - dx, p[1] - dy, p[0] + dx, p[1] + dy).some((i) => distanceToSegmentM(p, s.a[i]!, s.b[i]!) <= tol);
}

const MAX_PER_KIND = 500;

export function checkTopology(regions: TopologyRegion[], options: TopologyOptions = {}): TopologyProblem[] {
  const tol = options.toleranceM ?? 0.5;
  const prepared: Prepared[] = regions
    .filter((r) => r.geometry.type === 'Polygon' || r.geometry.type === 'MultiPolygon')
    .map((r) => ({ ...r, box: bboxOf(r.geometry), rings: polygonsOf(r.geometry).flatMap((p) => p.map(cleanRing)) }));
  const byId = new Map(prepared.map((r) => [r.id, r]));
  const problems: TopologyProblem[] = [];
  for (const r of prepared) {
    const at = selfIntersection(r.rings);
    if (at) problems.push(problem('self_intersection', [r], at, null, null, `${r.name} 的边界自相交`));
  }
  const siblings = new Map<string, Prepared[]>();
  for (const r of prepared) {
    const key = `${r.level}|${r.parentId ?? 'root'}`;
    (siblings.get(key) ?? siblings.set(key, []).get(key)!).push(r);
  }
  for (const group of siblings.values()) problems.push(...overlaps(group, tol, options.samplesPerParent ?? 4000));
  const children = new Map<number, Prepared[]>();
  for (const r of prepared) if (r.parentId !== null && byId.has(r.parentId)) (children.get(r.parentId) ?? children.set(r.parentId, []).get(r.parentId)!).push(r);
  for (const [parentId, kids] of children) {
    const parent = byId.get(parentId)!;
    for (const child of kids) {
      const outside = outsideParent(child, parent, tol);
      if (outside) problems.push(problem('outside_parent', [child, parent], outside.at, child.box, null, `${child.name} 有 ${outside.count} 个顶点在上级 ${parent.name} 之外`));
    }
    problems.push(...gaps(parent, kids, tol, options.samplesPerParent ?? 4000, options.minGapM2));
  }
  return capped(problems);
}

function problem(kind: ProblemKind, rs: Prepared[], at: Pt, bbox: BBox4 | null, areaM2: number | null, message: string): TopologyProblem {
  return { kind, level: rs[0]!.level, regionIds: rs.map((r) => r.id), names: rs.map((r) => r.name), at, bbox, areaM2, message };
}

function capped(problems: TopologyProblem[]): TopologyProblem[] {
  const seen = new Map<ProblemKind, number>();
  return problems.filter((p) => {
    const n = (seen.get(p.kind) ?? 0) + 1;
    seen.set(p.kind, n);
    return n <= MAX_PER_KIND;
  });
}

interface Segments {
  a: Pt[];
  b: Pt[];
  ring: number[];
  index: Flatbush;
}

function segmentsOf(rings: Ring[]): Segments {
  const a: Pt[] = [];
  const b: Pt[] = [];
  const ring: number[] = [];
  rings.forEach((r, k) => {
    for (let i = 0; i + 1 < r.length; i++) {
      a.push(r[i]!);
      b.push(r[i + 1]!);
      ring.push(k);
    }
  });
  const index = new Flatbush(Math.max(1, a.length));
  for (let i = 0; i < a.length; i++) {
    index.add(Math.min(a[i]![0], b[i]![0]), Math.min(a[i]![1], b[i]![1]), Math.max(a[i]![0], b[i]![0]), Math.max(a[i]![1], b[i]![1]));
  }
  if (a.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return { a, b, ring, index };
}

/** The first point where two edges of the shape cross, or null. Edges sharing an endpoint are neighbours. */
export function selfIntersection(rings: Ring[]): Pt | null {
  const s = segmentsOf(rings);
  for (let i = 0; i < s.a.length; i++) {
    const [ax, ay] = s.a[i]!;
    const [bx, by] = s.b[i]!;
    const hits = s.index.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    for (const j of hits) {
      if (j <= i) continue;
      const hit = properCrossing(s.a[i]!, s.b[i]!, s.a[j]!, s.b[j]!);
      if (hit) return hit;
    }
  }
  return null;
}

/** A point strictly inside `r` and farther than `tol` from its boundary. */
function deepInside(p: Pt, r: Prepared, tol: number): boolean {
  return (
    p[0] >= r.box[0] && p[0] <= r.box[2] && p[1] >= r.box[1] && p[1] <= r.box[3] &&
    pointInGeometry(p[0], p[1], r.geometry) && !nearBoundary(p, r, tol)
  );
}

function overlaps(group: Prepared[], tol: number, samples: number): TopologyProblem[] {
  const out: TopologyProblem[] = [];
  for (let i = 0; i < group.length; i++) {
    for (let j = i + 1; j < group.length; j++) {
      const a = group[i]!;
      const b = group[j]!;
      if (!boxesTouch(a.box, b.box)) continue;
      const at = overlapPoint(a, b, tol);
      if (!at) continue;
      const box: BBox4 = [Math.max(a.box[0], b.box[0]), Math.max(a.box[1], b.box[1]), Math.min(a.box[2], b.box[2]), Math.min(a.box[3], b.box[3])];
      const area = sampleArea(box, samples, (p) => deepInside(p, a, tol) && deepInside(p, b, tol));
      // A sliver thinner than the sample spacing has no samples inside: say so rather than "0 m²".
      const size = area.m2 > 0 ? `约 ${Math.round(area.m2)} m²` : `狭长，小于 ${Math.ceil(area.cellM2)} m²`;
      out.push(problem('overlap', [a, b], area.at ?? at, area.bbox ?? box, area.m2, `${a.name} 与 ${b.name} 重叠（${size}）`));
    }
  }
  return out;
}

/** Evidence that two shapes share interior: a vertex deep inside the other, or a crossing far from shared vertices. */
function overlapPoint(a: Prepared, b: Prepared, tol: number): Pt | null {
  for (const [x, y] of [[a, b], [b, a]] as const) {
    // Vertices and edge midpoints: shapes whose edges lie along each other's have no vertex inside.
    for (const ring of x.rings) {
      for (let i = 0; i < ring.length; i++) {
        const p = ring[i]!;
        if (deepInside(p, y, tol)) return p;
        const q = ring[i + 1];
        const mid: Pt | null = q ? [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2] : null;
        if (mid && deepInside(mid, y, tol)) return mid;
      }
    }
  }
  // Identical or nested shapes: their interior points say so when no vertex does.
  for (const [x, y] of [[a, b], [b, a]] as const) {
    const p = interiorPoint(x.geometry);
    if (deepInside(p, y, tol) && deepInside(p, x, tol)) return p;
  }
  const sb = edgesOf(b);
  for (const ring of a.rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const p = ring[i]!;
      const q = ring[i + 1]!;
      for (const j of sb.index.search(Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1]))) {
        const hit = properCrossing(p, q, sb.a[j]!, sb.b[j]!);
        // A crossing whose edges end within the tolerance is a wobble along a shared boundary.
        if (hit && [p, q, sb.a[j]!, sb.b[j]!].every((v) => metres(v, hit) > tol)) {
          const m: Pt = [(hit[0] + (p[0] + q[0]) / 2) / 2, (hit[1] + (p[1] + q[1]) / 2) / 2];
          if (deepInside(m, a, 0) && deepInside(m, b, 0)) return hit;
        }
      }
    }
  }
  return null;
}

function metres(p: Pt, q: Pt): number {
  const m = metresPerDegree(p[1]);
  return Math.hypot((p[0] - q[0]) * m.x, (p[1] - q[1]) * m.y);
}

function outsideParent(child: Prepared, parent: Prepared, tol: number): { at: Pt; count: number } | null {
  let count = 0;
  let at: Pt | null = null;
  for (const ring of child.rings) {
    for (const p of ring) {
      if (pointInGeometry(p[0], p[1], parent.geometry) || nearBoundary(p, parent, tol)) continue;
      count++;
      at ??= p;
    }
  }
  return at ? { at, count } : null;
}

/** Sample points of the parent that are in no child, grouped into connected patches. */
function gaps(parent: Prepared, kids: Prepared[], tol: number, samples: number, minGapM2 = 1): TopologyProblem[] {
  const index = new Flatbush(kids.length);
  for (const k of kids) index.add(k.box[0], k.box[1], k.box[2], k.box[3]);
  index.finish();
  const grid = lattice(parent.box, samples);
  const m = metresPerDegree((parent.box[1] + parent.box[3]) / 2);
  const tolX = tol / m.x;
  const tolY = tol / m.y;
  const empty = new Uint8Array(grid.nx * grid.ny);
  for (let iy = 0; iy < grid.ny; iy++) {
    for (let ix = 0; ix < grid.nx; ix++) {
      const p = grid.point(ix, iy);
      if (!deepInside(p, parent, tol)) continue;
      const covered = index.search(p[0], p[1], p[0], p[1]).some((k) => pointInGeometry(p[0], p[1], kids[k]!.geometry));
      if (covered) continue;
      // A sample on a shared boundary (within the tolerance) is not a gap.
      const near = index.search(p[0] - tolX, p[1] - tolY, p[0] + tolX, p[1] + tolY);
      if (near.every((k) => !nearBoundary(p, kids[k]!, tol))) empty[iy * grid.nx + ix] = 1;
    }
  }
  const out: TopologyProblem[] = [];
  for (const patch of patches(empty, grid.nx, grid.ny)) {
    const m2 = patch.cells.length * grid.cellM2;
    if (m2 < minGapM2) continue;
    const pts = patch.cells.map((c) => grid.point(c % grid.nx, Math.floor(c / grid.nx)));
    const box: BBox4 = [Math.min(...pts.map((p) => p[0])) - grid.dx / 2, Math.min(...pts.map((p) => p[1])) - grid.dy / 2,
      Math.max(...pts.map((p) => p[0])) + grid.dx / 2, Math.max(...pts.map((p) => p[1])) + grid.dy / 2];
    out.push(problem('gap', [parent], pts[Math.floor(pts.length / 2)]!, box, m2, `${parent.name} 内有未被下级覆盖的空隙（约 ${Math.round(m2)} m²）`));
  }
  return out;
}

function lattice(box: BBox4, samples: number) {
  const m = metresPerDegree((box[1] + box[3]) / 2);
  const w = (box[2] - box[0]) * m.x;
  const h = (box[3] - box[1]) * m.y;
  const step = Math.max(Math.sqrt((w * h) / samples), 1e-6);
  const nx = Math.max(1, Math.ceil(w / step));
  const ny = Math.max(1, Math.ceil(h / step));
  const dx = (box[2] - box[0]) / nx;
  const dy = (box[3] - box[1]) / ny;
  return { nx, ny, dx, dy, cellM2: (w / nx) * (h / ny), point: (ix: number, iy: number): Pt => [box[0] + (ix + 0.5) * dx, box[3] - (iy + 0.5) * dy] };
}

function sampleArea(box: BBox4, samples: number, inside: (p: Pt) => boolean): { m2: number; cellM2: number; at: Pt | null; bbox: BBox4 | null } {
  const g = lattice(box, Math.min(samples, 2500));
  const hits: Pt[] = [];
  for (let iy = 0; iy < g.ny; iy++) for (let ix = 0; ix < g.nx; ix++) if (inside(g.point(ix, iy))) hits.push(g.point(ix, iy));
  if (!hits.length) return { m2: 0, cellM2: g.cellM2, at: null, bbox: null };
  const bbox: BBox4 = [Math.min(...hits.map((p) => p[0])), Math.min(...hits.map((p) => p[1])), Math.max(...hits.map((p) => p[0])), Math.max(...hits.map((p) => p[1]))];
  return { m2: hits.length * g.cellM2, cellM2: g.cellM2, at: hits[Math.floor(hits.length / 2)]!, bbox };
}

/** 4-connected patches of set cells. */
function patches(cells: Uint8Array, nx: number, ny: number): { cells: number[] }[] {
  const seen = new Uint8Array(cells.length);
  const out: { cells: number[] }[] = [];
  for (let start = 0; start < cells.length; start++) {
    if (!cells[start] || seen[start]) continue;
    const stack = [start];
    const patch: number[] = [];
    seen[start] = 1;
    while (stack.length) {
      const c = stack.pop()!;
      patch.push(c);
      const x = c % nx;
      const y = Math.floor(c / nx);
      for (const [n, ok] of [[c - 1, x > 0], [c + 1, x < nx - 1], [c - nx, y > 0], [c + nx, y < ny - 1]] as const) {
        if (ok && cells[n] && !seen[n]) {
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    out.push({ cells: patch });
  }
  return out;
}
