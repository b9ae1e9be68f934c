import Flatbush from 'flatbush';
import type { Neighbours } from './gi-star';

/** A polygon's rings ([lng, lat] positions); a MultiPolygon contributes all its parts' rings. */
export type Rings = number[][][];

export type ContiguityKind = 'queen' | 'rook';

const M_PER_DEG_LAT = 110_574;

/**
 * Contiguity weights from polygon boundaries, robust to how real grid layers are drawn.
 *
 * Two grids are queen neighbours when their boundaries touch anywhere; rook neighbours when they
 * share a stretch of boundary (an edge), not just a point. Exact shared vertices are not required:
 * a Voronoi cell clipped by a community outline, or a digitised layer, has T-junctions (one
 * polygon's vertex in the middle of the other's edge) and tiny slivers. So a contact is any vertex
 * of one polygon within `toleranceM` of the other's boundary (both ways), and the pair shares an edge
 * when those contact points span at least `minEdgeM`.
 */
export function contiguity(polygons: Rings[], kind: ContiguityKind = 'queen', toleranceM = 0.5, minEdgeM = 1): Neighbours {
  const n = polygons.length;
  let latSum = 0;
  let latCount = 0;
  for (const rings of polygons) for (const ring of rings) for (const pt of ring) { latSum += pt[1]!; latCount++; }
  const lat0 = latCount ? latSum / latCount : 0;
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  // Each polygon's boundary as flat xy arrays in metres, one per ring.
  const shapes = polygons.map((rings) =>
    rings.map((ring) => {
      const xy = new Float64Array(ring.length * 2);
      ring.forEach((pt, k) => { xy[2 * k] = pt[0]! * kx; xy[2 * k + 1] = pt[1]! * M_PER_DEG_LAT; });
      return xy;
    }),
  );
  const lists: number[][] = Array.from({ length: n }, () => []);
  if (n === 0) return toCsr(lists);
  const index = new Flatbush(n);
  const boxes = shapes.map((rings) => {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const xy of rings) for (let k = 0; k < xy.length; k += 2) {
      minX = Math.min(minX, xy[k]!); maxX = Math.max(maxX, xy[k]!);
      minY = Math.min(minY, xy[k + 1]!); maxY = Math.max(maxY, xy[k + 1]!);
    }
    if (minX === Infinity) { minX = minY = maxX = maxY = 0; }
    index.add(minX - toleranceM, minY - toleranceM, maxX + toleranceM, maxY + toleranceM);
    return [minX, minY, maxX, maxY] as const;
  });
  index.finish();
  for (let i = 0; i < n; i++) {
    const [minX, minY, maxX, maxY] = boxes[i]!;
    for (const j of index.search(minX, minY, maxX, maxY)) {
      if (j <= i) continue;
      const contacts: number[] = [];
      collectContacts(shapes[i]!, shapes[j]!, toleranceM, contacts);
      collectContacts(shapes[j]!, shapes[i]!, toleranceM, contacts);
      if (contacts.length === 0) continue;
      if (kind === 'rook' && spanOf(contacts) < minEdgeM) continue;
      lists[i]!.push(j);
      lists[j]!.push(i);
    }
  }
  return toCsr(lists);
}

/** Vertices of `a` lying within tol of any segment of `b`, appended as x, y pairs. */
function collectContacts(a: Float64Array[], b: Float64Array[], tol: number, out: number[]): void {
  const tol2 = tol * tol;
  for (const ringA of a) {
    for (let k = 0; k < ringA.length; k += 2) {
      const px = ringA[k]!;
      const py = ringA[k + 1]!;
      if (nearBoundary(px, py, b, tol2)) out.push(px, py);
    }
  }
}

function nearBoundary(px: number, py: number, rings: Float64Array[], tol2: number): boolean {
  for (const xy of rings) {
    for (let k = 0; k + 3 < xy.length; k += 2) {
      const ax = xy[k]!, ay = xy[k + 1]!, bx = xy[k + 2]!, by = xy[k + 3]!;
      const dx = bx - ax, dy = by - ay;
      const len2 = dx * dx + dy * dy;
      let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = ax + t * dx - px, ey = ay + t * dy - py;
      if (ex * ex + ey * ey <= tol2) return true;
    }
  }
  return false;
}

/** Largest distance between any two contact points (the length of the shared boundary, roughly). */
function spanOf(xy: number[]): number {
  let best = 0;
  for (let i = 0; i < xy.length; i += 2) {
    for (let j = i + 2; j < xy.length; j += 2) {
      const d = Math.hypot(xy[i]! - xy[j]!, xy[i + 1]! - xy[j + 1]!);
      if (d > best) best = d;
    }
  }
  return best;
}

/**
 * Fixed distance band on centroids ([lng, lat]): neighbours within `bandM` metres. Without a band,
 * the smallest one that gives every location at least one neighbour (ArcGIS's default).
 */
export function distanceBand(centroids: [number, number][], bandM?: number): { weights: Neighbours; bandM: number } {
  const n = centroids.length;
  const lat0 = n ? centroids.reduce((s, c) => s + c[1], 0) / n : 0;
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const xs = centroids.map((c) => c[0] * kx);
  const ys = centroids.map((c) => c[1] * M_PER_DEG_LAT);
  let band = bandM ?? 0;
  if (bandM === undefined && n > 1) {
    const index = new Flatbush(n);
    for (let i = 0; i < n; i++) index.add(xs[i]!, ys[i]!, xs[i]!, ys[i]!);
    index.finish();
    for (let i = 0; i < n; i++) {
      const [j] = index.neighbors(xs[i]!, ys[i]!, 1, Infinity, (k) => k !== i);
      if (j !== undefined) band = Math.max(band, Math.hypot(xs[i]! - xs[j]!, ys[i]! - ys[j]!));
    }
    band *= 1.000001;
  }
  const lists: number[][] = Array.from({ length: n }, () => []);
  if (n > 0) {
    const index = new Flatbush(n);
    for (let i = 0; i < n; i++) index.add(xs[i]!, ys[i]!, xs[i]!, ys[i]!);
    index.finish();
    for (let i = 0; i < n; i++) {
      for (const j of index.search(xs[i]! - band, ys[i]! - band, xs[i]! + band, ys[i]! + band)) {
        if (j !== i && Math.hypot(xs[i]! - xs[j]!, ys[i]! - ys[j]!) <= band) lists[i]!.push(j);
      }
    }
  }
  return { weights: toCsr(lists), bandM: band };
}

export function toCsr(lists: number[][]): Neighbours {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => { offsets[i + 1] = offsets[i]! + list.length; });
  const indices = new Int32Array(offsets[lists.length]!);
  lists.forEach((list, i) => { list.sort((a, b) => a - b); indices.set(list, offsets[i]!); });
  return { offsets, indices };
}

/** Rings of a GeoJSON Polygon or MultiPolygon. */
export function ringsOf(geometry: { type: string; coordinates: unknown }): Rings {
  if (geometry.type === 'Polygon') return geometry.coordinates as Rings;
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as Rings[]).flat();
  return [];
}
