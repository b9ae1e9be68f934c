import type { ClientBase } from 'pg';
import type { RateCounts, RateSettings } from '../../contract';
import { coverageOf, keyOfLabel, monthCoverage, type MonthInfo } from '../analytics/month-coverage';
import { ratesOf, sumCounts } from '../rates/rate-formulas';
import { hubMonthCounts, monthCountsByStreet, monthCountsByStreetFromCases, type StreetCounts } from './hub-rates.repository';

export type HubRates = ReturnType<typeof ratesOf>;

export interface HubMonthRates {
  month: string;
  /** How much of the month the hub's cases cover: a month in progress is partial, never a full month. */
  coverage: MonthInfo;
  streets: (StreetCounts & HubRates)[];
  total: { counts: RateCounts } & HubRates;
}

export interface HubMonthRatesOptions {
  settings: RateSettings;
  now: number;
  /** A district's 6-digit code: its streets only. */
  districtCode?: string;
  /** 'cases' counts straight from the case rows (the reference); the default reads the aggregate. */
  from?: 'aggregate' | 'cases';
}

/**
 * The city's (or one district's) three rates for one month, per street and in total, by the same
 * formulas and settings as the workstations' rankings (rate-formulas.ts).
 */
export async function hubMonthRates(client: ClientBase, month: string, options: HubMonthRatesOptions): Promise<HubMonthRates> {
  const query = { month, now: options.now, lateResponseCounts: options.settings.lateResponseCounts, codePrefix: options.districtCode };
  const streets = await (options.from === 'cases' ? monthCountsByStreetFromCases(client, query) : monthCountsByStreet(client, query));
  const { months, lastAt } = await hubMonthCounts(client);
  const coverage = monthCoverage(new Map(months.map((m) => [keyOfLabel(m.month), m.cases])), lastAt ?? 0, options.now);
  const total = sumCounts(streets.map((s) => s.counts));
  return {
    month,
    coverage: coverageOf(coverage, month, options.now),
    streets: streets.map((s) => ({ ...s, ...ratesOf(s.counts, options.settings) })),
    total: { counts: total, ...ratesOf(total, options.settings) },
  };
}
