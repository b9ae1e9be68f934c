import type { AnalyticsFilter, Recurring } from '../../contract';
import type { AnalyticsContext } from './analytics-context';
import { round } from './analytics.service';
import { monthLabel, monthStart } from './case-cube';
import { mannKendall } from './mann-kendall';
import { longestHighRun, spaceTimeClusters, type StPoint } from './recurring';

export interface RecurringOptions {
  filter: AnalyticsFilter;
  radiusM: number;
  windowDays: number;
  minCases: number;
  minAddressRepeats: number;
  limit: number;
}

const M_PER_DEG_LAT = 110_574;
/** A grid-month is "high" for a category at ≥ 3 cases and ≥ 4 × the category's mean per grid and month. */
const HIGH_MIN = 3;
const HIGH_RATIO = 4;
const MIN_RUN = 3;

/**
 * Recurring problems (高频点位, 重复诉求), per minor category: space-time clusters (recurring.ts),
 * the same address again and again, and grids where the category is high month after month.
 */
export class RecurringService {
  constructor(private readonly ctx: AnalyticsContext) {}

  recurring(options: RecurringOptions): Recurring {
    const ctx = this.ctx;
    const cube = ctx.cube();
    const [first, last] = ctx.monthRange(options.filter);
    const T = last - first + 1;
    const from = options.filter.from ?? monthStart(first);
    const to = options.filter.to ?? monthStart(last + 1);
    const selected = ctx.select({ ...options.filter, from, to });
    const grids = ctx.grids();
    const categories = ctx.categories();
    const catName = (id: number) => categories.get(id)?.name ?? '未分类';
    const trend = (indices: Iterable<number>) => {
      const monthly = new Array<number>(T).fill(0);
      for (const i of indices) { const t = cube.month[i]! - first; if (t >= 0 && t < T) monthly[t]!++; }
      const mk = mannKendall(monthly);
      return { monthly, tau: mk.tau, p: mk.p }; // full precision; rounded where shown
    };
    const refs = (indices: number[]) =>
      indices.slice(0, 200).map((i) => ({ id: cube.id[i]!, caseNo: '', receivedAt: cube.at[i]!, address: cube.address[i]! >= 0 ? cube.addresses[cube.address[i]!]! : null }));

    const byCategory = new Map<number, number[]>();
    for (const i of selected) {
      if (cube.category[i] === 0) continue;
      let list = byCategory.get(cube.category[i]!);
      if (!list) byCategory.set(cube.category[i]!, (list = []));
      list.push(i);
    }
    let lat0 = 0;
    let located = 0;
    for (const i of selected) if (!Number.isNaN(cube.lat[i]!)) { lat0 += cube.lat[i]!; located++; }
    lat0 = located ? lat0 / located : 0;
    const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);

    const clusters: Recurring['clusters'] = [];
    const addresses: Recurring['addresses'] = [];
    const persistent: Recurring['grids'] = [];
    for (const [categoryId, all] of byCategory) {
      const idx = all.filter((i) => !Number.isNaN(cube.lng[i]!));
      const points: StPoint[] = idx.map((i) => ({ x: cube.lng[i]! * kx, y: cube.lat[i]! * M_PER_DEG_LAT, t: cube.at[i]! }));
      for (const members of spaceTimeClusters(points, options)) {
        const cases = members.map((k) => idx[k]!);
        let cx = 0, cy = 0;
        for (const k of members) { cx += points[k]!.x; cy += points[k]!.y; }
        cx /= members.length; cy /= members.length;
        let radius = 0;
        for (const k of members) radius = Math.max(radius, Math.hypot(points[k]!.x - cx, points[k]!.y - cy));
        const gridIdx = mode(cases.map((i) => cube.grid[i]!));
        clusters.push({
          categoryId, categoryName: catName(categoryId),
          gridId: gridIdx >= 0 ? grids[gridIdx]!.id : null, gridName: gridIdx >= 0 ? grids[gridIdx]!.name : null,
          center: [round(cx / kx, 6), round(cy / M_PER_DEG_LAT, 6)], radiusM: round(radius, 1), count: cases.length,
          first: cube.at[cases[0]!]!, last: cube.at[cases[cases.length - 1]!]!, trend: trend(cases), cases: refs(cases),
        });
      }
      // Same address again and again.
      const byAddress = new Map<number, number[]>();
      for (const i of all) {
        if (cube.address[i]! < 0) continue;
        let list = byAddress.get(cube.address[i]!);
        if (!list) byAddress.set(cube.address[i]!, (list = []));
        list.push(i);
      }
      for (const [a, list] of byAddress) {
        if (list.length < options.minAddressRepeats) continue;
        list.sort((x, y) => cube.at[x]! - cube.at[y]!);
        const gridIdx = mode(list.map((i) => cube.grid[i]!));
        addresses.push({
          address: cube.addresses[a]!, categoryId, categoryName: catName(categoryId), gridId: gridIdx >= 0 ? grids[gridIdx]!.id : null,
          count: list.length, first: cube.at[list[0]!]!, last: cube.at[list[list.length - 1]!]!, trend: trend(list), cases: refs(list),
        });
      }
      // Grids where the category is high month after month.
      const perGrid = new Map<number, number[]>();
      for (const i of all) {
        if (cube.grid[i]! < 0) continue;
        let list = perGrid.get(cube.grid[i]!);
        if (!list) perGrid.set(cube.grid[i]!, (list = []));
        list.push(i);
      }
      const reference = all.length / Math.max(1, grids.length * T);
      for (const [g, list] of perGrid) {
        if (list.length < HIGH_MIN * MIN_RUN) continue;
        const t = trend(list);
        const [start, length] = longestHighRun(t.monthly, reference, HIGH_MIN, HIGH_RATIO);
        if (length < MIN_RUN) continue;
        persistent.push({
          gridId: grids[g]!.id, gridName: grids[g]!.name, categoryId, categoryName: catName(categoryId),
          runMonths: Array.from({ length }, (_, k) => monthLabel(first + start + k)),
          count: t.monthly.slice(start, start + length).reduce((s, v) => s + v, 0), trend: t,
        });
      }
    }
    clusters.sort((a, b) => b.count - a.count);
    addresses.sort((a, b) => b.count - a.count);
    persistent.sort((a, b) => b.runMonths.length - a.runMonths.length || b.count - a.count);
    const top = {
      clusters: clusters.slice(0, options.limit), addresses: addresses.slice(0, options.limit), grids: persistent.slice(0, options.limit),
    };
    // Case numbers for the shown lists only.
    const ids = new Set<number>();
    for (const list of [...top.clusters, ...top.addresses]) for (const c of list.cases) ids.add(c.id);
    const caseNos = new Map(ctx.repo.caseRefs([...ids]).map((r) => [r.id, r.caseNo]));
    for (const list of [...top.clusters, ...top.addresses]) for (const c of list.cases) c.caseNo = caseNos.get(c.id) ?? '';
    return {
      months: Array.from({ length: T }, (_, k) => monthLabel(first + k)),
      params: { radiusM: options.radiusM, windowDays: options.windowDays, minCases: options.minCases, minAddressRepeats: options.minAddressRepeats },
      ...top,
    };
  }
}

function mode(values: number[]): number {
  const counts = new Map<number, number>();
  let best = -1;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) { best = v; bestCount = c; }
  }
  return best;
}
