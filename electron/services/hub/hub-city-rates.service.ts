import type pg from 'pg';
import type { HubCityRates, RateSettings } from '../../contract';
import { hubMonthRates } from './hub-rates.service';
import { withHubClient } from './hub-reader';

export interface HubCityRatesDeps {
  /** A reader's connection to the hub (HubLinkService.openConnection): refused while the link is not connected. */
  open: () => Promise<pg.Client>;
  /** Street names by code as this desk knows them (other districts' streets stay unnamed). */
  streetNames: () => Map<string, string>;
  rateSettings: () => RateSettings;
  clock: () => number;
}

/** 全市（汇聚库）: the city's three rates for a month, computed on the hub, ranked as the desk ranks its streets. */
export class HubCityRatesService {
  constructor(private readonly deps: HubCityRatesDeps) {}

  async cityRates(month: string): Promise<HubCityRates> {
    const settings = this.deps.rateSettings();
    const now = this.deps.clock();
    const rates = await withHubClient(this.deps.open, (client) => hubMonthRates(client, month, { settings, now }));
    const names = this.deps.streetNames();
    const ranked = [...rates.streets].filter((s) => s.composite !== null && s.counts.cases >= settings.minCases)
      .sort((a, b) => b.composite! - a.composite!);
    const rankOf = new Map(ranked.map((s, i) => [s.streetCode, i + 1]));
    return {
      month, coverage: rates.coverage, at: now,
      streets: rates.streets
        .map((s) => ({ ...s, streetName: names.get(s.streetCode) ?? null, rank: rankOf.get(s.streetCode) ?? null }))
        .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.streetCode.localeCompare(b.streetCode)),
      total: rates.total,
    };
  }
}
