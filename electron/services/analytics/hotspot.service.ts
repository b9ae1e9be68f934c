import type { AnalyticsFilter, Hotspots } from '../../contract';
import type { AnalyticsContext } from './analytics-context';
import { round } from './analytics.service';
import { monthLabel, monthStart } from './case-cube';
import { coverageOf } from './month-coverage';
import { classifyEmerging, type EmergingClass } from './emerging';
import { bhAdjust, fdrThresholds } from './fdr';
import { giBins, giStar, type Neighbours } from './gi-star';

export interface HotspotOptions {
  filter: AnalyticsFilter;
  weights: 'queen' | 'rook' | 'distance';
  distanceM?: number;
  fdr: boolean;
  emerging: boolean;
  alpha: number;
}

/** Monthly counts per grid: a G × T matrix (row-major by grid) of the selected cases. */
export function gridMonthMatrix(ctx: AnalyticsContext, selected: Int32Array, firstMonth: number, months: number): Float64Array {
  const cube = ctx.cube();
  const G = ctx.grids().length;
  const m = new Float64Array(G * months);
  for (const i of selected) {
    const g = cube.grid[i]!;
    const t = cube.month[i]! - firstMonth;
    if (g >= 0 && t >= 0 && t < months) m[g * months + t]!++;
  }
  return m;
}

/**
 * Emerging hot spot analysis on a G × T matrix: Gi* of each month's counts (same weights, self
 * included), then each grid's z series classified (emerging.ts).
 */
export function emergingClasses(matrix: Float64Array, G: number, T: number, w: Neighbours, alpha: number) {
  const zs = new Float64Array(G * T);
  const ps = new Float64Array(G * T);
  const month = new Float64Array(G);
  for (let t = 0; t < T; t++) {
    for (let g = 0; g < G; g++) month[g] = matrix[g * T + t]!;
    const { z, p } = giStar(month, w);
    for (let g = 0; g < G; g++) { zs[g * T + t] = z[g]!; ps[g * T + t] = p[g]!; }
  }
  return Array.from({ length: G }, (_, g) => classifyEmerging(zs.subarray(g * T, g * T + T), ps.subarray(g * T, g * T + T), alpha));
}

export class HotspotService {
  constructor(private readonly ctx: AnalyticsContext) {}

  hotspots(options: HotspotOptions): Hotspots {
    const ctx = this.ctx;
    const grids = ctx.grids();
    const G = grids.length;
    // Complete months by default (a month in progress reads as a sudden fall or a "new" hot spot);
    // months without any data are not zeros: they are left out of the emerging series.
    const [first, last] = ctx.monthRange(options.filter);
    const span = last - first + 1;
    const from = options.filter.from ?? monthStart(first);
    const to = options.filter.to ?? monthStart(last + 1);
    const selected = ctx.select({ ...options.filter, from, to });
    const coverage = ctx.coverage();
    const now = ctx.now();
    const kept: number[] = [];
    const emptyMonths: string[] = [];
    for (let k = 0; k < span; k++) {
      if (coverageOf(coverage, monthLabel(first + k), now).state === 'empty') emptyMonths.push(monthLabel(first + k));
      else kept.push(k);
    }
    const full = gridMonthMatrix(ctx, selected, first, span);
    const T = kept.length;
    const matrix = new Float64Array(G * T);
    for (let g = 0; g < G; g++) for (let t = 0; t < T; t++) matrix[g * T + t] = full[g * span + kept[t]!]!;
    const counts = new Float64Array(G);
    for (let g = 0; g < G; g++) for (let t = 0; t < T; t++) counts[g]! += matrix[g * T + t]!;
    const partial = coverage.partial;
    const partialExcluded = options.filter.to === undefined && partial !== null && partial.key > last ? partial : null;
    const { w, bandM } = ctx.weights(options.weights, options.distanceM);
    const { z, p } = giStar(counts, w);
    const pFdr = bhAdjust(p);
    const bins = giBins(z, p, options.fdr ? fdrThresholds(p) : undefined);
    const emerging = options.emerging && T >= 2 ? emergingClasses(matrix, G, T, w, options.alpha) : null;
    let islands = 0;
    for (let g = 0; g < G; g++) if (w.offsets[g + 1] === w.offsets[g]) islands++;
    return {
      weights: { kind: options.weights, distanceM: bandM === null ? null : round(bandM, 1), meanNeighbours: round(w.indices.length / Math.max(1, G), 2), islands, selfIncluded: true },
      fdr: options.fdr,
      alpha: options.alpha,
      months: kept.map((k) => monthLabel(first + k)),
      emptyMonths, partialExcluded,
      from, to,
      grids: grids.map((grid, g) => ({
        gridId: grid.id, code: grid.code, name: grid.name, count: counts[g]!,
        // Full precision: comparable with reference implementations; the views round for display.
        z: z[g]!, p: p[g]!, pFdr: pFdr[g]!, bin: bins[g]!,
        neighbours: w.offsets[g + 1]! - w.offsets[g]!,
        emerging: (emerging?.[g]?.cls ?? null) as EmergingClass | null,
        trendTau: emerging ? emerging[g]!.tau : null,
        trendP: emerging ? emerging[g]!.trendP : null,
        monthly: emerging ? Array.from(matrix.subarray(g * T, g * T + T)) : null,
      })),
    };
  }
}
