import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnalyticsServices } from '../../../../electron/services/analytics/analytics-services';
import { CaseRepository } from '../../../../electron/services/cases/case.repository';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { caseInsert } from '../../../fixtures/case-insert';
import { FixtureRegionsRepository } from '../../../fixtures/fixture-regions.repository';
import { tempDir } from '../../../support/temp';

/**
 * The forecast is made from complete months: a case entered today does not make this month "last
 * month" (issue 13: one case on 4 December moved the forecast to January with last month = 0).
 * Nine square grids; grid g gets g + 1 cases in each month from January to June 2026, the last on the
 * month's last day (so the data cover the month), none in April (a month without data is a gap, not
 * a month of zeros). Which months are complete is month-coverage.ts's rule.
 */
const at = (month: number, day: number) => Date.UTC(2026, month - 1, day, 2); // 10:00 in Beijing
const lastDay = (month: number) => new Date(Date.UTC(2026, month, 0)).getUTCDate();
const MONTHS = [1, 2, 3, 5, 6];

describe('forecast: complete months only', () => {
  let db: DurableDatabase;
  let now = at(7, 4);
  let analytics: AnalyticsServices;
  let grids: number[];
  const add = (g: number, receivedAt: number) => new CaseRepository(db).insertReceived(caseInsert(`网格${g}`, {
    gridId: grids[g]!, lng: 116.4 + (g % 3) * 0.01 + 0.005, lat: 39.9 + Math.floor(g / 3) * 0.01 + 0.005, receivedAt,
  }));

  beforeEach(async () => {
    db = await DurableDatabase.open(tempDir(), { migrations });
    grids = new FixtureRegionsRepository(db).loadGrids('测试区', Array.from({ length: 9 }, (_, g) => {
      const [x, y] = [116.4 + (g % 3) * 0.01, 39.9 + Math.floor(g / 3) * 0.01];
      return { code: `G${g}`, name: `网格${g}`, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] } };
    }));
    for (const month of MONTHS) for (let g = 0; g < 9; g++) for (let k = 0; k <= g; k++) add(g, at(month, Math.min(lastDay(month), 3 + 3 * g + k)));
    now = at(7, 4);
    analytics = new AnalyticsServices(db, () => now);
  });
  afterEach(async () => {
    await db.close({ checkpoint: false });
  });

  it('one case in the month in progress leaves the target, the history and the forecast where they were', () => {
    const before = analytics.forecast.forecast(undefined, undefined, 9);
    expect(before).toMatchObject({ month: '2026-07', partialMonth: null, history: { first: '2026-01', last: '2026-06' } });
    add(0, at(7, 3));
    const after = analytics.forecast.forecast(undefined, undefined, 9);
    expect(after).toMatchObject({ month: '2026-07', partialMonth: { month: '2026-07', inProgress: true, throughDay: 4 }, history: { first: '2026-01', last: '2026-06' } });
    expect(after.ranking).toEqual(before.ranking);
    expect(after.backtest).toEqual(before.backtest);
    // "Last month" is June, complete: grid g had g + 1 cases.
    expect(after.ranking.map((r) => [r.name, r.lastMonth])).toEqual(Array.from({ length: 9 }, (_, k) => [`网格${8 - k}`, 9 - k]));
  });

  it('once the month is over and the data cover it, the forecast moves on', () => {
    for (let g = 0; g < 9; g++) for (let k = 0; k <= g; k++) add(g, at(7, Math.min(31, 3 + 3 * g + k)));
    now = at(8, 2);
    const f = analytics.forecast.forecast(undefined, undefined, 9);
    expect(f).toMatchObject({ month: '2026-08', partialMonth: null, history: { last: '2026-07' } });
  });

  it('a past month whose data stop early (an export cut on the 3rd) is partial, not last month', () => {
    add(0, at(7, 3));
    now = at(8, 2);
    const f = analytics.forecast.forecast(undefined, undefined, 9);
    expect(f).toMatchObject({ month: '2026-07', partialMonth: { month: '2026-07', inProgress: false, throughDay: 3 }, history: { last: '2026-06' } });
  });

  it('a month without data is left out of the back-test, not scored as a month of zeros', () => {
    const f = analytics.forecast.forecast(undefined, undefined, 9);
    expect(f.backtest.months).toEqual(['2026-05', '2026-06']);
    // The same counts every month: both baselines are exact, and the model, which cannot beat them, is not used.
    for (const r of f.backtest.rows) if (r.model !== 'smoothed_mix') expect(r.mae).toBe(0);
    expect(f.model).toBe('long_term_average');
    expect(f.beatsBaseline).toBe(false);
  });

  it('no complete month yet: says so', () => {
    now = at(1, 20);
    expect(() => analytics.forecast.forecast(undefined, undefined, 9)).toThrow(/还没有完整的月份/);
  });
});
