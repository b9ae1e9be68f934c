import { AppError } from '../shared/app-error';
import type { AnalyticsFilter } from '../../contract';
import type { Scope } from '../auth/scope';
import type { AnalyticsRepository, CategoryRow, ChangeMarks, GridRow, RegionRow } from './analytics.repository';
import { patchCube } from './case-cube-patch';
import { buildCube, monthKey, select, type CaseCube, type RegionScope } from './case-cube';
import { contiguity, distanceBand, ringsOf } from './contiguity';
import type { Neighbours } from './gi-star';
import { monthCoverage, type Coverage } from './month-coverage';

export interface GridInfo extends GridRow {
  index: number;
}

/** How the last cube() call got its columns (tests and the bench look at it). */
export type CubeUpdate = 'cached' | 'patched' | 'built';

/**
 * What every analysis needs, cached: the case columns (patched with the changed cases when the
 * database version moves, built afresh when grids or the taxonomy change or too much changed),
 * the grids with their spatial weights (rebuilt when grid outlines change), regions and categories.
 */
export class AnalyticsContext {
  private cubeCache: { version: number; cube: CaseCube; marks: ChangeMarks; gridsVersion: string; majorKey: string } | undefined;
  lastCubeUpdate: CubeUpdate = 'built';
  private gridCache: { version: string; grids: GridInfo[]; index: Map<number, number>; weights: Map<string, { w: Neighbours; bandM: number | null }> } | undefined;
  private regionCache: { version: number; regions: Map<number, RegionRow>; categories: Map<number, CategoryRow> } | undefined;

  private monthCounts: { version: number; counts: Map<number, number> } | undefined;
  private scopeCache: { key: string; mask: Uint8Array } | undefined;

  /**
   * `largeChange`: how many changed cases a patch takes before a full build (tests lower it);
   * `clock`: "now", which decides the month in progress; `personScope`: where the signed-in person
   * acts (every selection is limited to it; tools without a person see everything).
   */
  constructor(
    readonly repo: AnalyticsRepository,
    private readonly options: { largeChange?: number; spareRows?: number; clock?: () => number; personScope?: () => Scope } = {},
  ) {}

  now(): number {
    return (this.options.clock ?? Date.now)();
  }

  /** Which months of the data are complete, partial or empty (month-coverage.ts), as of now. */
  coverage(): Coverage {
    const cube = this.cube();
    const version = this.cubeCache!.version; // patches change the cube in place: key on the data version
    if (this.monthCounts?.version !== version) {
      // One counter per month of the cube's span (a Map updated a million times costs ~100 ms).
      const perMonth = new Int32Array(Math.max(0, cube.maxMonth - cube.minMonth + 1));
      for (let i = 0; i < cube.n; i++) perMonth[cube.month[i]! - cube.minMonth]!++;
      const counts = new Map<number, number>();
      perMonth.forEach((n, k) => { if (n) counts.set(cube.minMonth + k, n); });
      this.monthCounts = { version, counts };
    }
    return monthCoverage(this.monthCounts.counts, cube.maxAt, this.now());
  }

  cube(): CaseCube {
    const version = this.repo.version();
    if (this.cubeCache?.version === version) {
      this.lastCubeUpdate = 'cached';
      return this.cubeCache.cube;
    }
    const { index, version: gridsVersion } = this.gridData();
    const majorOf = new Map<number, number>();
    for (const c of this.categories().values()) majorOf.set(c.id, c.parentId ?? c.id);
    const majorKey = [...majorOf].join(';');
    const cached = this.cubeCache;
    if (cached && cached.gridsVersion === gridsVersion && cached.majorKey === majorKey) {
      const patched = patchCube(cached.cube, cached.marks, this.repo, index, majorOf, this.options.largeChange);
      if (patched) {
        this.cubeCache = { version, cube: patched.cube, marks: patched.marks, gridsVersion, majorKey };
        this.lastCubeUpdate = 'patched';
        return patched.cube;
      }
    }
    return this.buildCube(version, gridsVersion, majorKey, index, majorOf);
  }

  /** Reads every case into fresh columns. */
  private buildCube(version: number, gridsVersion: string, majorKey: string, index: Map<number, number>, majorOf: Map<number, number>): CaseCube {
    this.cubeCache = undefined; // free the old columns before allocating the new ones
    const marks = this.repo.changeMarks();
    const count = this.repo.caseCount();
    // A little room to append new cases without reallocating every column.
    const cube = buildCube(count, (visit) => this.repo.forEachCase(visit), index, majorOf, count + (this.options.spareRows ?? Math.ceil(count * 0.02) + 1024));
    this.cubeCache = { version, cube, marks, gridsVersion, majorKey };
    this.lastCubeUpdate = 'built';
    return cube;
  }

  grids(): GridInfo[] {
    return this.gridData().grids;
  }

  gridIndex(): Map<number, number> {
    return this.gridData().index;
  }

  /** Binary spatial weights between grids (self excluded; Gi* adds it). */
  weights(kind: 'queen' | 'rook' | 'distance', distanceM?: number): { w: Neighbours; bandM: number | null } {
    const data = this.gridData();
    const key = `${kind}:${distanceM ?? ''}`;
    let entry = data.weights.get(key);
    if (!entry) {
      if (kind === 'distance') {
        const band = distanceBand(data.grids.map((g) => [g.lng ?? 0, g.lat ?? 0]), distanceM);
        entry = { w: band.weights, bandM: band.bandM };
      } else {
        const rings = data.grids.map((g) => (g.geometry ? ringsOf(JSON.parse(g.geometry) as { type: string; coordinates: unknown }) : []));
        entry = { w: contiguity(rings, kind), bandM: null };
      }
      data.weights.set(key, entry);
    }
    return entry;
  }

  regions(): Map<number, RegionRow> {
    return this.regionData().regions;
  }

  categories(): Map<number, CategoryRow> {
    return this.regionData().categories;
  }

  category(id: number): CategoryRow {
    const c = this.categories().get(id);
    if (!c) throw new AppError('not_found', `类别 ${id} 不存在`);
    return c;
  }

  /** The case indices matching a filter, within the signed-in person's scope. */
  select(filter: AnalyticsFilter): Int32Array {
    const selected = select(this.cube(), filter, this.scope(filter.regionId));
    const person = this.options.personScope?.();
    if (!person || person.kind === 'all') return selected;
    const allowed = this.inScope(person);
    let k = 0;
    for (const i of selected) if (allowed[i]) selected[k++] = i;
    return selected.subarray(0, k);
  }

  /** Which cube rows a person's scope holds, by the same SQL predicate as the lists; cached per data version. */
  private inScope(person: Scope): Uint8Array {
    const cube = this.cube();
    const key = `${this.cubeCache!.version}\u0000${JSON.stringify(person)}`;
    if (this.scopeCache?.key === key) return this.scopeCache.mask;
    const mask = new Uint8Array(cube.n);
    // A department's own cases are a column of the cube: only the few it was whistled to come from
    // SQL (reading its 300k ids took 100–250 ms at 1M cases).
    if (person.kind === 'department') {
      const lead = cube.lead;
      for (let i = 0; i < cube.n; i++) if (lead[i] === person.departmentId) mask[i] = 1;
    }
    // One merge of two ascending lists, read in order (a Map of every cube row cost ~400 ms at 1M
    // cases; a binary search per id ~30 ms of cache misses). The ids come nearly sorted (an index
    // range in id order, then the whistled ones). Ids the cube lacks (merged cases) are skipped.
    const ids = person.kind === 'department' ? this.repo.caseIdsSummonedOnly(person.departmentId) : this.repo.caseIdsInScope(person);
    for (let k = 1; k < ids.length; k++) {
      if (ids[k]! < ids[k - 1]!) {
        ids.sort();
        break;
      }
    }
    const cubeIds = cube.id;
    let i = 0;
    const n = cube.n;
    for (let k = 0; k < ids.length && i < n; k++) {
      const id = ids[k]!;
      while (i < n && cubeIds[i]! < id) i++;
      if (i < n && cubeIds[i] === id) mask[i] = 1;
    }
    this.scopeCache = { key, mask };
    return mask;
  }

  scope(regionId: number | undefined): RegionScope {
    if (regionId === undefined) return { column: 'all' };
    const region = this.regions().get(regionId);
    if (!region) throw new AppError('not_found', `区域 ${regionId} 不存在`);
    if (region.level === 'district') return { column: 'all' };
    if (region.level === 'grid') {
      const index = this.gridIndex().get(regionId);
      return index === undefined ? { column: 'none' } : { column: 'grid', value: index };
    }
    return { column: region.level as 'community' | 'street', value: regionId };
  }

  /**
   * The months a filter covers: its from/to, else the months with data up to the last complete one
   * (a trend over a month in progress would read its few days as a fall); `withPartial` keeps the
   * partial month at the end (charts that label it). [first, last] month keys.
   */
  monthRange(filter: AnalyticsFilter, withPartial = false): [number, number] {
    const cube = this.cube();
    const first = filter.from !== undefined ? monthKey(filter.from) : cube.minMonth;
    let last = cube.maxMonth;
    if (filter.to !== undefined) last = monthKey(filter.to - 1);
    else if (!withPartial) {
      const lastComplete = this.coverage().months.filter((m) => m.state === 'complete').pop();
      if (lastComplete) last = lastComplete.key;
    }
    return [first, Math.max(first, last)];
  }

  private gridData() {
    const version = this.repo.gridsVersion();
    if (this.gridCache?.version === version) return this.gridCache;
    const grids = this.repo.grids().map((g, index) => ({ ...g, index }));
    this.gridCache = { version, grids, index: new Map(grids.map((g) => [g.id, g.index])), weights: new Map() };
    return this.gridCache;
  }

  private regionData() {
    const version = this.repo.version();
    if (this.regionCache?.version === version) return this.regionCache;
    this.regionCache = {
      version,
      regions: new Map(this.repo.regions().map((r) => [r.id, r])),
      categories: new Map(this.repo.categories().map((c) => [c.id, c])),
    };
    return this.regionCache;
  }
}
