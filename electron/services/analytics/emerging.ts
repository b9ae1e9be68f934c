import { mannKendall } from './mann-kendall';

/**
 * Emerging Hot Spot Analysis categories, following the definitions published for ArcGIS Pro's
 * Emerging Hot Spot Analysis (Space Time Pattern Mining toolbox; reimplemented openly in R's sfdep).
 * Each location has a series of Gi* z-scores, one per time step (month). A step is a "hot spot"
 * when z > 0 and p < alpha, a "cold spot" when z < 0 and p < alpha. The trend is the Mann-Kendall
 * test on the z-score series, significant when its p < alpha. With n steps, "90 %" means at least
 * 0.9 · n of them.
 *
 * Hot spot categories (cold spots are the mirror image, with "cold" for "hot"):
 * - new:          the final step is hot and it has never been significant (hot or cold) before.
 * - consecutive:  a single uninterrupted run of at least two hot steps ending with the final step;
 *                 never significant (hot or cold) before that run; fewer than 90 % of steps hot.
 * - intensifying: hot in at least 90 % of steps including the final one, and the clustering
 *                 intensity rises with a significant Mann-Kendall trend.
 * - persistent:   hot in at least 90 % of steps (including the final one) with no significant trend.
 * - diminishing:  hot in at least 90 % of steps including the final one, and the intensity falls
 *                 with a significant Mann-Kendall trend.
 * - sporadic:     the final step is hot, it has been on-and-off hot before, fewer than 90 % of
 *                 steps hot, and never a cold spot.
 * - oscillating:  the final step is hot, it has been a cold spot at some earlier step, fewer than
 *                 90 % of steps hot.
 * - historical:   the final step is not hot, but at least 90 % of the steps were.
 * Everything else: no pattern detected.
 */
export type EmergingClass =
  | 'no_pattern'
  | `${'new' | 'consecutive' | 'intensifying' | 'persistent' | 'diminishing' | 'sporadic' | 'oscillating' | 'historical'}_${'hot' | 'cold'}`;

export const EMERGING_CLASSES: EmergingClass[] = [
  'new_hot', 'consecutive_hot', 'intensifying_hot', 'persistent_hot', 'diminishing_hot', 'sporadic_hot', 'oscillating_hot', 'historical_hot',
  'new_cold', 'consecutive_cold', 'intensifying_cold', 'persistent_cold', 'diminishing_cold', 'sporadic_cold', 'oscillating_cold', 'historical_cold',
  'no_pattern',
];

export interface EmergingResult {
  cls: EmergingClass;
  /** Mann-Kendall on the z-score series. */
  tau: number;
  trendZ: number;
  trendP: number;
  hotSteps: number;
  coldSteps: number;
}

/** Classifies one location from its z and p series (equal length, oldest first). */
export function classifyEmerging(z: ArrayLike<number>, p: ArrayLike<number>, alpha = 0.05): EmergingResult {
  const n = z.length;
  const mk = mannKendall(z);
  const state = new Int8Array(n); // +1 hot, −1 cold, 0 neither
  let hot = 0;
  let cold = 0;
  for (let t = 0; t < n; t++) {
    if (p[t]! < alpha && z[t]! !== 0) {
      state[t] = z[t]! > 0 ? 1 : -1;
      if (z[t]! > 0) hot++;
      else cold++;
    }
  }
  const base = { tau: mk.tau, trendZ: mk.z, trendP: mk.p, hotSteps: hot, coldSteps: cold };
  const hotCls = n > 0 ? classifySide(state, 1, hot, cold, mk.z, mk.p, alpha) : null;
  if (hotCls) return { cls: `${hotCls}_hot`, ...base };
  const coldCls = n > 0 ? classifySide(state, -1, cold, hot, -mk.z, mk.p, alpha) : null;
  if (coldCls) return { cls: `${coldCls}_cold`, ...base };
  return { cls: 'no_pattern', ...base };
}

type Kind = 'new' | 'consecutive' | 'intensifying' | 'persistent' | 'diminishing' | 'sporadic' | 'oscillating' | 'historical';

/**
 * The hot-side rules applied to `side` (+1 hot, −1 cold). `trendZ` is oriented so that positive
 * means "more intense on this side" (for cold spots, a falling z is an intensifying cold spot).
 */
function classifySide(state: Int8Array, side: 1 | -1, same: number, other: number, trendZ: number, trendP: number, alpha: number): Kind | null {
  const n = state.length;
  const finalSame = state[n - 1] === side;
  const mostly = same >= 0.9 * n;
  if (!finalSame) return mostly ? 'historical' : null;
  if (same === 1 && other === 0) return 'new';
  if (mostly) {
    if (trendP < alpha && trendZ > 0) return 'intensifying';
    if (trendP < alpha && trendZ < 0) return 'diminishing';
    return 'persistent';
  }
  // Final run of this side's steps.
  let runStart = n - 1;
  while (runStart > 0 && state[runStart - 1] === side) runStart--;
  const runLength = n - runStart;
  let sameBefore = false;
  for (let t = 0; t < runStart; t++) if (state[t] === side) sameBefore = true;
  if (runLength >= 2 && !sameBefore && other === 0) return 'consecutive';
  if (other > 0) return 'oscillating';
  return 'sporadic';
}
