import type { Topic, TopicCandidate } from '../../contract';
import { AppError } from '../shared/app-error';
import type { AnalyticsContext } from './analytics-context';
import { round } from './analytics.service';
import { monthLabel, monthStart } from './case-cube';
import type { EmergingClass } from './emerging';
import { emergingClasses, gridMonthMatrix } from './hotspot.service';
import { rateRatio, type RateRatio } from './rate-ratio';
import type { RecurringService } from './recurring.service';

const DAY = 86_400_000;
/** How much each emerging class weighs when ranking candidate topics: rising problems first. */
const CLASS_WEIGHT: Partial<Record<EmergingClass, number>> = {
  intensifying_hot: 3, consecutive_hot: 2.5, new_hot: 2, persistent_hot: 2, sporadic_hot: 1, oscillating_hot: 1,
};
const CLASS_ZH: Partial<Record<EmergingClass, string>> = {
  intensifying_hot: '加剧热点', consecutive_hot: '连续热点', new_hot: '新增热点', persistent_hot: '持续热点', sporadic_hot: '零星热点', oscillating_hot: '振荡热点',
};
const SIMILAR_AREAS = 10;
const zhDate = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);

export interface AdoptInput {
  title: string; categoryId: number; regionId: number; ownerStaffId: number; actionPlan: string;
  periodStart: number; periodEnd: number; evidence: string[];
}

/** 每月一题: candidates with evidence, adoption, and each topic's before/after judgement. */
export class TopicService {
  constructor(
    private readonly ctx: AnalyticsContext,
    private readonly recurring: RecurringService,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Candidates: (major category × grid) pairs that Emerging Hot Spot Analysis of the last 12 months
   * calls intensifying / consecutive / new / persistent / sporadic / oscillating hot, plus grids with
   * recurring spots or a category high month after month. Score = cases in the last 3 months ×
   * the class weight (+1 for each recurring-spot or high-month evidence).
   */
  candidates(limit: number): TopicCandidate[] {
    const ctx = this.ctx;
    const cube = ctx.cube();
    if (cube.maxMonth < cube.minMonth) return [];
    // The last complete month: a month in progress would make every hot spot look "new" or fading.
    const [, last] = ctx.monthRange({});
    const first = Math.max(cube.minMonth, last - 11);
    const T = last - first + 1;
    const grids = ctx.grids();
    const { w } = ctx.weights('queen');
    const adopted = new Set(ctx.repo.topics().filter((t) => t.status === 'adopted').map((t) => `${t.categoryId}:${t.regionId}`));
    const found = new Map<string, TopicCandidate & { weight: number }>();
    const entry = (categoryId: number, g: number) => {
      const key = `${categoryId}:${grids[g]!.id}`;
      let c = found.get(key);
      if (!c) {
        const category = ctx.category(categoryId);
        c = {
          key, title: `${grids[g]!.name}${category.name}问题治理`, categoryId, categoryName: category.name,
          regionId: grids[g]!.id, regionName: grids[g]!.name, score: 0, recentCases: 0, evidence: [], weight: 1,
        };
        found.set(key, c);
      }
      return c;
    };
    const majors = [...ctx.categories().values()].filter((c) => c.level === 1);
    for (const major of majors) {
      const selected = ctx.select({ categoryId: major.id, from: monthStart(first), to: monthStart(last + 1) });
      if (selected.length < 50 || T < 3) continue;
      const matrix = gridMonthMatrix(ctx, selected, first, T);
      const classes = emergingClasses(matrix, grids.length, T, w, 0.05);
      classes.forEach((result, g) => {
        const weight = CLASS_WEIGHT[result.cls];
        if (!weight) return;
        const recent = matrix[g * T + T - 1]! + (T > 1 ? matrix[g * T + T - 2]! : 0) + (T > 2 ? matrix[g * T + T - 3]! : 0);
        if (recent < 3) return; // a hot neighbourhood, but little in this grid itself
        const c = entry(major.id, g);
        c.weight = Math.max(c.weight, weight);
        c.evidence.push(`时空热点分析：${CLASS_ZH[result.cls]}（${result.hotSteps}/${T} 个月显著，趋势 τ=${round(result.tau, 2)}，p=${round(result.trendP, 3)}）`);
      });
    }
    const rec = this.recurring.recurring({ filter: { from: monthStart(first), to: monthStart(last + 1) }, radiusM: 50, windowDays: 30, minCases: 4, minAddressRepeats: 8, limit: 100 });
    const index = ctx.gridIndex();
    for (const cluster of rec.clusters) {
      const g = cluster.gridId === null ? undefined : index.get(cluster.gridId);
      if (g === undefined) continue;
      const c = entry(ctx.category(cluster.categoryId).parentId ?? cluster.categoryId, g);
      c.weight += 1;
      c.evidence.push(`高频点位：${cluster.categoryName} ${cluster.count} 起，半径 ${Math.round(cluster.radiusM)} 米，${zhDate(cluster.first)} 至 ${zhDate(cluster.last)}`);
    }
    for (const pg of rec.grids) {
      const g = index.get(pg.gridId);
      if (g === undefined) continue;
      const c = entry(ctx.category(pg.categoryId).parentId ?? pg.categoryId, g);
      c.weight += 1;
      c.evidence.push(`连续高发：${pg.categoryName} 连续 ${pg.runMonths.length} 个月偏高（${pg.runMonths[0]} 至 ${pg.runMonths[pg.runMonths.length - 1]}，共 ${pg.count} 起）`);
    }
    const recentFrom = monthStart(Math.max(first, last - 2));
    const result: TopicCandidate[] = [];
    for (const c of found.values()) {
      if (adopted.has(c.key)) continue;
      c.recentCases = ctx.select({ categoryId: c.categoryId, regionId: c.regionId, from: recentFrom, to: monthStart(last + 1) }).length;
      c.score = round(c.recentCases * c.weight, 1);
      c.evidence.unshift(`近 3 个月（${monthLabel(Math.max(first, last - 2))} 至 ${monthLabel(last)}）${c.recentCases} 起`);
      const { weight: _weight, ...candidate } = c;
      result.push(candidate);
    }
    return result.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key)).slice(0, limit);
  }

  adopt(input: AdoptInput): Topic {
    const ctx = this.ctx;
    ctx.category(input.categoryId);
    if (!ctx.regions().has(input.regionId)) throw new AppError('not_found', `区域 ${input.regionId} 不存在`);
    if (!ctx.repo.staffExists(input.ownerStaffId)) throw new AppError('not_found', `人员 ${input.ownerStaffId} 不存在`);
    if (input.periodEnd <= input.periodStart) throw new AppError('invalid_input', '治理周期的结束须晚于开始');
    const id = ctx.repo.insertAdoptedTopic({ ...input, at: this.clock() });
    return this.list().find((t) => t.id === id)!;
  }

  list(): Topic[] {
    return this.ctx.repo.topics().map((row) => {
      const evidence = row.evidence ? (JSON.parse(row.evidence) as string[]) : [];
      const since = row.categoryId !== null && row.regionId !== null && row.periodStart !== null
        ? this.ctx.select({ categoryId: row.categoryId, regionId: row.regionId, from: row.periodStart }).length : 0;
      const evaluation = row.categoryId !== null && row.regionId !== null && row.periodStart !== null && row.periodEnd !== null
        ? this.evaluate(row.categoryId, row.regionId, row.periodStart, row.periodEnd) : null;
      return { ...row, evidence, casesSinceStart: since, evaluation };
    });
  }

  /**
   * Before vs after (rate-ratio.ts): the action period so far against the same length just before,
   * judged against the same windows a year earlier and against the similar areas (the same-level
   * regions whose counts before were closest to this one's), with 95 % confidence intervals.
   */
  evaluate(categoryId: number, regionId: number, periodStart: number, periodEnd: number): Topic['evaluation'] {
    const ctx = this.ctx;
    const cube = ctx.cube();
    const afterTo = Math.min(periodEnd, cube.maxAt + 1, this.clock());
    const length = afterTo - periodStart;
    if (length < 7 * DAY) return null;
    const beforeFrom = periodStart - length;
    const count = (region: number, from: number, to: number) => ctx.select({ categoryId, regionId: region, from, to }).length;
    const a0 = count(regionId, beforeFrom, periodStart);
    const a1 = count(regionId, periodStart, afterTo);
    const raw = rateRatio(a1, a0);
    const year = 365 * DAY;
    let vsLastYear: (RateRatio & { before: number; after: number }) | null = null;
    if (cube.minAt <= beforeFrom - year) {
      const l0 = count(regionId, beforeFrom - year, periodStart - year);
      const l1 = count(regionId, periodStart - year, afterTo - year);
      vsLastYear = { ...rateRatio(a1, a0, l1, l0), before: l0, after: l1 };
    }
    const level = ctx.regions().get(regionId)!.level;
    const peers = [...ctx.regions().values()].filter((r) => r.level === level && r.id !== regionId)
      .map((r) => ({ id: r.id, before: count(r.id, beforeFrom, periodStart) }))
      .filter((r) => r.before > 0)
      .sort((x, y) => Math.abs(x.before - a0) - Math.abs(y.before - a0) || x.id - y.id)
      .slice(0, SIMILAR_AREAS);
    let vsSimilar: (RateRatio & { before: number; after: number; areas: number }) | null = null;
    if (peers.length > 0) {
      const c0 = peers.reduce((s, p) => s + p.before, 0);
      const c1 = peers.reduce((s, p) => s + count(p.id, periodStart, afterTo), 0);
      vsSimilar = { ...rateRatio(a1, a0, c1, c0), before: c0, after: c1, areas: peers.length };
    }
    const fmt = (j: RateRatio) => `×${j.ratio.toFixed(2)}（95% 置信区间 ${j.low.toFixed(2)}–${j.high.toFixed(2)}）`;
    const verdictZh = { fell: '显著下降', rose: '显著上升', inconclusive: '变化不显著' } as const;
    const main = vsSimilar ?? vsLastYear ?? raw;
    const summary = [
      `行动后 ${a1} 起，行动前同样长度 ${a0} 起，本区域 ${fmt(raw)}`,
      vsLastYear ? `对比去年同期 ${fmt(vsLastYear)}` : '去年同期：数据不足',
      vsSimilar ? `对比 ${vsSimilar.areas} 个相似区域 ${fmt(vsSimilar)}` : '相似区域：无可比区域',
      `结论：${verdictZh[main.verdict]}`,
    ].join('；');
    return {
      before: { from: beforeFrom, to: periodStart, cases: a0 },
      after: { from: periodStart, to: afterTo, cases: a1 },
      raw, vsLastYear, vsSimilar, summary,
    };
  }
}
