/**
 * Decides what happened where and when: each demo case's time, category, grid, location and source.
 * Background cases follow seasonal category mixes and uneven grid weights; the planted patterns
 * (patterns.ts) are added on top. What happened next is case-life.ts.
 */
import { contains, distanceM, offsetM, type LngLat } from './geo';
import { PLANTED_PATTERNS, type CaseSourceName } from './patterns';
import type { Building, GridPlace, Places } from './places';
import { Rng, WeightedTable } from './rng';
import { ALL_MINOR_CLASSES, SEASONS, TAXONOMY, majorOf, type MinorClass } from './taxonomy';
import { DAY, HOUR, localParts, type DemoMonth } from './time';

export interface GridRef {
  grid: GridPlace;
  gridId: number;
  communityId: number;
  streetId: number;
  streetCode: string;
}

export interface CasePlan {
  receivedAt: number;
  minor: MinorClass;
  ref: GridRef;
  point: LngLat;
  address: string;
  source: CaseSourceName;
  /** Which planted pattern produced the case, if any (kept out of the database; for the summary). */
  planted?: string;
}

export interface PlantedSpot {
  id: string;
  gridCode: string;
  gridId: number;
  categoryCode: string;
  lng: number;
  lat: number;
  address: string;
  cases: number;
}

const SOURCES: CaseSourceName[] = ['hotline', 'patrol', 'self', 'proactive'];
const HOURS = {
  hotline: [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 3, 6, 8, 8, 7, 5, 5, 6, 6, 6, 5, 5, 6, 6, 5, 3, 2],
  patrol: [0, 0, 0, 0, 0, 0, 0, 0.5, 3, 6, 6, 5, 2, 3, 5, 5, 4, 2, 0.5, 0, 0, 0, 0, 0],
  office: [0, 0, 0, 0, 0, 0, 0, 1, 4, 6, 6, 5, 3, 4, 5, 5, 4, 2, 1, 0.5, 0, 0, 0, 0],
  night: [6, 4, 2, 1, 0.5, 0.3, 0.5, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 5, 7, 9, 9, 8],
};
const HOUR_INDEX = HOURS.hotline.map((_, i) => i);
const WEEKEND_ACCEPT: Record<CaseSourceName, number> = { hotline: 0.85, patrol: 0.3, self: 0.6, proactive: 0.25 };
/** Fewer cases around the Spring Festival (Feb) and the National Day holiday (Oct). */
const MONTH_VOLUME = [1, 0.85, 1, 1, 1, 1, 1, 1, 1, 0.9, 1, 1];
const NOISE = new Set(['1101', '1102', '1103']);
const HEATING = new Set(['0901', '0902', '0903']);

const minorByCode = new Map(ALL_MINOR_CLASSES.map((minor) => [minor.code, minor]));
export const minorClass = (code: string): MinorClass => {
  const minor = minorByCode.get(code);
  if (!minor) throw new Error(`Unknown category ${code}`);
  return minor;
};

export class CasePlanner {
  private readonly grids: GridRef[];
  private readonly byCode: Map<string, GridRef>;
  private readonly gridTables: WeightedTable<GridRef>[];
  private readonly buildingTables = new Map<number, WeightedTable<Building>>();

  constructor(
    places: Places,
    regionIds: Map<string, number>,
    private readonly months: DemoMonth[],
    private readonly rng: Rng,
  ) {
    this.grids = places.streets.flatMap((street) =>
      street.communities.flatMap((community) =>
        community.grids.map((grid) => ({
          grid, gridId: regionIds.get(grid.code)!, communityId: regionIds.get(community.code)!,
          streetId: regionIds.get(street.code)!, streetCode: street.code,
        })),
      ),
    );
    this.byCode = new Map(this.grids.map((ref) => [ref.grid.code, ref]));
    // Uneven activity: busy streets, busy grids, and grids prone to particular kinds of problem.
    const streetFactor = new Map(places.streets.map((s) => [s.code, rng.logNormal(1, 0.2)]));
    const base = this.grids.map((ref) => (ref.grid.households / 600) * rng.logNormal(1, 0.55) * streetFactor.get(ref.streetCode)!);
    this.gridTables = TAXONOMY.map(() => new WeightedTable(this.grids, base.map((w) => w * rng.logNormal(1, 0.6))));
  }

  /** The planted grid, checked against the id PLANTED_PATTERNS promises (ids must not drift). */
  gridRef(code: string, expectedId: number): GridRef {
    const ref = this.byCode.get(code);
    if (!ref) throw new Error(`Demo grid ${code} does not exist`);
    if (ref.gridId !== expectedId) throw new Error(`Demo grid ${code} has id ${ref.gridId}, PLANTED_PATTERNS says ${expectedId}`);
    return ref;
  }

  /** All cases, planted and background, in order of receipt. */
  plan(caseCount: number): { plans: CasePlan[]; spots: PlantedSpot[] } {
    const { plans: planted, spots } = this.planted();
    const background = caseCount - planted.length;
    if (background < 500) {
      throw new Error(`caseCount ${caseCount} is too small: the planted patterns alone have ${planted.length} cases (use at least ${planted.length + 500})`);
    }
    const plans = [...planted, ...this.background(background)];
    const order = new Map(plans.map((p, i) => [p, i]));
    return { plans: plans.sort((a, b) => a.receivedAt - b.receivedAt || order.get(a)! - order.get(b)!), spots };
  }

  private background(count: number): CasePlan[] {
    const rng = this.rng.fork('background');
    const cells: { month: DemoMonth; minor: MinorClass }[] = [];
    const weights: number[] = [];
    for (const month of this.months) {
      for (const minor of ALL_MINOR_CLASSES) {
        cells.push({ month, minor });
        weights.push((month.days / 30.5) * MONTH_VOLUME[month.month - 1]! * minor.weight * SEASONS[minor.season ?? 'flat'][month.month - 1]!);
      }
    }
    const table = new WeightedTable(cells, weights);
    const plans: CasePlan[] = [];
    for (let i = 0; i < count; i++) {
      const { month, minor } = table.draw(rng);
      const major = majorOf(minor.code);
      const source = rng.weighted(SOURCES, SOURCES.map((s) => major.sources[s]));
      const ref = this.gridTables[TAXONOMY.indexOf(major)]!.draw(rng);
      const receivedAt = this.time(rng, month, minor, source);
      plans.push({ receivedAt, minor, ref, source, ...this.location(rng, ref, this.building(rng, ref), 12) });
    }
    return plans;
  }

  /** A time in the month, following weekday and time-of-day habits of each source. */
  private time(rng: Rng, month: DemoMonth, minor: MinorClass, source: CaseSourceName): number {
    const hours = NOISE.has(minor.code) && source === 'hotline' ? HOURS.night
      : source === 'hotline' ? HOURS.hotline : source === 'patrol' ? HOURS.patrol : HOURS.office;
    for (;;) {
      const day = rng.int(0, month.days - 1);
      const t = month.start + day * DAY + rng.weighted(HOUR_INDEX, hours) * HOUR + rng.int(0, 3_599) * 1000;
      const { weekday, day: dayOfMonth } = localParts(t);
      if ((weekday === 0 || weekday === 6) && !rng.chance(WEEKEND_ACCEPT[source])) continue;
      // Heating starts 15 Nov and stops 15 Mar: complaints follow the radiators.
      if (HEATING.has(minor.code) && month.month === 11 && dayOfMonth < 15 && !rng.chance(0.15)) continue;
      if (HEATING.has(minor.code) && month.month === 3 && dayOfMonth > 15 && !rng.chance(0.2)) continue;
      return t;
    }
  }

  private building(rng: Rng, ref: GridRef): Building {
    let table = this.buildingTables.get(ref.gridId);
    if (!table) {
      // A few buildings of each grid account for most of its cases.
      table = new WeightedTable(ref.grid.buildings, ref.grid.buildings.map((_, i) => 1 / Math.pow(i + 1, 0.7)));
      this.buildingTables.set(ref.gridId, table);
    }
    return table.draw(rng);
  }

  /** A point within `radius` metres of the building, always inside the grid (WGS84, 1e-6°). */
  private location(rng: Rng, ref: GridRef, building: Building, radius: number): { point: LngLat; address: string } {
    const r = radius * Math.sqrt(rng.next());
    const angle = rng.range(0, 2 * Math.PI);
    const round6 = (p: LngLat): LngLat => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
    let point = round6(offsetM(building.point, r * Math.cos(angle), r * Math.sin(angle)));
    if (!contains(ref.grid.geometry, point)) point = round6(building.point);
    if (!contains(ref.grid.geometry, point)) point = building.point;
    return { point, address: building.address };
  }

  private planted(): { plans: CasePlan[]; spots: PlantedSpot[] } {
    const rng = this.rng.fork('planted');
    const plans: CasePlan[] = [];
    const spots: PlantedSpot[] = [];
    const monthOf = (key: string) => this.months.find((m) => m.key === key)!;
    for (const spot of PLANTED_PATTERNS.hotSpots) {
      const ref = this.gridRef(spot.gridCode, spot.gridId);
      const minor = minorClass(spot.categoryCode);
      // The spot is the grid's busiest building; cases land within 20 m of it (the pattern promises 50 m).
      const building = ref.grid.buildings[0]!;
      const first = monthOf(spot.months[0]!);
      const last = monthOf(spot.months[spot.months.length - 1]!);
      let count = 0;
      for (let t = first.start + rng.range(0, spot.everyDays[1]) * DAY; t < last.end; t += rng.range(spot.everyDays[0], spot.everyDays[1]) * DAY) {
        const month = this.months.find((m) => m.start <= t && t < m.end)!;
        const day = Math.floor((t - month.start) / DAY);
        const hours = NOISE.has(minor.code) ? HOURS.night : HOURS.hotline;
        const receivedAt = month.start + day * DAY + rng.weighted(HOUR_INDEX, hours) * HOUR + rng.int(0, 3_599) * 1000;
        const source: CaseSourceName = rng.chance(0.8) ? 'hotline' : 'patrol';
        const located = this.location(rng, ref, building, 20);
        if (distanceM(located.point, building.point) > spot.radiusM) throw new Error(`Hot spot ${spot.id} case outside its radius`);
        plans.push({ receivedAt, minor, ref, source, ...located, planted: spot.id });
        count++;
      }
      spots.push({
        id: spot.id, gridCode: spot.gridCode, gridId: ref.gridId, categoryCode: spot.categoryCode,
        lng: building.point[0], lat: building.point[1], address: building.address, cases: count,
      });
    }
    for (const rising of PLANTED_PATTERNS.risingGrids) {
      const ref = this.gridRef(rising.gridCode, rising.gridId);
      const minor = minorClass(rising.categoryCode);
      const major = majorOf(minor.code);
      rising.monthlyCounts.forEach((count, index) => {
        const month = monthOf(PLANTED_PATTERNS.months[index]!);
        for (let i = 0; i < count; i++) {
          const source = rng.weighted(SOURCES, SOURCES.map((s) => major.sources[s]));
          const receivedAt = this.time(rng, month, minor, source);
          plans.push({ receivedAt, minor, ref, source, ...this.location(rng, ref, this.building(rng, ref), 12), planted: `rising:${rising.gridCode}` });
        }
      });
    }
    return { plans, spots };
  }
}
