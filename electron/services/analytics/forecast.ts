import { capture, type Capture } from './pai';

/**
 * Next month's counts per grid, and an honest back-test against two baselines.
 *
 * Data: counts[c][g · T + t], cases of category group c in grid g in month t (T months).
 * Models (each sees only months before the one it forecasts):
 * - last_month:         x̂[g, t] = x[g, t−1]
 * - long_term_average:  x̂[g, t] = mean of x[g, 0..t−1]
 * - seasonal_trend:     for each grid × category group, Holt's linear trend with damping
 *                       (α = 0.3, β = 0.1, φ = 0.8; fixed beforehand, never fitted to test months)
 *                       gives the recent level and trend; it is multiplied by the category's
 *                       seasonal index for the target calendar month when a year of history exists:
 *                       s_c = (district count of c a year before + 1) ÷ (the level model's forecast
 *                       for that month, district-wide, + 1), kept within [0.25, 4]. Summed over groups.
 */
export type ForecastModel = 'seasonal_trend' | 'last_month' | 'long_term_average';
export const FORECAST_MODELS: ForecastModel[] = ['seasonal_trend', 'last_month', 'long_term_average'];

export const HOLT = { alpha: 0.3, beta: 0.1, phi: 0.8 } as const;

export interface CountCube {
  grids: number;
  months: number;
  /** One G×T matrix per category group (row-major by grid). */
  groups: Float64Array[];
}

/** One-step-ahead damped-Holt forecast of x[from..to) (to exclusive), never negative. */
export function holtForecast(x: ArrayLike<number>, from: number, to: number): number {
  if (to <= from) return 0;
  let level = x[from]!;
  let trend = 0;
  for (let t = from + 1; t < to; t++) {
    const prev = level;
    level = HOLT.alpha * x[t]! + (1 - HOLT.alpha) * (level + HOLT.phi * trend);
    trend = HOLT.beta * (level - prev) + (1 - HOLT.beta) * HOLT.phi * trend;
  }
  return Math.max(0, level + HOLT.phi * trend);
}

/** Forecast of month `t` (may equal T, the month after the data) for every grid. */
export function forecastMonth(cube: CountCube, model: ForecastModel, t: number): Float64Array {
  const { grids: G, months: T } = cube;
  const out = new Float64Array(G);
  if (t <= 0) return out;
  for (const m of cube.groups) {
    let season = 1;
    if (model === 'seasonal_trend' && t - 12 >= 1) {
      // District series of this group, and what the level model would have said a year before.
      const district = new Float64Array(T);
      for (let g = 0; g < G; g++) for (let s = 0; s < T; s++) district[s]! += m[g * T + s]!;
      const expected = holtForecast(district, 0, t - 12);
      season = Math.min(4, Math.max(0.25, (district[t - 12]! + 1) / (expected + 1)));
    }
    for (let g = 0; g < G; g++) {
      const row = g * T;
      if (model === 'last_month') out[g]! += m[row + t - 1]!;
      else if (model === 'long_term_average') {
        let sum = 0;
        for (let s = 0; s < t; s++) sum += m[row + s]!;
        out[g]! += sum / t;
      } else {
        const series = m.subarray(row, row + T);
        out[g]! += holtForecast(series, 0, t) * season;
      }
    }
  }
  return out;
}

export interface BacktestRow {
  model: ForecastModel;
  fraction: number;
  /** Pooled over the test months: Σ captured ÷ Σ cases. */
  hitRate: number;
  /** Mean of the monthly PAIs. */
  pai: number;
  /** Mean area share flagged. */
  areaShare: number;
  /** Mean absolute error per grid and month (counts). */
  mae: number;
}

export interface Backtest {
  /** Month indices forecast (rolling origin: each uses only the months before it). */
  testMonths: number[];
  rows: BacktestRow[];
}

export const FRACTIONS = [0.01, 0.05, 0.1];

/** Rolling-origin back-test over months firstTest..T−1. */
export function backtest(cube: CountCube, area: ArrayLike<number>, firstTest: number, fractions = FRACTIONS): Backtest {
  const { grids: G, months: T } = cube;
  const testMonths: number[] = [];
  for (let t = Math.max(1, firstTest); t < T; t++) testMonths.push(t);
  const rows: BacktestRow[] = [];
  const actuals = testMonths.map((t) => {
    const a = new Float64Array(G);
    for (const m of cube.groups) for (let g = 0; g < G; g++) a[g]! += m[g * T + t]!;
    return a;
  });
  for (const model of FORECAST_MODELS) {
    const preds = testMonths.map((t) => forecastMonth(cube, model, t));
    let absErr = 0;
    preds.forEach((p, i) => { for (let g = 0; g < G; g++) absErr += Math.abs(p[g]! - actuals[i]![g]!); });
    for (const fraction of fractions) {
      const caps: Capture[] = preds.map((p, i) => capture(p, actuals[i]!, area, fraction));
      const captured = caps.reduce((s, c) => s + c.captured, 0);
      const total = caps.reduce((s, c) => s + c.total, 0);
      rows.push({
        model, fraction,
        hitRate: total > 0 ? captured / total : 0,
        pai: caps.reduce((s, c) => s + c.pai, 0) / Math.max(1, caps.length),
        areaShare: caps.reduce((s, c) => s + c.areaShare, 0) / Math.max(1, caps.length),
        mae: absErr / Math.max(1, G * testMonths.length),
      });
    }
  }
  return { testMonths, rows };
}
