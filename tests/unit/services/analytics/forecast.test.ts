import { describe, expect, it } from 'vitest';
import { backtest, forecastMonth, holtForecast, type CountCube } from '../../../../electron/services/analytics/forecast';
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

describe('forecast models', () => {
  it('damped Holt keeps a constant series and follows a rising one', () => {
    expect(holtForecast([4, 4, 4, 4], 0, 4)).toBeCloseTo(4, 12);
    const rising = holtForecast([1, 2, 3, 4, 5, 6, 7, 8], 0, 8);
    expect(rising).toBeGreaterThan(6);
    expect(rising).toBeLessThan(9);
  });

  // Two grids × 6 months, one category group.
  const cube = (): CountCube => ({ grids: 2, months: 6, groups: [Float64Array.from([1, 2, 3, 4, 5, 6, 9, 8, 7, 6, 5, 4])] });
  it('baselines: last month and the long-term average', () => {
    expect(Array.from(forecastMonth(cube(), 'last_month', 3))).toEqual([3, 7]);
    expect(Array.from(forecastMonth(cube(), 'long_term_average', 4))).toEqual([2.5, 7.5]);
  });
  it('never looks at the month it forecasts, or later', () => {
    const a = cube();
    const b = cube();
    b.groups[0]![4] = 100; // grid 0, month 4
    b.groups[0]![11] = 100; // grid 1, month 5
    for (const model of ['seasonal_trend', 'last_month', 'long_term_average'] as const) {
      expect(Array.from(forecastMonth(b, model, 4))).toEqual(Array.from(forecastMonth(a, model, 4)));
    }
  });
  it('applies last year’s seasonal index when a year of history exists', () => {
    const T = 14;
    // One grid; a spike every 12 months (months 1 and 13) on a flat 10.
    const series = Float64Array.from({ length: T }, (_, t) => (t % 12 === 1 ? 40 : 10));
    const c: CountCube = { grids: 1, months: T, groups: [series] };
    const withSeason = forecastMonth(c, 'seasonal_trend', 13)[0]!; // a year after the first spike
    const plain = holtForecast(series, 0, 13);
    expect(withSeason).toBeGreaterThan(2 * plain);
  });
  it('back-test: rolling origin, one row per model and fraction', () => {
    const bt = backtest(cube(), [1, 1], 2, [0.5]);
    expect(bt.testMonths).toEqual([2, 3, 4, 5]);
    expect(bt.rows).toHaveLength(3);
    const last = bt.rows.find((r) => r.model === 'last_month')!;
    // Months 2..4: last month ranks grid 1 first (7, 6, 5 of 10 cases); month 5 is a 5–5 tie,
    // which goes to grid 0 (6 of 10).
    expect(last.hitRate).toBeCloseTo((7 + 6 + 5 + 6) / 40, 12);
  });
});
