import type { Forecast } from '../../contract';
import { AppError } from '../backend/app-error';
import type { AnalyticsContext } from './analytics-context';
import { round } from './analytics.service';
import { monthLabel, parseMonth } from './case-cube';
import { backtest, forecastMonth, type CountCube } from './forecast';

/** The first month a back-test forecasts: models get at least three months of history. */
const MIN_HISTORY = 3;

/** 未诉先办: next month's hottest grids, and how well the same model did on past months. */
export class ForecastService {
  constructor(private readonly ctx: AnalyticsContext) {}

  /** Grid × major-category × month counts over every month with data before `untilMonth` (exclusive). */
  countCube(categoryId: number | undefined, firstMonth: number, months: number): CountCube {
    const ctx = this.ctx;
    const cube = ctx.cube();
    const G = ctx.grids().length;
    const groups = new Map<number, Float64Array>();
    const selected = ctx.select(categoryId === undefined ? {} : { categoryId });
    for (const i of selected) {
      const g = cube.grid[i]!;
      const t = cube.month[i]! - firstMonth;
      if (g < 0 || t < 0 || t >= months) continue;
      const key = categoryId === undefined ? cube.major[i]! : 0;
      let m = groups.get(key);
      if (!m) groups.set(key, (m = new Float64Array(G * months)));
      m[g * months + t]!++;
    }
    return { grids: G, months, groups: [...groups.values()] };
  }

  forecast(month: string | undefined, categoryId: number | undefined, top: number): Forecast {
    const ctx = this.ctx;
    const cube = ctx.cube();
    if (cube.maxMonth < cube.minMonth) throw new AppError('no_data', '工作区还没有案件，无法预测');
    if (categoryId !== undefined) ctx.category(categoryId);
    const target = month ? parseMonth(month) : cube.maxMonth + 1;
    const first = cube.minMonth;
    if (target <= first) throw new AppError('invalid_input', `${month} 之前没有数据，无法预测`);
    // Only months before the target exist for the model: the forecast and its back-test never see it.
    const history = Math.min(target, cube.maxMonth + 1) - first;
    const counts = this.countCube(categoryId, first, history);
    const t = target - first;
    const expected = forecastMonth({ ...counts, months: history }, 'seasonal_trend', Math.min(t, history));
    // A target beyond the month after the data is forecast from the latest months as they are.
    const lastMonth = new Float64Array(counts.grids);
    for (const m of counts.groups) for (let g = 0; g < counts.grids; g++) lastMonth[g]! += m[g * history + history - 1]!;
    const grids = ctx.grids();
    const order = Array.from({ length: grids.length }, (_, g) => g).sort((a, b) => expected[b]! - expected[a]! || a - b);
    const bt = backtest(counts, grids.map((g) => g.areaM2 ?? 1), MIN_HISTORY);
    return {
      month: monthLabel(target),
      categoryId: categoryId ?? null,
      model: 'seasonal_trend',
      ranking: order.slice(0, top).map((g, k) => ({
        rank: k + 1, gridId: grids[g]!.id, code: grids[g]!.code, name: grids[g]!.name,
        expected: round(expected[g]!, 2), lastMonth: lastMonth[g]!,
      })),
      backtest: {
        months: bt.testMonths.map((m) => monthLabel(first + m)),
        rows: bt.rows.map((r) => ({ ...r, hitRate: round(r.hitRate, 4), pai: round(r.pai, 3), areaShare: round(r.areaShare, 4), mae: round(r.mae, 3) })),
      },
    };
  }
}
