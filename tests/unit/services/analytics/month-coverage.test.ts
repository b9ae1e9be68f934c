import { describe, expect, it } from 'vitest';
import { completeKeys, coverageOf, keyOfLabel, monthCoverage } from '../../../../electron/services/analytics/month-coverage';

/** Beijing wall-clock time → epoch ms. */
const bj = (y: number, m: number, d: number, h = 12) => Date.UTC(y, m - 1, d, h) - 8 * 3_600_000;
const counts = (entries: [string, number][]) => new Map(entries.map(([m, n]) => [keyOfLabel(m), n]));

describe('month coverage', () => {
  it('the running month is partial through today; the month before is the last complete one', () => {
    const c = monthCoverage(counts([['2026-10', 900], ['2026-11', 880], ['2026-12', 1]]), bj(2026, 12, 4, 9), bj(2026, 12, 4, 10));
    expect(c.months.map((m) => m.state)).toEqual(['complete', 'complete', 'partial']);
    expect(c.lastComplete).toBe('2026-11');
    expect(c.partial).toMatchObject({ month: '2026-12', throughDay: 4, inProgress: true, days: 31, cases: 1 });
  });

  it('a month in between without a case is empty (no data), not a zero; it never becomes the default', () => {
    const c = monthCoverage(counts([['2026-09', 10], ['2026-10', 12], ['2026-12', 1]]), bj(2026, 12, 4), bj(2026, 12, 4, 13));
    expect(c.months.map((m) => `${m.month}:${m.state}`)).toEqual(['2026-09:complete', '2026-10:complete', '2026-11:empty', '2026-12:partial']);
    expect(c.lastComplete).toBe('2026-10');
    expect(completeKeys(c, keyOfLabel('2026-09'), keyOfLabel('2026-12'))).toEqual([keyOfLabel('2026-09'), keyOfLabel('2026-10')]);
  });

  it('past data that stop days before a month ends leave that month partial; data to its last days complete it', () => {
    const cut = monthCoverage(counts([['2023-11', 5], ['2023-12', 3]]), bj(2023, 12, 20), bj(2026, 12, 4));
    expect(cut.partial).toMatchObject({ month: '2023-12', throughDay: 20, inProgress: false });
    expect(cut.lastComplete).toBe('2023-11');
    const whole = monthCoverage(counts([['2023-11', 5], ['2023-12', 3]]), bj(2023, 12, 30, 22), bj(2026, 12, 4));
    expect(whole.partial).toBeNull();
    expect(whole.lastComplete).toBe('2023-12');
  });

  it('no data: nothing complete; a month outside the data is empty unless it is the running one', () => {
    const none = monthCoverage(new Map(), 0, bj(2026, 12, 4));
    expect(none).toEqual({ months: [], lastComplete: null, partial: null });
    expect(coverageOf(none, '2026-11', bj(2026, 12, 4)).state).toBe('empty');
    expect(coverageOf(none, '2026-12', bj(2026, 12, 4))).toMatchObject({ state: 'partial', inProgress: true, throughDay: 4 });
  });

  it('months are Beijing months: 23:30 UTC on 30 Nov is already 1 December', () => {
    const now = Date.UTC(2026, 10, 30, 23, 30);
    const c = monthCoverage(counts([['2026-11', 100]]), now - 60_000, now);
    expect(c.months.map((m) => m.state)).toEqual(['complete']);
    expect(coverageOf(c, '2026-12', now)).toMatchObject({ state: 'partial', throughDay: 1 });
  });
});
