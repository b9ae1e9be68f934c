import { BASELINES, FORECAST_MODELS, Forecaster, meanAbsoluteError, type Baseline, type CountCube, type ForecastModel, type ForecastSpace, type MixParams } from './forecast';
import { capture, type Capture } from './pai';

/**
 * The one back-test: rolling origin, each test month forecast by every model from the months
 * before it only (the model's parameters included), scored by hit rate and PAI of the top grids and
 * by the mean absolute error per grid. Beside the models, the ceiling: flagging the grids that turned
 * out to be the hottest (perfect foresight), which no forecast can beat.
 */
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

export interface CeilingRow {
  fraction: number;
  hitRate: number;
  pai: number;
}

export interface Backtest {
  /** Month indices forecast (rolling origin: each uses only the months before it). */
  testMonths: number[];
  rows: BacktestRow[];
  ceiling: CeilingRow[];
  /** The smoothed mix's parameters for each test month, as chosen on the months before it. */
  params: MixParams[];
}

export const FRACTIONS = [0.01, 0.05, 0.1];

function pooled(caps: Capture[]): { hitRate: number; pai: number; areaShare: number } {
  const captured = caps.reduce((s, c) => s + c.captured, 0);
  const total = caps.reduce((s, c) => s + c.total, 0);
  const n = Math.max(1, caps.length);
  return {
    hitRate: total > 0 ? captured / total : 0,
    pai: caps.reduce((s, c) => s + c.pai, 0) / n,
    areaShare: caps.reduce((s, c) => s + c.areaShare, 0) / n,
  };
}

/** Rolling-origin back-test over the observed months firstTest..T−1. */
export function backtest(cube: CountCube | Forecaster, space: ForecastSpace, firstTest: number, fractions = FRACTIONS): Backtest {
  const f = cube instanceof Forecaster ? cube : new Forecaster(cube, space);
  const testMonths: number[] = [];
  for (let t = Math.max(1, firstTest); t < f.T; t++) if (f.isObserved(t)) testMonths.push(t);
  const actuals = testMonths.map((t) => f.actual(t));
  const params = testMonths.map((t) => f.fit(t));
  const rows: BacktestRow[] = [];
  for (const model of FORECAST_MODELS) {
    const preds = testMonths.map((t, i) => f.predict(model, t, params[i]));
    const mae = preds.reduce((s, p, i) => s + meanAbsoluteError(p, actuals[i]!), 0) / Math.max(1, preds.length);
    for (const fraction of fractions) {
      rows.push({ model, fraction, ...pooled(preds.map((p, i) => capture(p, actuals[i]!, space.area, fraction))), mae });
    }
  }
  const ceiling = fractions.map((fraction) => {
    const { hitRate, pai } = pooled(actuals.map((a) => capture(a, a, space.area, fraction)));
    return { fraction, hitRate, pai };
  });
  return { testMonths, rows, ceiling, params };
}

export interface Verdict {
  /** The model the forecast uses. */
  use: ForecastModel;
  /** The baseline with the higher PAI at the scoring fraction (then the lower MAE). */
  bestBaseline: Baseline;
  /** The model's PAI ÷ the best baseline's, at the scoring fraction. */
  paiRatio: number;
  beatsBaseline: boolean;
}

/**
 * The model is used only where its back-test beats the better baseline on both counts: a higher PAI
 * at `fraction` and a mean absolute error no larger. Otherwise the forecast is that baseline.
 */
export function verdict(bt: Backtest, fraction = 0.05): Verdict {
  const row = (m: ForecastModel) => bt.rows.find((r) => r.model === m && Math.abs(r.fraction - fraction) < 1e-9);
  const [a, b] = BASELINES.map(row);
  const best: Baseline = !a || !b ? 'long_term_average' : a.pai > b.pai || (a.pai === b.pai && a.mae < b.mae) ? a.model as Baseline : b.model as Baseline;
  const model = row('smoothed_mix');
  const base = row(best);
  if (bt.testMonths.length === 0 || !model || !base) return { use: 'long_term_average', bestBaseline: best, paiRatio: 0, beatsBaseline: false };
  const beatsBaseline = model.pai > base.pai && model.mae <= base.mae;
  return { use: beatsBaseline ? 'smoothed_mix' : best, bestBaseline: best, paiRatio: base.pai > 0 ? model.pai / base.pai : 0, beatsBaseline };
}
