/**
 * The true patterns planted in the demo cases. Analytics (heatmaps, hot spots, trends, rankings)
 * must find these; tests read this constant to check that they do.
 *
 * Region codes and ids do not depend on the case seed: the region partition uses its own fixed
 * GEOMETRY_SEED, and regions are inserted in code order, so the same codes always get the same ids.
 * The exact spot coordinates and addresses of the hot spots are written by each build into
 * meta 'planted_patterns' (and returned by buildDemoWorkspace).
 */

export type CaseSourceName = 'hotline' | 'patrol' | 'self' | 'proactive';

export const DEFAULT_SEED = 20251101;
export const DEFAULT_CASE_COUNT = 50_000;
/** Fixed seed of the region partition, names, street lines and buildings (not of people or cases). */
export const GEOMETRY_SEED = 2004;

/** Twelve months ending 2026-10-31, Asia/Shanghai. Cases open at the end are open "as of" PERIOD.end. */
export const DEMO_PERIOD = {
  firstMonth: '2025-11',
  lastMonth: '2026-10',
  timeZone: 'Asia/Shanghai',
  /** 2025-11-01T00:00+08:00 */
  startMs: Date.UTC(2025, 10, 1) - 8 * 3_600_000,
  /** 2026-11-01T00:00+08:00 (exclusive) */
  endMs: Date.UTC(2026, 10, 1) - 8 * 3_600_000,
} as const;

export interface HotSpotPattern {
  id: string;
  gridCode: string;
  gridId: number;
  categoryCode: string;
  what: string;
  /** 'YYYY-MM' months in which the spot recurs. */
  months: string[];
  /** One case every minDays..maxDays days. */
  everyDays: [number, number];
  /** Every case of the spot lies within this distance of the spot point. */
  radiusM: number;
}

export interface RisingGridPattern {
  gridCode: string;
  gridId: number;
  categoryCode: string;
  /** Planted cases per month, on top of the background (which is about 0–1 a month per grid and category). */
  monthlyCounts: number[];
}

const MONTHS = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04',
  '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
const span = (from: string, to: string) => MONTHS.slice(MONTHS.indexOf(from), MONTHS.indexOf(to) + 1);

export const PLANTED_PATTERNS = {
  months: MONTHS,
  seasonality: {
    heating: {
      categoryCodes: ['0901', '0902', '0903'],
      seasonMonths: ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03'],
      peakMonth: '2025-11',
      /** Heating starts 15 Nov in Beijing: the second half of November carries most of the month. */
      heatingStartsOn: '2025-11-15',
      expectation: 'November > 3 × July; Nov–Mar hold more than 85 % of the year',
    },
    summerNoise: {
      categoryCodes: ['1101', '1102', '1103'],
      peakMonths: ['2026-06', '2026-07', '2026-08'],
      expectation: 'each of Jun–Aug above every month of Nov–Mar',
    },
  },
  hotSpots: [
    { id: 'HS1', gridCode: '110101003004002', gridId: 322, categoryCode: '1102', what: '酒吧街商户音响扰民',
      months: span('2026-04', '2026-10'), everyDays: [2, 4], radiusM: 50 },
    { id: 'HS2', gridCode: '110101006002001', gridId: 408, categoryCode: '1701', what: '餐馆油烟直排',
      months: span('2025-12', '2026-08'), everyDays: [3, 5], radiusM: 50 },
    { id: 'HS3', gridCode: '110101011005001', gridId: 571, categoryCode: '0602', what: '地铁口商户出店经营',
      months: span('2026-03', '2026-10'), everyDays: [2, 4], radiusM: 50 },
    { id: 'HS4', gridCode: '110101009003002', gridId: 497, categoryCode: '1201', what: '医院门前车辆乱停',
      months: MONTHS, everyDays: [4, 6], radiusM: 50 },
    { id: 'HS5', gridCode: '110101014006001', gridId: 680, categoryCode: '0501', what: '菜市场门前暴露垃圾',
      months: span('2026-05', '2026-10'), everyDays: [2, 3], radiusM: 50 },
  ] satisfies HotSpotPattern[],
  risingGrids: [
    { gridCode: '110101010007002', gridId: 534, categoryCode: '1502', monthlyCounts: MONTHS.map((_, i) => 2 + 2 * i) },
    { gridCode: '110101016003001', gridId: 727, categoryCode: '1003', monthlyCounts: MONTHS.map((_, i) => 2 + 2 * i) },
    { gridCode: '110101005008002', gridId: 392, categoryCode: '0501', monthlyCounts: MONTHS.map((_, i) => 2 + 2 * i) },
  ] satisfies RisingGridPattern[],
  /**
   * Streets whose callbacks are clearly worse: the share of 'satisfied' at the first callback
   * (reopened cases get a second, usually better, callback, so final shares come out a few points higher).
   * These streets are also slower (more late responses and overdue cases).
   */
  worseStreets: [
    { streetCode: '110101013', satisfiedShare: 0.64 },
    { streetCode: '110101017', satisfiedShare: 0.68 },
    { streetCode: '110101002', satisfiedShare: 0.72 },
  ],
  /** Elsewhere the first-callback satisfied share is drawn between these. */
  normalSatisfiedShare: [0.88, 0.96],
  /** Grids whose grid worker left during the year and nobody has been on duty since (until set, no successor). */
  uncoveredGrids: ['110101001002002', '110101004003001', '110101007001002', '110101012004001', '110101015002002', '110101017005001'],
  /** Approximate shares over all cases (checked by tests within tolerances). */
  shares: {
    hotline: 0.6,
    patrol: 0.25,
    overdue: [0.05, 0.08] as [number, number],
    returned: 0.04,
    reopened: 0.02,
    whistled: 0.009,
  },
} as const;
