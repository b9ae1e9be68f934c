/**
 * Spatial smoothing of grid forecasts with a Gaussian distance-decay kernel (the "kernel smoothing
 * across neighbouring grids" of crime forecasting): a grid's expected count is partly its own and
 * partly the area-weighted density of the grids around it. Densities are smoothed, not counts, so a
 * large grid beside small ones is not pulled towards their counts.
 */

export interface SpatialKernel {
  /** For each grid, neighbours within 3 bandwidths (itself included) and their weights. */
  neighbours: Int32Array[];
  weights: Float64Array[];
}

/** Grid centres (metres in a local plane; NaN where a grid has no geometry). */
export type Points = ArrayLike<readonly [number, number]>;

/** Neighbour search by a sweep over x: O(G log G + pairs), not O(G²). */
function pairsWithin(points: Points, radius: number, visit: (a: number, b: number, d: number) => void): void {
  const idx = Array.from({ length: points.length }, (_, i) => i).filter((i) => Number.isFinite(points[i]![0]) && Number.isFinite(points[i]![1]));
  idx.sort((a, b) => points[a]![0] - points[b]![0]);
  for (let i = 0; i < idx.length; i++) {
    const a = points[idx[i]!]!;
    for (let j = i + 1; j < idx.length; j++) {
      const b = points[idx[j]!]!;
      if (b[0] - a[0] > radius) break;
      const d = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (d <= radius) visit(idx[i]!, idx[j]!, d);
    }
  }
}

/** Median distance from a grid to its nearest neighbour: the grid spacing that bandwidths are scaled by. */
export function gridSpacing(points: Points): number {
  const nearest = new Float64Array(points.length).fill(Infinity);
  // Grow the search radius until most grids have found a neighbour.
  for (let radius = 50; radius < 1e6; radius *= 2) {
    nearest.fill(Infinity);
    pairsWithin(points, radius, (a, b, d) => {
      if (d < nearest[a]!) nearest[a] = d;
      if (d < nearest[b]!) nearest[b] = d;
    });
    const found = Array.from(nearest).filter(Number.isFinite);
    if (found.length >= 0.9 * points.length && found.length > 0) {
      found.sort((x, y) => x - y);
      return found[Math.floor(found.length / 2)]!;
    }
  }
  return 0;
}

export function spatialKernel(points: Points, bandwidthM: number): SpatialKernel {
  const n = points.length;
  const lists: { k: number[]; w: number[] }[] = Array.from({ length: n }, (_, g) => ({ k: [g], w: [1] }));
  if (bandwidthM > 0) {
    pairsWithin(points, 3 * bandwidthM, (a, b, d) => {
      const w = Math.exp(-(d * d) / (2 * bandwidthM * bandwidthM));
      lists[a]!.k.push(b); lists[a]!.w.push(w);
      lists[b]!.k.push(a); lists[b]!.w.push(w);
    });
  }
  return { neighbours: lists.map((l) => Int32Array.from(l.k)), weights: lists.map((l) => Float64Array.from(l.w)) };
}

/** own · x[g] + (1 − own) · area[g] · (kernel-weighted mean density around g). */
export function smooth(x: ArrayLike<number>, area: ArrayLike<number>, kernel: SpatialKernel, own: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let g = 0; g < x.length; g++) {
    const nb = kernel.neighbours[g]!;
    const w = kernel.weights[g]!;
    let s = 0;
    let sw = 0;
    for (let i = 0; i < nb.length; i++) {
      const k = nb[i]!;
      s += (w[i]! * x[k]!) / (area[k]! || 1);
      sw += w[i]!;
    }
    out[g] = own * x[g]! + (1 - own) * (area[g]! || 1) * (s / sw);
  }
  return out;
}
