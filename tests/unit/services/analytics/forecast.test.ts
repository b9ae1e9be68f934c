import { describe, expect, it } from 'vitest';
import { Forecaster, type CountCube, type ForecastModel } from '../../../../electron/services/analytics/forecast';
import { backtest, verdict, type Backtest } from '../../../../electron/services/analytics/forecast-backtest';
import { gridSpacing, smooth, spatialKernel } from '../../../../electron/services/analytics/forecast-kernel';
import { capture } from '../../../../electron/services/analytics/pai';

describe('PAI and hit rate', () => {
  // Four grids of areas 1, 1, 2, 4; predicted 5, 1, 3, 0; actual 6, 1, 2, 1 (10 cases).
  const pred = [5, 1, 3, 0];
  const actual = [6, 1, 2, 1];
  const area = [1, 1, 2, 4];
  it('flags the top 25 %: one grid with 6 of 10 cases on 1/8 of the area → PAI 4.8', () => {
    const c = capture(pred, actual, area, 0.25);
    expect(c).toMatchObject({ flagged: 1, captured: 6, total: 10 });
    expect(c.hitRate).toBeCloseTo(0.6, 12);
    expect(c.areaShare).toBeCloseTo(0.125, 12);
    expect(c.pai).toBeCloseTo(4.8, 12);
  });
  it('flags the top 50 %: grids 0 and 2, 8 of 10 cases on 3/8 of the area', () => {
    const c = capture(pred, actual, area, 0.5);
    expect(c.captured).toBe(8);
    expect(c.pai).toBeCloseTo(0.8 / 0.375, 12);
  });
  it('flags at least one grid and breaks ties by order', () => {
    expect(capture([1, 1, 1], [0, 0, 3], [1, 1, 1], 0.01)).toMatchObject({ flagged: 1, captured: 0 });
  });
});

// Two grids × 6 months, one category group: grid 0 rises 1..6, grid 1 falls 9..4.
const cube = (): CountCube => ({ grids: 2, months: 6, groups: [Float64Array.from([1, 2, 3, 4, 5, 6, 9, 8, 7, 6, 5, 4])] });
const flat = { area: [1, 1] };
const round = (a: ArrayLike<number>) => Array.from(a, (v) => Math.round(v * 1e9) / 1e9);

describe('baselines', () => {
  it('last month and the long-term average', () => {
    const f = new Forecaster(cube(), flat);
    expect(round(f.predict('last_month', 3))).toEqual([3, 7]);
    expect(round(f.predict('long_term_average', 4))).toEqual([2.5, 7.5]);
  });
  it('a month without data is a gap, not a zero', () => {
    const c = cube();
    c.groups[0]![2] = 0;
    c.groups[0]![8] = 0;
    c.observed = [true, true, false, true, true, true];
    const f = new Forecaster(c, flat);
    expect(round(f.predict('last_month', 3))).toEqual([2, 8]); // month 1, the last with data
    expect(round(f.predict('long_term_average', 4))).toEqual(round([(1 + 2 + 4) / 3, (9 + 8 + 6) / 3]));
    expect(backtest(c, flat, 1).testMonths).toEqual([1, 3, 4, 5]);
  });
});

describe('smoothed mix', () => {
  it('with every month alike and no smoothing, one category group is the long-term average', () => {
    const f = new Forecaster(cube(), flat);
    expect(round(f.predict('smoothed_mix', 4, { recency: 1, levelRecency: 1, bandwidth: 0 }))).toEqual([2.5, 7.5]);
  });
  it('recency weights: λS = 0.8 for the pattern, last month’s district total (λN = 0)', () => {
    const f = new Forecaster(cube(), flat);
    // Weighted sums 0.64·1 + 0.8·2 + 3 = 5.24 and 0.64·9 + 0.8·8 + 7 = 19.16; last month's total 10.
    const p = f.predict('smoothed_mix', 3, { recency: 0.8, levelRecency: 0, bandwidth: 0 });
    expect(p[0]).toBeCloseTo((10 * 5.24) / 24.4, 12);
    expect(p[1]).toBeCloseTo((10 * 19.16) / 24.4, 12);
  });
  it('category mix: a rare category borrows the overall pattern (pooled with κ = 5 cases)', () => {
    // One month: category A has 10 cases in grid 0, category B one case in grid 1.
    const c: CountCube = { grids: 2, months: 1, groups: [Float64Array.from([10, 0]), Float64Array.from([0, 1])] };
    const p = new Forecaster(c, flat).predict('smoothed_mix', 1, { recency: 1, levelRecency: 1, bandwidth: 0 });
    // A: (10 + 5·10/11) ÷ 15 of 10 cases; B: (0 + 5·10/11) ÷ 6 of 1 case.
    expect(p[0]).toBeCloseTo((10 * (10 + 50 / 11)) / 15 + 50 / 11 / 6, 12);
    expect(p[1]).toBeCloseTo((10 * (5 / 11)) / 15 + (1 + 5 / 11) / 6, 12);
    expect(p[0]! + p[1]!).toBeCloseTo(11, 12);
  });
  it('applies last year’s seasonal index to a category’s total when a year of history exists', () => {
    const T = 14;
    // One grid; a spike every 12 months (months 1 and 13) on a flat 10.
    const series = Float64Array.from({ length: T }, (_, t) => (t % 12 === 1 ? 40 : 10));
    const f = new Forecaster({ grids: 1, months: T, groups: [series] }, { area: [1] });
    const params = { recency: 1, levelRecency: 1, bandwidth: 0 };
    expect(f.predict('smoothed_mix', 13, params)[0]).toBeGreaterThan(2 * f.predict('smoothed_mix', 12, params)[0]!);
  });
});

describe('kernel smoothing across neighbouring grids', () => {
  const line = [[0, 0], [100, 0], [200, 0]] as const;
  it('Gaussian weights by distance, half of each value kept', () => {
    const k = spatialKernel(line, 100);
    const near = Math.exp(-0.5);
    const far = Math.exp(-2);
    const s = smooth([3, 0, 0], [1, 1, 1], k, 0.5);
    expect(s[0]).toBeCloseTo(1.5 + (0.5 * 3) / (1 + near + far), 12);
    expect(s[1]).toBeCloseTo((0.5 * 3 * near) / (1 + 2 * near), 12);
    expect(s[2]).toBeCloseTo((0.5 * 3 * far) / (1 + near + far), 12);
  });
  it('smooths densities: a grid twice the area gets twice the count of the density around it', () => {
    // Grids 0 and 2 share a centre, so they see the same density around them.
    const s = smooth([0, 4, 0], [1, 1, 2], spatialKernel([[0, 0], [1, 0], [0, 0]], 1), 0);
    expect(s[0]).toBeCloseTo((4 * Math.exp(-0.5)) / (2 + Math.exp(-0.5)), 12);
    expect(s[2]).toBeCloseTo(2 * s[0]!, 12);
  });
  it('the grid spacing of a lattice is its step', () => {
    const pts = Array.from({ length: 16 }, (_, i) => [(i % 4) * 250, Math.floor(i / 4) * 250] as const);
    expect(gridSpacing(pts)).toBeCloseTo(250, 9);
  });
});

describe('rolling origin: nothing sees the month it forecasts', () => {
  // Deterministic pseudo-random counts on a 3 × 3 lattice, 2 groups, 9 months.
  const make = (): CountCube => {
    let seed = 7;
    const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    return { grids: 9, months: 9, groups: [0, 1].map(() => Float64Array.from({ length: 81 }, () => Math.floor(next() * 12))) };
  };
  const space = { area: new Array(9).fill(1), points: Array.from({ length: 9 }, (_, i) => [(i % 3) * 100, Math.floor(i / 3) * 100] as const) };
  it('changing month 6 and later changes no forecast of month 6, parameters included', () => {
    const a = new Forecaster(make(), space);
    const changed = make();
    for (const m of changed.groups) for (let g = 0; g < 9; g++) for (let t = 6; t < 9; t++) m[g * 9 + t] = 100 * g;
    const b = new Forecaster(changed, space);
    expect(b.fit(6)).toEqual(a.fit(6));
    for (const model of ['smoothed_mix', 'last_month', 'long_term_average'] as ForecastModel[]) {
      expect(Array.from(b.predict(model, 6))).toEqual(Array.from(a.predict(model, 6)));
    }
  });
  it('back-test: one row per model and fraction, and a ceiling no model passes', () => {
    const bt = backtest(make(), space, 3);
    expect(bt.testMonths).toEqual([3, 4, 5, 6, 7, 8]);
    expect(bt.rows).toHaveLength(9);
    expect(bt.params).toHaveLength(6);
    for (const r of bt.rows) expect(r.pai).toBeLessThanOrEqual(bt.ceiling.find((c) => c.fraction === r.fraction)!.pai + 1e-12);
  });
  it('back-test of the baselines by hand', () => {
    const bt = backtest(cube(), flat, 2, [0.5]);
    expect(bt.testMonths).toEqual([2, 3, 4, 5]);
    const last = bt.rows.find((r) => r.model === 'last_month')!;
    // Months 2..4: last month ranks grid 1 first (7, 6, 5 of 10 cases); month 5 is a 5–5 tie,
    // which goes to grid 0 (6 of 10).
    expect(last.hitRate).toBeCloseTo((7 + 6 + 5 + 6) / 40, 12);
    expect(bt.ceiling[0]!.hitRate).toBeCloseTo((7 + 6 + 5 + 6) / 40, 12);
  });
});

describe('verdict: the model only where it beats the better baseline', () => {
  const bt = (mix: [number, number], last: [number, number], avg: [number, number]): Backtest => ({
    testMonths: [3], params: [], ceiling: [],
    rows: ([['smoothed_mix', mix], ['last_month', last], ['long_term_average', avg]] as const).map(([model, [pai, mae]]) => ({ model, fraction: 0.05, pai, mae, hitRate: 0, areaShare: 0 })),
  });
  it('higher PAI and no larger MAE: the model', () => {
    expect(verdict(bt([5, 4], [4, 5], [4.5, 4]))).toMatchObject({ use: 'smoothed_mix', bestBaseline: 'long_term_average', beatsBaseline: true, paiRatio: 5 / 4.5 });
  });
  it('higher PAI but a larger error: the better baseline', () => {
    expect(verdict(bt([5, 4.1], [4, 5], [4.5, 4]))).toMatchObject({ use: 'long_term_average', beatsBaseline: false });
  });
  it('lower PAI: the better baseline, here last month', () => {
    expect(verdict(bt([4.4, 3], [4.6, 5], [4.5, 4]))).toMatchObject({ use: 'last_month', bestBaseline: 'last_month', beatsBaseline: false });
  });
  it('no back-test months: the long-term average, not a model nobody tested', () => {
    expect(verdict({ testMonths: [], rows: [], ceiling: [], params: [] })).toMatchObject({ use: 'long_term_average', beatsBaseline: false });
  });
});
