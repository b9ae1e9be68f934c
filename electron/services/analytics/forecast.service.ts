import type { Forecast } from '../../contract';
import { AppError } from '../shared/app-error';
import type { AnalyticsContext } from './analytics-context';
import { monthLabel, parseMonth } from './case-cube';
import { Forecaster, type CountCube } from './forecast';
import { backtest, verdict } from './forecast-backtest';
import { monthCoverage, type Coverage } from './month-coverage';

/** The first month a back-test forecasts: models get at least three months of history. */
const MIN_HISTORY = 3;
const M_PER_DEG_LAT = 110_574;

/** 未诉先办: next month's hottest grids, and how well the same model did on past months. */
export class ForecastService {
  constructor(private readonly ctx: AnalyticsContext, private readonly clock: () => number = Date.now) {}

  /** Which months are complete, partial (in progress or cut off) or empty, by month-coverage.ts. */
  private coverage(): Coverage {
    const cube = this.ctx.cube();
    const counts = new Map<number, number>();
    for (let i = 0; i < cube.n; i++) counts.set(cube.month[i]!, (counts.get(cube.month[i]!) ?? 0) + 1);
    return monthCoverage(counts, cube.maxAt, this.clock());
  }

  /** Grid × major-category × month counts of `months` months from `firstMonth`; only complete months are observed. */
  countCube(categoryId: number | undefined, firstMonth: number, months: number, coverage: Coverage): CountCube {
    const ctx = this.ctx;
    const cube = ctx.cube();
    const G = ctx.grids().length;
    const groups = new Map<number, Float64Array>();
    // Whether a month has data is a property of the workspace, not of the category asked for.
    const complete = new Set(coverage.months.filter((m) => m.state === 'complete').map((m) => m.key));
    const observed = Array.from({ length: months }, (_, t) => complete.has(firstMonth + t));
    const selected = ctx.select(categoryId === undefined ? {} : { categoryId });
    for (const i of selected) {
      const g = cube.grid[i]!;
      const t = cube.month[i]! - firstMonth;
      if (g < 0 || t < 0 || t >= months || !observed[t]) continue;
      const key = categoryId === undefined ? cube.major[i]! : 0;
      let m = groups.get(key);
      if (!m) groups.set(key, (m = new Float64Array(G * months)));
      m[g * months + t]!++;
    }
    return { grids: G, months, groups: [...groups.values()], observed };
  }

  forecast(month: string | undefined, categoryId: number | undefined, top: number): Forecast {
    const ctx = this.ctx;
    const cube = ctx.cube();
    if (cube.maxMonth < cube.minMonth) throw new AppError('no_data', '工作区还没有案件，无法预测');
    if (categoryId !== undefined) ctx.category(categoryId);
    // A month in progress (or cut off by an export) is not a month of data yet: forecasts use complete months.
    const coverage = this.coverage();
    const partial = coverage.partial;
    if (coverage.lastComplete === null) {
      throw new AppError('no_data', `还没有完整的月份（${partial?.month ?? monthLabel(cube.maxMonth)} 只有部分数据），无法预测`);
    }
    const lastComplete = parseMonth(coverage.lastComplete);
    const first = cube.minMonth;
    const target = month ? parseMonth(month) : lastComplete + 1;
    if (target <= first) throw new AppError('invalid_input', `${month} 之前没有数据，无法预测`);
    // Only complete months before the target exist for the model: the forecast and its back-test never see it.
    const history = Math.min(target, lastComplete + 1) - first;
    const counts = this.countCube(categoryId, first, history, coverage);
    const grids = ctx.grids();
    const area = grids.map((g) => g.areaM2 ?? 1);
    const lat0 = grids.find((g) => g.lat !== null)?.lat ?? 0;
    const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
    const points = grids.map((g) => [g.lng === null ? NaN : g.lng * kx, g.lat === null ? NaN : g.lat * M_PER_DEG_LAT] as const);
    const f = new Forecaster(counts, { area, points });
    const bt = backtest(f, { area, points }, MIN_HISTORY);
    const v = verdict(bt);
    // A target beyond the month after the data is forecast from the latest months as they are.
    const t = Math.min(target - first, history);
    const params = f.fit(t);
    const expected = f.predict(v.use, t, params);
    const lastMonth = f.predict('last_month', t);
    const order = Array.from({ length: grids.length }, (_, g) => g).sort((a, b) => expected[b]! - expected[a]! || a - b);
    return {
      month: monthLabel(target),
      categoryId: categoryId ?? null,
      model: v.use,
      bestBaseline: v.bestBaseline,
      beatsBaseline: v.beatsBaseline,
      // Full precision, as every statistic the CLI prints: the panel rounds for display.
      paiRatio: v.paiRatio,
      history: { first: monthLabel(first), last: monthLabel(first + history - 1) },
      partialMonth: partial ? { month: partial.month, throughDay: partial.throughDay, inProgress: partial.inProgress } : null,
      params: { recency: params.recency, levelRecency: params.levelRecency, bandwidthM: Math.round(params.bandwidth * f.spacing) },
      ranking: order.slice(0, top).map((g, k) => ({
        rank: k + 1, gridId: grids[g]!.id, code: grids[g]!.code, name: grids[g]!.name,
        expected: expected[g]!, lastMonth: lastMonth[g]!,
      })),
      backtest: {
        months: bt.testMonths.map((m) => monthLabel(first + m)),
        rows: bt.rows,
        ceiling: bt.ceiling.map((c) => ({ fraction: c.fraction, hitRate: c.hitRate, pai: c.pai })),
      },
    };
  }
}
