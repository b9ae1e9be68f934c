/**
 * Benjamini–Hochberg false discovery rate (Benjamini & Hochberg 1995, J. R. Statist. Soc. B 57:289).
 * Sort the m p-values p(1) ≤ … ≤ p(m); find the largest k with p(k) ≤ (k / m) · q; reject the k
 * smallest. Returns that largest passing p-value as the cut-off (−1 when none passes), so that
 * "significant" is simply p ≤ cut-off.
 */
export function bhThreshold(p: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(p).sort();
  const m = sorted.length;
  for (let k = m; k >= 1; k--) {
    if (sorted[k - 1]! <= (k / m) * q) return sorted[k - 1]!;
  }
  return -1;
}

/** BH-adjusted p-values (q-values): p_adj(i) = min over j ≥ i of min(1, m · p(j) / j), in input order. */
export function bhAdjust(p: ArrayLike<number>): Float64Array {
  const m = p.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  const adjusted = new Float64Array(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1]!;
    running = Math.min(running, (m * p[i]!) / rank);
    adjusted[i] = Math.min(1, running);
  }
  return adjusted;
}

/** The cut-offs at 99 / 95 / 90 % for Gi* bins under FDR (see gi-star.ts giBins). */
export function fdrThresholds(p: ArrayLike<number>): { p01: number; p05: number; p10: number } {
  return { p01: bhThreshold(p, 0.01), p05: bhThreshold(p, 0.05), p10: bhThreshold(p, 0.1) };
}
