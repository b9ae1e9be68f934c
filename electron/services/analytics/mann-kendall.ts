import { twoSidedP } from './normal';

export interface MannKendall {
  /** S = Σ_{i<j} sign(x_j − x_i) */
  s: number;
  /** Var(S) with the ties correction. */
  varS: number;
  /** Normal approximation with continuity correction. */
  z: number;
  /** Two-sided p-value of z. */
  p: number;
  /** Kendall's tau-b against time (time has no ties): S / √(n0 · (n0 − n1)). */
  tau: number;
}

/**
 * Mann-Kendall trend test (Mann 1945; Kendall 1975), as used by Emerging Hot Spot Analysis on each
 * location's series of Gi* z-scores:
 *
 *   S      = Σ_{i<j} sign(x_j − x_i)
 *   Var(S) = [ n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5) ] / 18      (t_g: size of each group of ties)
 *   Z      = (S − 1)/√Var(S) if S > 0;  0 if S = 0;  (S + 1)/√Var(S) if S < 0
 *   p      = 2 · (1 − Φ(|Z|))
 */
export function mannKendall(x: ArrayLike<number>): MannKendall {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i]!;
    for (let j = i + 1; j < n; j++) {
      const d = x[j]! - xi;
      s += d > 0 ? 1 : d < 0 ? -1 : 0;
    }
  }
  // Ties: sizes of groups of equal values.
  const sorted = Float64Array.from(x).sort();
  let tieTerm = 0;
  let tiePairs = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) {
      tieTerm += t * (t - 1) * (2 * t + 5);
      tiePairs += (t * (t - 1)) / 2;
    }
    i = j;
  }
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const z = varS <= 0 || s === 0 ? 0 : (s > 0 ? s - 1 : s + 1) / Math.sqrt(varS);
  const n0 = (n * (n - 1)) / 2;
  const tauDen = Math.sqrt(n0 * (n0 - tiePairs));
  return { s, varS, z, p: varS <= 0 ? 1 : twoSidedP(z), tau: tauDen > 0 ? s / tauDen : 0 };
}
