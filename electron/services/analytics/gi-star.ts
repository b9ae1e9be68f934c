import { twoSidedP } from './normal';

/**
 * Spatial weights as compressed sparse rows: the neighbours of i are
 * indices[offsets[i] .. offsets[i+1]), all with weight 1 (binary weights). i itself is NOT listed:
 * Gi* adds it (w_ii = 1), as Getis & Ord's starred statistic does.
 */
export interface Neighbours {
  offsets: Int32Array;
  indices: Int32Array;
}

/** Gi* bins as ArcGIS's Gi_Bin: ±3 at 99 %, ±2 at 95 %, ±1 at 90 % confidence, 0 not significant. */
export type GiBin = -3 | -2 | -1 | 0 | 1 | 2 | 3;

export interface GiStarResult {
  z: Float64Array;
  p: Float64Array;
}

/**
 * Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995), the form ArcGIS's Hot Spot Analysis reports.
 * With binary weights w_ij (w_ii = 1, i.e. the location is its own neighbour):
 *
 *   Gi* = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / ( S · √[(n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)] )
 *   X̄ = Σ x_j / n,   S = √(Σ x_j² / n − X̄²)
 *
 * Gi* is itself a z-score; p is two-sided from the standard normal. Where it is undefined
 * (every value equal, or a location whose neighbourhood is the whole map) z = 0 and p = 1.
 */
export function giStar(values: ArrayLike<number>, w: Neighbours): GiStarResult {
  const n = values.length;
  const z = new Float64Array(n);
  const p = new Float64Array(n).fill(1);
  if (n < 2) return { z, p };
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  const s = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  if (s === 0) return { z, p };
  const { offsets, indices } = w;
  for (let i = 0; i < n; i++) {
    let local = values[i]!;
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    for (let k = start; k < end; k++) local += values[indices[k]!]!;
    const wSum = end - start + 1; // binary weights: Σw = Σw² = neighbours + self
    const spread = (n * wSum - wSum * wSum) / (n - 1);
    if (spread <= 0) continue;
    const zi = (local - mean * wSum) / (s * Math.sqrt(spread));
    z[i] = zi;
    p[i] = twoSidedP(zi);
  }
  return { z, p };
}

/**
 * The confidence bin of each location. Without FDR a p below 0.01 / 0.05 / 0.10 gives ±3 / ±2 / ±1.
 * With FDR (ArcGIS's "Apply False Discovery Rate correction"), each level keeps only the
 * p-values that pass Benjamini–Hochberg at that level, so fewer locations are called significant.
 */
export function giBins(z: ArrayLike<number>, p: ArrayLike<number>, thresholds?: { p01: number; p05: number; p10: number }): Int8Array {
  const t = thresholds ?? { p01: 0.01, p05: 0.05, p10: 0.1 };
  const bins = new Int8Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const pi = p[i]!;
    const level = pi <= t.p01 ? 3 : pi <= t.p05 ? 2 : pi <= t.p10 ? 1 : 0;
    bins[i] = z[i]! > 0 ? level : -level;
  }
  return bins;
}
