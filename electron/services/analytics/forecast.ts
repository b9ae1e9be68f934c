import { gridSpacing, smooth, spatialKernel, type Points, type SpatialKernel } from './forecast-kernel';
import { capture } from './pai';

/**
 * Next month's counts per grid, and an honest back-test against two baselines.
 *
 * Data: counts[c][g · T + t], cases of category group c in grid g in month t (T months); months
 * without any data (`observed` false) are gaps, never zeros.
 * Models (each sees only months before the one it forecasts):
 * - last_month:         x̂[g, t] = x[g, last observed month before t]
 * - long_term_average:  x̂[g, t] = mean of x[g, u] over the observed months u < t
 * - smoothed_mix:       Σ over category groups c of N̂_c · p_c[g], then kernel-smoothed in space:
 *   N̂_c   the group's district total, a recency-weighted mean of its past months (weight λN^age),
 *          times last year's seasonal index of the group when more than a year of history exists;
 *   p_c[g] the grid's share of the group, recency-weighted (λS^age) and pooled with the grid's share
 *          of all groups (κ = 5 cases), so a rare category borrows the overall pattern (category mix);
 *   then half of each grid's value is replaced by the Gaussian-kernel mean density around it
 *   (bandwidth h × the grid spacing).
 *   λN, λS and h are chosen for each forecast month from a small set by a rolling-origin back-test
 *   on the months before it only (best mean PAI at 5 %, then lower MAE): never on the month forecast.
 */
export type ForecastModel = 'smoothed_mix' | 'last_month' | 'long_term_average';
export const FORECAST_MODELS: ForecastModel[] = ['smoothed_mix', 'last_month', 'long_term_average'];
export type Baseline = 'last_month' | 'long_term_average';
export const BASELINES: Baseline[] = ['last_month', 'long_term_average'];

export interface CountCube {
  grids: number;
  months: number;
  /** One G×T matrix per category group (row-major by grid). */
  groups: Float64Array[];
  /** Months that have data (default: all). */
  observed?: ArrayLike<boolean>;
}

/** Where the grids are: areas for PAI, centres (metres, local plane) for spatial smoothing. */
export interface ForecastSpace {
  area: ArrayLike<number>;
  points?: Points;
}

export interface MixParams {
  /** λS: weight of a month's grid pattern per month of age (1 = all months alike). */
  recency: number;
  /** λN: weight of a month's district total per month of age (0 = last month only). */
  levelRecency: number;
  /** Kernel bandwidth as a multiple of the grid spacing (0 = no smoothing). */
  bandwidth: number;
}

const RECENCY = [0.8, 1];
const LEVEL_RECENCY = [0, 0.5, 1];
const BANDWIDTH = [0, 0.5];
export const MIX_CANDIDATES: MixParams[] = RECENCY.flatMap((recency) => LEVEL_RECENCY.flatMap((levelRecency) => BANDWIDTH.map((bandwidth) => ({ recency, levelRecency, bandwidth }))));
/** Used while there are no earlier months to choose on. */
export const DEFAULT_MIX: MixParams = { recency: 1, levelRecency: 0.5, bandwidth: 0.5 };
const POOL = 5;
const OWN = 0.5;
/** The first month that can validate a choice of parameters has two months before it. */
const FIRST_VALIDATION = 2;
export const SCORE_FRACTION = 0.05;

export class Forecaster {
  readonly G: number;
  readonly T: number;
  private readonly observed: boolean[];
  /** District totals per group and month. */
  private readonly totals: Float64Array[];
  private readonly kernels = new Map<number, SpatialKernel>();
  /** Median distance between neighbouring grid centres (0 without centres): the unit of bandwidths. */
  readonly spacing: number;
  /** Unsmoothed mixes per "λS:λN", per month t = 1..T. */
  private readonly mixes = new Map<string, Float64Array[]>();
  private readonly scores = new Map<string, { pai: number; mae: number }>();

  constructor(readonly cube: CountCube, readonly space: ForecastSpace) {
    this.G = cube.grids;
    this.T = cube.months;
    this.observed = Array.from({ length: this.T }, (_, t) => cube.observed?.[t] ?? true);
    this.totals = cube.groups.map((m) => {
      const n = new Float64Array(this.T);
      for (let g = 0; g < this.G; g++) for (let t = 0; t < this.T; t++) n[t]! += m[g * this.T + t]!;
      return n;
    });
    this.spacing = space.points ? gridSpacing(space.points) : 0;
  }

  isObserved(t: number): boolean {
    return this.observed[t] ?? false;
  }

  actual(t: number): Float64Array {
    const a = new Float64Array(this.G);
    for (const m of this.cube.groups) for (let g = 0; g < this.G; g++) a[g]! += m[g * this.T + t]!;
    return a;
  }

  /** Forecast of month t (0 < t ≤ T: T is the month after the data) for every grid. */
  predict(model: ForecastModel, t: number, params?: MixParams): Float64Array {
    if (model === 'smoothed_mix') return this.mix(params ?? this.fit(t), t);
    const { G, T } = this;
    const out = new Float64Array(G);
    const past = this.observedBefore(t);
    if (past.length === 0) return out;
    for (const m of this.cube.groups) {
      for (let g = 0; g < G; g++) {
        if (model === 'last_month') out[g]! += m[g * T + past[past.length - 1]!]!;
        else {
          let sum = 0;
          for (const u of past) sum += m[g * T + u]!;
          out[g]! += sum / past.length;
        }
      }
    }
    return out;
  }

  /** The parameters for month t, chosen on the months before it only. */
  fit(t: number): MixParams {
    const validation = this.observedBefore(t).filter((v) => v >= FIRST_VALIDATION && this.observedBefore(v).length >= 2);
    if (validation.length === 0) return DEFAULT_MIX;
    let best = DEFAULT_MIX;
    let bestPai = -Infinity;
    let bestMae = Infinity;
    for (const p of MIX_CANDIDATES) {
      let pai = 0;
      let mae = 0;
      for (const v of validation) {
        const s = this.score(p, v);
        pai += s.pai;
        mae += s.mae;
      }
      pai /= validation.length;
      mae /= validation.length;
      if (pai > bestPai + 1e-12 || (Math.abs(pai - bestPai) <= 1e-12 && mae < bestMae)) {
        best = p;
        bestPai = pai;
        bestMae = mae;
      }
    }
    return best;
  }

  private score(p: MixParams, v: number): { pai: number; mae: number } {
    const key = `${p.recency}:${p.levelRecency}:${p.bandwidth}:${v}`;
    let s = this.scores.get(key);
    if (!s) {
      const pred = this.mix(p, v);
      const actual = this.actual(v);
      s = { pai: capture(pred, actual, this.space.area, SCORE_FRACTION).pai, mae: meanAbsoluteError(pred, actual) };
      this.scores.set(key, s);
    }
    return s;
  }

  private observedBefore(t: number): number[] {
    const out: number[] = [];
    for (let u = 0; u < Math.min(t, this.T); u++) if (this.observed[u]) out.push(u);
    return out;
  }

  /** Recency-weighted district total of group c for month t, from the observed months before it. */
  private level(c: number, t: number, lambda: number): number {
    let sum = 0;
    let weight = 0;
    for (let u = 0; u < Math.min(t, this.T); u++) {
      if (!this.observed[u]) continue;
      const w = lambda ** (t - 1 - u); // 0 ** 0 = 1: λ = 0 is last month
      sum += w * this.totals[c]![u]!;
      weight += w;
    }
    if (weight === 0) return 0;
    let n = sum / weight;
    // A year of history: the ratio of last year's same month to what this level said for it.
    const y = t - 12;
    if (y >= 1 && this.observed[y]) {
      const expected = this.level(c, y, lambda);
      n *= Math.min(4, Math.max(0.25, (this.totals[c]![y]! + 1) / (expected + 1)));
    }
    return n;
  }

  private mix(p: MixParams, t: number): Float64Array {
    const raw = this.rawMixes(p.recency, p.levelRecency)[t] ?? new Float64Array(this.G);
    if (p.bandwidth === 0 || this.spacing === 0) return raw;
    let kernel = this.kernels.get(p.bandwidth);
    if (!kernel) this.kernels.set(p.bandwidth, (kernel = spatialKernel(this.space.points!, p.bandwidth * this.spacing)));
    return smooth(raw, this.space.area, kernel, OWN);
  }

  /** Mixes for t = 1..T, with the recency-weighted grid sums carried forward month by month. */
  private rawMixes(recency: number, levelRecency: number): Float64Array[] {
    const key = `${recency}:${levelRecency}`;
    const cached = this.mixes.get(key);
    if (cached) return cached;
    const { G, T } = this;
    const groups = this.cube.groups;
    const sums = groups.map(() => new Float64Array(G));
    const all = new Float64Array(G);
    const out: Float64Array[] = [new Float64Array(G)];
    for (let t = 1; t <= T; t++) {
      const u = t - 1;
      all.fill(0);
      groups.forEach((m, c) => {
        const s = sums[c]!;
        for (let g = 0; g < G; g++) {
          s[g] = recency * s[g]! + (this.observed[u] ? m[g * T + u]! : 0);
          all[g]! += s[g]!;
        }
      });
      let allSum = 0;
      for (let g = 0; g < G; g++) allSum += all[g]!;
      const pred = new Float64Array(G);
      groups.forEach((_, c) => {
        const s = sums[c]!;
        let total = 0;
        for (let g = 0; g < G; g++) total += s[g]!;
        const n = this.level(c, t, levelRecency);
        if (total === 0 || n === 0 || allSum === 0) return;
        for (let g = 0; g < G; g++) pred[g]! += (n * (s[g]! + (POOL * all[g]!) / allSum)) / (total + POOL);
      });
      out.push(pred);
    }
    this.mixes.set(key, out);
    return out;
  }
}

export function meanAbsoluteError(pred: ArrayLike<number>, actual: ArrayLike<number>): number {
  let sum = 0;
  for (let g = 0; g < pred.length; g++) sum += Math.abs(pred[g]! - actual[g]!);
  return pred.length > 0 ? sum / pred.length : 0;
}
