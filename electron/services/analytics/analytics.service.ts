import type { AnalyticsFilter, Choropleth, HeatRaster, Temporal } from '../../contract';
import type { AnalyticsContext } from './analytics-context';
import { classOf, naturalBreaks, quantileBreaks } from './breaks';
import { monthKey, monthLabel, monthStart, parseMonth } from './case-cube';
import { coverageOf } from './month-coverage';
import { kernelDensity, type Kernel } from './kde';

const MAX_CELLS = 160_000;

/** Heat, choropleth and temporal patterns: aggregation of the cached case columns for any filter. */
export class AnalyticsService {
  constructor(private readonly ctx: AnalyticsContext) {}

  heat(filter: AnalyticsFilter, bandwidthM: number, cellM: number | undefined, kernel: Kernel): HeatRaster {
    const cube = this.ctx.cube();
    return this.density(cube.lng, cube.lat, this.ctx.select(filter), filter.regionId, bandwidthM, cellM, kernel);
  }

  /** The same density over points chosen elsewhere (the case list's filter): [id, lng, lat, …] tuples. */
  heatOfPoints(points: readonly (readonly number[])[], regionId: number | undefined, bandwidthM: number, cellM: number | undefined, kernel: Kernel): HeatRaster {
    const lng = Float64Array.from(points, (p) => p[1]!);
    const lat = Float64Array.from(points, (p) => p[2]!);
    const all = Int32Array.from(points, (_, i) => i);
    return this.density(lng, lat, all, regionId, bandwidthM, cellM, kernel);
  }

  private density(
    lng: Float64Array, lat: Float64Array, selected: Int32Array, regionId: number | undefined,
    bandwidthM: number, cellM: number | undefined, kernel: Kernel,
  ): HeatRaster {
    return densityRaster(lng, lat, selected, this.extent(regionId), bandwidthM, cellM, kernel);
  }

  /**
   * Counts per region for the filter's period, the previous period of the same length, the rate per
   * 1,000 households, and class breaks of the chosen measure. Without from/to, the period is the
   * last complete month (month-coverage.ts): a month in progress would look almost blank.
   */
  choropleth(
    filter: AnalyticsFilter, level: 'grid' | 'community' | 'street', measure: 'count' | 'rate' | 'change',
    classing: 'quantile' | 'natural', classes: number,
  ): Choropleth {
    const cube = this.ctx.cube();
    const coverage = this.ctx.coverage();
    const fallback = coverage.lastComplete !== null ? parseMonth(coverage.lastComplete) : cube.maxMonth;
    const from = filter.from ?? monthStart(fallback);
    const to = filter.to ?? monthStart(fallback + 1);
    const previousFrom = from - (to - from);
    const current = this.countBy(level, this.ctx.select({ ...filter, from, to }));
    const previous = this.countBy(level, this.ctx.select({ ...filter, from: previousFrom, to: from }));
    const regions = [...this.ctx.regions().values()].filter((r) => r.level === level);
    const rows = regions.map((r) => {
      const count = current.get(r.id) ?? 0;
      const prev = previous.get(r.id) ?? 0;
      const rate = r.households ? (1000 * count) / r.households : null;
      const value = measure === 'count' ? count : measure === 'rate' ? (rate ?? 0) : count - prev;
      return { regionId: r.id, count, previous: prev, rate: rate === null ? null : round(rate, 2), change: count - prev, value: round(value, 2), cls: 0 };
    });
    const values = rows.map((r) => r.value);
    const breaks = classing === 'natural' ? naturalBreaks(values, classes) : quantileBreaks(values, classes);
    for (const row of rows) row.cls = classOf(row.value, breaks);
    // One whole month: say whether it is complete, in progress or without data.
    const month = monthKey(from) === monthKey(to - 1) && monthStart(monthKey(from)) === from && monthStart(monthKey(from) + 1) === to
      ? coverageOf(coverage, monthLabel(monthKey(from)), this.ctx.now()) : null;
    return { level, measure, classing, breaks, from, to, previousFrom, rows, month };
  }

  temporal(filter: AnalyticsFilter): Temporal {
    const cube = this.ctx.cube();
    const selected = this.ctx.select(filter);
    // The chart shows the partial month at the end (labelled), and empty months as gaps, not zeros.
    const [first, last] = this.ctx.monthRange(filter, true);
    const span = last - first + 1;
    const coverage = this.ctx.coverage();
    const empty = new Set(coverage.months.filter((m) => m.state === 'empty').map((m) => m.key));
    const byMajor = new Map<number, number[]>();
    const hourWeekday = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
    const daily = new Map<number, number>();
    for (const i of selected) {
      const m = cube.month[i]! - first;
      if (m >= 0 && m < span) {
        let row = byMajor.get(cube.major[i]!);
        if (!row) byMajor.set(cube.major[i]!, (row = new Array<number>(span).fill(0)));
        row[m]!++;
      }
      hourWeekday[cube.weekday[i]!]![cube.hour[i]!]!++;
      const day = Math.floor((cube.at[i]! + 8 * 3_600_000) / 86_400_000);
      daily.set(day, (daily.get(day) ?? 0) + 1);
    }
    const categories = this.ctx.categories();
    return {
      months: Array.from({ length: span }, (_, k) => monthLabel(first + k)),
      coverage: Array.from({ length: span }, (_, k) => coverageOf(coverage, monthLabel(first + k), this.ctx.now())),
      byCategory: [...byMajor.entries()]
        .map(([id, counts]) => ({
          categoryId: id, code: categories.get(id)?.code ?? '', name: categories.get(id)?.name ?? '未分类',
          counts: counts.map((n, k) => (empty.has(first + k) ? null : n)),
        }))
        .sort((a, b) => a.code.localeCompare(b.code)),
      hourWeekday,
      daily: [...daily.entries()].sort((a, b) => a[0] - b[0]).map(([day, n]) => [new Date(day * 86_400_000).toISOString().slice(0, 10), n]),
      total: selected.length,
    };
  }

  private countBy(level: 'grid' | 'community' | 'street', selected: Int32Array): Map<number, number> {
    const cube = this.ctx.cube();
    const counts = new Map<number, number>();
    if (level === 'grid') {
      const grids = this.ctx.grids();
      const perIndex = new Int32Array(grids.length);
      const grid = cube.grid;
      for (let k = 0; k < selected.length; k++) {
        const g = grid[selected[k]!]!;
        if (g >= 0) perIndex[g]!++;
      }
      grids.forEach((g, k) => counts.set(g.id, perIndex[k]!));
      return counts;
    }
    const column = cube[level];
    for (const i of selected) counts.set(column[i]!, (counts.get(column[i]!) ?? 0) + 1);
    return counts;
  }

  /** The bounding box of a region (or of everything). */
  private extent(regionId: number | undefined): [number, number, number, number] {
    const regions = [...this.ctx.regions().values()];
    const chosen = regionId !== undefined ? regions.filter((r) => r.id === regionId) : regions.filter((r) => r.level === 'district');
    const list = chosen.length && chosen[0]!.minLng !== null ? chosen : regions.filter((r) => r.minLng !== null);
    const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const r of list) {
      box[0] = Math.min(box[0], r.minLng!); box[1] = Math.min(box[1], r.minLat!);
      box[2] = Math.max(box[2], r.maxLng!); box[3] = Math.max(box[3], r.maxLat!);
    }
    if (!Number.isFinite(box[0])) {
      const cube = this.ctx.cube();
      for (let i = 0; i < cube.n; i++) {
        if (Number.isNaN(cube.lng[i]!)) continue;
        box[0] = Math.min(box[0], cube.lng[i]!); box[1] = Math.min(box[1], cube.lat[i]!);
        box[2] = Math.max(box[2], cube.lng[i]!); box[3] = Math.max(box[3], cube.lat[i]!);
      }
    }
    return Number.isFinite(box[0]) ? box : [116.39, 39.9, 116.41, 39.92];
  }
}

/**
 * The heat raster of points over an area (lng/lat), one per case or weighted (`weights[i]` cases at
 * point i: the hub's cells). Cells of a quarter bandwidth (the binned estimate is then within a few %
 * of the exact one), coarser if the raster would be huge.
 */
export function densityRaster(
  lng: ArrayLike<number>, lat: ArrayLike<number>, selected: ArrayLike<number>, bbox: [number, number, number, number],
  bandwidthM: number, cellM: number | undefined, kernel: Kernel, weights?: ArrayLike<number>,
): HeatRaster {
  let cell = cellM ?? Math.max(5, bandwidthM / 4);
  const areaM2 = spanM(bbox, bandwidthM);
  if (areaM2 / (cell * cell) > MAX_CELLS) cell = Math.sqrt(areaM2 / MAX_CELLS);
  const raster = kernelDensity(lng, lat, selected, { bbox, bandwidthM, cellM: cell, kernel, weights });
  let cases = 0;
  for (let k = 0; k < selected.length; k++) cases += weights ? weights[selected[k]!]! : 1;
  return {
    bbox: raster.bbox, cols: raster.cols, rows: raster.rows, cellM: raster.cellM, bandwidthM,
    values: Array.from(raster.values, (v) => Math.round(v * 10) / 10),
    max: raster.max, cases,
  };
}

function spanM(bbox: [number, number, number, number], padM: number): number {
  const kx = 111_320 * Math.cos((((bbox[1] + bbox[3]) / 2) * Math.PI) / 180);
  return ((bbox[2] - bbox[0]) * kx + 2 * padM) * ((bbox[3] - bbox[1]) * 110_574 + 2 * padM);
}

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
