import { z } from 'zod';
import { CaseSummary } from './cases';
import { Timestamp } from './common';
import { ExportedFile } from './import';
import { MonthInfo } from './analytics';

/**
 * The units the three rates are published for. By person: `dispatcher` 派遣员 (who made the case's
 * last dispatch), `handler` 承办人 (the case's assignee).
 */
export const RateLevel = z.enum(['street', 'community', 'grid', 'department', 'grid_worker', 'dispatcher', 'handler']);
export type RateLevel = z.infer<typeof RateLevel>;
export const RateMeasure = z.enum(['response', 'resolution', 'satisfaction']);
export type RateMeasure = z.infer<typeof RateMeasure>;
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM');

/** How the three rates are counted and weighted (DOMAIN.md: settings, not constants). */
export const RateSettings = z
  .object({
    /** Weights of the composite score; they need not add up to 1 (they are normalised). */
    weights: z.object({
      response: z.number().min(0).max(100), resolution: z.number().min(0).max(100), satisfaction: z.number().min(0).max(100),
      /** Weight of dispatch accuracy in a dispatcher's composite; absent or 0: shown, not scored. */
      dispatchAccuracy: z.number().min(0).max(100).optional(),
    }).strict(),
    /** How much one 基本满意 counts in the satisfaction rate (1 = like 满意, 0 = not at all). */
    basicallySatisfiedCredit: z.number().min(0).max(1),
    /** Whether a late response still counts as responded (false: only within the response limit). */
    lateResponseCounts: z.boolean(),
    /** Units with fewer cases in the month than this are listed but not ranked. */
    minCases: z.number().int().min(0).max(1000),
  })
  .strict();
export type RateSettings = z.infer<typeof RateSettings>;

export const RateCounts = z.object({
  /** Cases received in the month (merged duplicates count once, as their surviving case). */
  cases: z.number(),
  /** Cases whose response is judged: responded, or past the response limit. */
  responseJudged: z.number(),
  responded: z.number(),
  /** Cases with a callback. */
  rated: z.number(),
  solved: z.number(),
  satisfied: z.number(),
  basicallySatisfied: z.number(),
  /** Dispatcher level only: dispatches made on the month's cases, and those returned (退单) right after. */
  dispatches: z.number().optional(),
  dispatchesReturned: z.number().optional(),
});
export type RateCounts = z.infer<typeof RateCounts>;

export const RankingRow = z.object({
  unitId: z.number(),
  unitName: z.string(),
  counts: RateCounts,
  /** Rates as fractions 0–1; null where nothing was judged. */
  response: z.number().nullable(),
  resolution: z.number().nullable(),
  satisfaction: z.number().nullable(),
  /** Dispatcher level: dispatches not returned ÷ dispatches; null elsewhere (absent in older snapshots). */
  dispatchAccuracy: z.number().nullable().optional(),
  /** 0–100. */
  composite: z.number().nullable(),
  rank: z.number().nullable(),
  previousRank: z.number().nullable(),
  previousComposite: z.number().nullable(),
  /** Composite minus last month's, in points. */
  change: z.number().nullable(),
});
export type RankingRow = z.infer<typeof RankingRow>;

export const Ranking = z.object({
  month: Month,
  level: RateLevel,
  settings: RateSettings,
  rows: z.array(RankingRow),
  totals: RateCounts,
  snapshot: z.object({ frozenAt: Timestamp, frozenBy: z.string().nullable(), rows: z.array(RankingRow) }).nullable(),
  /** Live figures differ from the frozen snapshot (later edits happened). */
  differs: z.boolean(),
  /** How much of the month the data cover: a partial month (in progress) is labelled as such. */
  coverage: MonthInfo,
  /** The last complete month: what a ranking opens on. */
  defaultMonth: Month,
});
export type Ranking = z.infer<typeof Ranking>;

export const ratesChannels = {
  'rates:settings': { input: z.object({}).strict(), output: RateSettings },
  'rates:saveSettings': { input: RateSettings, output: RateSettings },
  /** The month's three rates, composite and ranking for one level, with last month's change and the frozen snapshot. */
  'rates:ranking': {
    /** Without a month: the last complete month (a month in progress is never the default). */
    input: z.object({ month: Month.optional(), level: RateLevel }).strict(),
    output: Ranking,
  },
  /** Drill-down: the exact cases behind one figure (the denominator, the numerator, or those that missed). */
  'rates:cases': {
    input: z.object({ month: Month, level: RateLevel, unitId: z.number().int().optional(), measure: RateMeasure, part: z.enum(['all', 'hit', 'missed']) }).strict(),
    output: z.object({ total: z.number(), rows: z.array(CaseSummary) }),
  },
  /** The monthly ranking report as a formatted .xlsx with Chinese headers; `published`: the frozen snapshot's figures. */
  'rates:exportXlsx': {
    input: z.object({ month: Month, level: RateLevel, published: z.boolean().default(false) }).strict(),
    output: ExportedFile,
  },
  /**
   * Freezes the month's ranking for a level as published; refused when it is already frozen, when the
   * month has no data, and when it is partial (in progress) unless `allowPartial` confirms it.
   */
  'rates:freeze': { input: z.object({ month: Month, level: RateLevel, allowPartial: z.boolean().default(false) }).strict(), output: Ranking },
} as const;
