import type { CaseSummary } from '@contract/cases';
import type { ExportedFile } from '@contract/import';
import type { Ranking, RateLevel, RateMeasure, RateSettings } from '@contract/rates';
import { invoke } from './transport';

export const ratesApi = {
  settings: (): Promise<RateSettings> => invoke('rates:settings', {}),
  saveSettings: (settings: RateSettings): Promise<RateSettings> => invoke('rates:saveSettings', settings),
  /** Without a month: the last complete month (the answer's `month`). */
  ranking: (month: string | undefined, level: RateLevel): Promise<Ranking> => invoke('rates:ranking', month ? { month, level } : { level }),
  /** `allowPartial`: the user confirmed publishing a month that is not over. */
  freeze: (month: string, level: RateLevel, allowPartial = false): Promise<Ranking> => invoke('rates:freeze', { month, level, allowPartial }),
  cases: (input: { month: string; level: RateLevel; unitId?: number; measure: RateMeasure; part: 'all' | 'hit' | 'missed' }): Promise<{ total: number; rows: CaseSummary[] }> =>
    invoke('rates:cases', input),
  exportXlsx: (month: string, level: RateLevel, published: boolean): Promise<ExportedFile> => invoke('rates:exportXlsx', { month, level, published }),
};
