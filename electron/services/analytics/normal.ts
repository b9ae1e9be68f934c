/**
 * The standard normal distribution, for the p-values of z-scores (Gi*, Mann-Kendall, rate ratios).
 * erfc by the Chebyshev fit of Numerical Recipes (erfcc): fractional error below 1.2e-7 everywhere,
 * so p-values stay accurate in the tails where 1 − Φ(z) would lose them to cancellation.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Φ(z), the standard normal cumulative distribution function. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a standard normal z: P(|Z| ≥ |z|). */
export function twoSidedP(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? 1 : 0;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** z for a two-sided confidence level, e.g. 0.95 → 1.959964. (Used for confidence intervals.) */
export const Z_95 = 1.959963984540054;
