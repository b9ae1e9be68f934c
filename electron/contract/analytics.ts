import { z } from 'zod';
import { Timestamp } from './common';
import { CaseFilter, CaseSource } from './cases';

/** Which cases an analysis looks at. Months are 'YYYY-MM' in Asia/Shanghai. */
export const AnalyticsFilter = z
  .object({
    /** A major class (level 1) covers its minor classes. */
    categoryId: z.number().int().optional(),
    source: z.array(CaseSource).optional(),
    /** A street, community or grid (or the district): cases inside it. */
    regionId: z.number().int().optional(),
    from: Timestamp.optional(),
    /** Exclusive. */
    to: Timestamp.optional(),
  })
  .strict();
export type AnalyticsFilter = z.infer<typeof AnalyticsFilter>;

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/**
 * How much of a month the data cover (electron/services/analytics/month-coverage.ts): complete,
 * partial (in progress, or the data stop early: `throughDay`) or empty (no data: not a real zero).
 */
export const MonthInfo = z.object({
  key: z.number(),
  month: Month,
  state: z.enum(['complete', 'partial', 'empty']),
  cases: z.number(),
  days: z.number(),
  /** The last day of the month the data cover (partial), `days` (complete), 0 (empty). */
  throughDay: z.number(),
  /** Partial because the month is still running. */
  inProgress: z.boolean(),
});
export type MonthInfo = z.infer<typeof MonthInfo>;
const Bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const HeatRaster = z.object({
  /** [minLng, minLat, maxLng, maxLat] of the raster's outer edges (WGS84). */
  bbox: Bbox,
  cols: z.number(),
  rows: z.number(),
  cellM: z.number(),
  bandwidthM: z.number(),
  /** Cases per km², row-major from the north-west corner, rounded to 0.1. */
  values: z.array(z.number()),
  max: z.number(),
  cases: z.number(),
});
export type HeatRaster = z.infer<typeof HeatRaster>;

export const ChoroplethRow = z.object({
  regionId: z.number(),
  count: z.number(),
  previous: z.number(),
  /** Per 1,000 households, null where households are unknown. */
  rate: z.number().nullable(),
  /** count − previous (the previous period has the same length, just before). */
  change: z.number(),
  value: z.number(),
  cls: z.number(),
});
export const Choropleth = z.object({
  level: z.enum(['grid', 'community', 'street']),
  measure: z.enum(['count', 'rate', 'change']),
  classing: z.enum(['quantile', 'natural']),
  breaks: z.array(z.number()),
  from: Timestamp,
  to: Timestamp,
  previousFrom: Timestamp,
  rows: z.array(ChoroplethRow),
  /** The period's month and its coverage when the period is one calendar month; without from/to, the last complete month. */
  month: MonthInfo.nullable(),
});
export type Choropleth = z.infer<typeof Choropleth>;

export const Temporal = z.object({
  /** Without from/to: every month with data, the partial one at the end included (see `coverage`). */
  months: z.array(Month),
  /** Coverage of each of `months`: charts mark the partial month and leave empty months as gaps. */
  coverage: z.array(MonthInfo),
  /** Per major category: counts per month; null for a month without any data (not a real zero). */
  byCategory: z.array(z.object({ categoryId: z.number(), code: z.string(), name: z.string(), counts: z.array(z.number().nullable()) })),
  /** [weekday 0 = Monday … 6][hour 0…23] */
  hourWeekday: z.array(z.array(z.number())),
  /** ['YYYY-MM-DD', count] for each day with cases. */
  daily: z.array(z.tuple([z.string(), z.number()])),
  total: z.number(),
});
export type Temporal = z.infer<typeof Temporal>;

export const EmergingClass = z.enum([
  'new_hot', 'consecutive_hot', 'intensifying_hot', 'persistent_hot', 'diminishing_hot', 'sporadic_hot', 'oscillating_hot', 'historical_hot',
  'new_cold', 'consecutive_cold', 'intensifying_cold', 'persistent_cold', 'diminishing_cold', 'sporadic_cold', 'oscillating_cold', 'historical_cold',
  'no_pattern',
]);
export type EmergingClass = z.infer<typeof EmergingClass>;

export const HotspotOptions = z
  .object({
    filter: AnalyticsFilter.default({}),
    weights: z.enum(['queen', 'rook', 'distance']).default('queen'),
    /** Distance band in metres (weights 'distance'); default: the smallest giving everyone a neighbour. */
    distanceM: z.number().positive().optional(),
    fdr: z.boolean().default(false),
    /**
     * Gi* per month + Mann-Kendall per grid over the months of the filter's period. Without from/to
     * the period ends with the last complete month; months without any data are left out of the series.
     */
    emerging: z.boolean().default(true),
    /** Significance of a monthly hot/cold spot and of the trend, for the emerging classes. */
    alpha: z.number().min(0.001).max(0.2).default(0.05),
  })
  .strict();

export const HotspotGrid = z.object({
  gridId: z.number(),
  code: z.string(),
  name: z.string(),
  count: z.number(),
  z: z.number(),
  p: z.number(),
  /** Benjamini–Hochberg adjusted p. */
  pFdr: z.number(),
  /** ±3 / ±2 / ±1: hot/cold at 99 / 95 / 90 % confidence; 0 not significant. */
  bin: z.number(),
  neighbours: z.number(),
  emerging: EmergingClass.nullable(),
  trendTau: z.number().nullable(),
  trendP: z.number().nullable(),
  monthly: z.array(z.number()).nullable(),
});
export const Hotspots = z.object({
  weights: z.object({
    kind: z.enum(['queen', 'rook', 'distance']),
    distanceM: z.number().nullable(),
    meanNeighbours: z.number(),
    islands: z.number(),
    selfIncluded: z.literal(true),
  }),
  fdr: z.boolean(),
  alpha: z.number(),
  /** The months of the emerging series (complete months with data, unless from/to say otherwise). */
  months: z.array(Month),
  /** Months in the period without any data, left out of the series. */
  emptyMonths: z.array(Month),
  /** The partial month left out (the month in progress), when from/to were not given. */
  partialExcluded: MonthInfo.nullable(),
  from: Timestamp,
  to: Timestamp,
  grids: z.array(HotspotGrid),
});
export type Hotspots = z.infer<typeof Hotspots>;

const CaseRef = z.object({ id: z.number(), caseNo: z.string(), receivedAt: Timestamp, address: z.string().nullable() });
const Trend = z.object({ monthly: z.array(z.number()), tau: z.number(), p: z.number() });
export const RecurringCluster = z.object({
  categoryId: z.number(),
  categoryName: z.string(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  center: z.tuple([z.number(), z.number()]),
  radiusM: z.number(),
  count: z.number(),
  first: Timestamp,
  last: Timestamp,
  trend: Trend,
  cases: z.array(CaseRef),
});
export const RecurringAddress = z.object({
  address: z.string(),
  categoryId: z.number(),
  categoryName: z.string(),
  gridId: z.number().nullable(),
  count: z.number(),
  first: Timestamp,
  last: Timestamp,
  trend: Trend,
  cases: z.array(CaseRef),
});
export const PersistentGrid = z.object({
  gridId: z.number(),
  gridName: z.string(),
  categoryId: z.number(),
  categoryName: z.string(),
  /** Consecutive months where the grid's count of the category was high. */
  runMonths: z.array(Month),
  count: z.number(),
  trend: Trend,
});
export const Recurring = z.object({
  months: z.array(Month),
  params: z.object({ radiusM: z.number(), windowDays: z.number(), minCases: z.number(), minAddressRepeats: z.number() }),
  clusters: z.array(RecurringCluster),
  addresses: z.array(RecurringAddress),
  grids: z.array(PersistentGrid),
});
export type Recurring = z.infer<typeof Recurring>;

/** smoothed_mix: recency-weighted category mix, kernel-smoothed across neighbouring grids; the other two are the baselines. */
export const ForecastModel = z.enum(['smoothed_mix', 'last_month', 'long_term_average']);
export const BacktestRow = z.object({
  model: ForecastModel,
  fraction: z.number(),
  hitRate: z.number(),
  pai: z.number(),
  areaShare: z.number(),
  mae: z.number(),
});
export const Forecast = z.object({
  month: Month,
  categoryId: z.number().nullable(),
  /** The model behind the ranking: the smoothed mix where its back-test beats the better baseline (higher PAI at 5 %, MAE no larger), else that baseline. */
  model: ForecastModel,
  bestBaseline: z.enum(['last_month', 'long_term_average']),
  beatsBaseline: z.boolean(),
  /** The mix's PAI at 5 % ÷ the better baseline's, on the back-test. */
  paiRatio: z.number(),
  /** The complete months the forecast is made from; a month in progress is never one of them. */
  history: z.object({ first: Month, last: Month }),
  /** The partial month at the end (in progress, or the data stop before its end), left out of the forecast and its back-test. */
  partialMonth: z.object({ month: Month, throughDay: z.number(), inProgress: z.boolean() }).nullable(),
  /** The mix's parameters for this month, chosen on the back-test months before it. */
  params: z.object({ recency: z.number(), levelRecency: z.number(), bandwidthM: z.number() }),
  ranking: z.array(z.object({ rank: z.number(), gridId: z.number(), code: z.string(), name: z.string(), expected: z.number(), lastMonth: z.number() })),
  backtest: z.object({
    months: z.array(Month),
    rows: z.array(BacktestRow),
    /** Perfect foresight: the grids that turned out hottest. No forecast can flag more. */
    ceiling: z.array(z.object({ fraction: z.number(), hitRate: z.number(), pai: z.number() })),
  }),
});
export type Forecast = z.infer<typeof Forecast>;

export const TopicCandidate = z.object({
  key: z.string(),
  title: z.string(),
  categoryId: z.number(),
  categoryName: z.string(),
  regionId: z.number(),
  regionName: z.string(),
  score: z.number(),
  /** Cases in the last three months of data. */
  recentCases: z.number(),
  evidence: z.array(z.string()),
});
export type TopicCandidate = z.infer<typeof TopicCandidate>;

const Judgement = z.object({ ratio: z.number(), low: z.number(), high: z.number(), verdict: z.enum(['fell', 'rose', 'inconclusive']) });
export const TopicEvaluation = z.object({
  before: z.object({ from: Timestamp, to: Timestamp, cases: z.number() }),
  after: z.object({ from: Timestamp, to: Timestamp, cases: z.number() }),
  /** after ÷ before in the area alone. */
  raw: Judgement,
  /** Against the same months a year earlier (null where the data do not go back that far). */
  vsLastYear: Judgement.extend({ before: z.number(), after: z.number() }).nullable(),
  /** Against grids with a similar count before (pooled). */
  vsSimilar: Judgement.extend({ before: z.number(), after: z.number(), areas: z.number() }).nullable(),
  summary: z.string(),
});
export const Topic = z.object({
  id: z.number(),
  title: z.string(),
  categoryId: z.number().nullable(),
  categoryName: z.string().nullable(),
  regionId: z.number().nullable(),
  regionName: z.string().nullable(),
  status: z.enum(['candidate', 'adopted', 'closed']),
  ownerStaffId: z.number().nullable(),
  ownerName: z.string().nullable(),
  actionPlan: z.string().nullable(),
  periodStart: Timestamp.nullable(),
  periodEnd: Timestamp.nullable(),
  evidence: z.array(z.string()),
  adoptedAt: Timestamp.nullable(),
  /** Cases of the topic's category in its area since the period started. */
  casesSinceStart: z.number(),
  evaluation: TopicEvaluation.nullable(),
});
export type Topic = z.infer<typeof Topic>;

export const analyticsChannels = {
  /** Kernel density (quartic) of the filtered cases, cases per km², with a bandwidth in metres. */
  'analytics:heat': {
    input: z.object({
      filter: AnalyticsFilter.default({}),
      /** The case list's filter instead of `filter`: the main map's heat shows the cases the list shows. */
      caseFilter: CaseFilter.optional(),
      bandwidthM: z.number().min(20).max(5000).default(250),
      cellM: z.number().min(5).max(1000).optional(),
      kernel: z.enum(['quartic', 'epanechnikov']).default('quartic'),
    }).strict(),
    output: HeatRaster,
  },
  /** Counts, rates per 1,000 households and change vs the previous period, per region, with class breaks. */
  'analytics:choropleth': {
    input: z.object({
      filter: AnalyticsFilter.default({}),
      level: z.enum(['grid', 'community', 'street']).default('grid'),
      measure: z.enum(['count', 'rate', 'change']).default('count'),
      classing: z.enum(['quantile', 'natural']).default('quantile'),
      classes: z.number().int().min(2).max(9).default(5),
    }).strict(),
    output: Choropleth,
  },
  /** Monthly trend per major category, hour × weekday, and daily counts. */
  'analytics:temporal': { input: z.object({ filter: AnalyticsFilter.default({}) }).strict(), output: Temporal },
  /** Getis-Ord Gi* per grid (with FDR optional) and the emerging hot spot class per grid. */
  'analytics:hotspots': { input: HotspotOptions, output: Hotspots },
  /** Recurring spots (space-time clusters), repeated addresses, and grids high month after month. */
  'analytics:recurring': {
    input: z.object({
      filter: AnalyticsFilter.default({}),
      radiusM: z.number().min(5).max(1000).default(50),
      windowDays: z.number().min(1).max(365).default(30),
      minCases: z.number().int().min(2).max(100).default(4),
      minAddressRepeats: z.number().int().min(2).max(1000).default(8),
      limit: z.number().int().min(1).max(500).default(50),
    }).strict(),
    output: Recurring,
  },
  /** Next month's expected hottest grids, with the rolling-origin back-test against two baselines. */
  'analytics:forecast': {
    input: z.object({ month: Month.optional(), categoryId: z.number().int().optional(), top: z.number().int().min(1).max(1000).default(30) }).strict(),
    output: Forecast,
  },
  /** Problem of the month (每月一题): ranked candidate topics with their evidence. */
  'analytics:topic-candidates': { input: z.object({ limit: z.number().int().min(1).max(100).default(15) }).strict(), output: z.array(TopicCandidate) },
  /** Topics adopted so far, each judged before vs after. */
  'analytics:topics': { input: z.object({}).strict(), output: z.array(Topic) },
  /** Adopts a topic: owner, action plan and period. */
  'analytics:topic-adopt': {
    input: z.object({
      title: z.string().trim().min(1).max(200),
      categoryId: z.number().int(),
      regionId: z.number().int(),
      ownerStaffId: z.number().int(),
      actionPlan: z.string().trim().min(1).max(5000),
      periodStart: Timestamp,
      periodEnd: Timestamp,
      evidence: z.array(z.string().max(500)).max(20).default([]),
    }).strict(),
    output: Topic,
  },
} as const;
