import { describe, expect, it } from 'vitest';
import { beijingTime } from '../../../../electron/services/calendar/work-calendar';
import { Workspace } from '../../../../electron/services/workspace/workspace';
import {
  CapacityWatch, SQLJS_CEILING_BYTES, assessCapacity, databaseLimitBytes, lastCompleteMonth,
} from '../../../../electron/services/workspace/workspace-capacity';
import { tempDir } from '../../../support/temp';

describe("a workspace's capacity against the size where sql.js stalls", () => {
  it('stays quiet below 45 %, warns from there and urges from 70 %, with what still fits and for how long', () => {
    const ceiling = 1_000_000;
    expect(assessCapacity({ bytes: 449_999, cases: 450, lastMonthCases: 10 }, ceiling).level).toBe('ok');
    const warn = assessCapacity({ bytes: 450_000, cases: 450, lastMonthCases: 11 }, ceiling);
    expect(warn).toEqual({
      bytes: 450_000, ceilingBytes: ceiling, cases: 450, bytesPerCase: 1_000, casesLeft: 550, monthsLeft: 50, level: 'warn',
    });
    expect(assessCapacity({ bytes: 700_000, cases: 700, lastMonthCases: 30 }, ceiling)).toMatchObject({ level: 'urgent', casesLeft: 300, monthsLeft: 10 });
    // Past the limit: nothing fits, never a negative count.
    expect(assessCapacity({ bytes: 1_200_000, cases: 1_000, lastMonthCases: 30 }, ceiling)).toMatchObject({ casesLeft: 0, monthsLeft: 0 });
  });

  it('gives no pace without a complete month of cases, and no size per case without cases', () => {
    expect(assessCapacity({ bytes: 600_000, cases: 300, lastMonthCases: 0 }, 1_000_000)).toMatchObject({ monthsLeft: null, casesLeft: 200 });
    expect(assessCapacity({ bytes: 600_000, cases: 0, lastMonthCases: 0 }, 1_000_000)).toMatchObject({ bytesPerCase: null, casesLeft: null, monthsLeft: null });
  });

  it("is sql.js's ceiling, or less where memory could not hold the database twice, or the operator's lower setting", () => {
    const big = 64e9;
    expect(databaseLimitBytes({}, big)).toBe(SQLJS_CEILING_BYTES);
    expect(databaseLimitBytes({}, 4e9)).toBe(1.6e9);
    expect(databaseLimitBytes({ GRIDDESK_DATABASE_LIMIT_BYTES: '2000000000' }, big)).toBe(2e9);
    expect(databaseLimitBytes({ GRIDDESK_DATABASE_LIMIT_BYTES: '9e12' }, big)).toBe(SQLJS_CEILING_BYTES);
    expect(databaseLimitBytes({ GRIDDESK_DATABASE_LIMIT_BYTES: 'lots' }, big)).toBe(SQLJS_CEILING_BYTES);
  });

  it('paces by the last complete Beijing month, across the turn of a year', () => {
    expect(lastCompleteMonth(beijingTime(2026, 12, 4) + 5 * 3_600_000)).toEqual({ from: beijingTime(2026, 11, 1), to: beijingTime(2026, 12, 1) });
    expect(lastCompleteMonth(beijingTime(2027, 1, 1))).toEqual({ from: beijingTime(2026, 12, 1), to: beijingTime(2027, 1, 1) });
    // 23:30 on 31 January in Beijing is still January there (15:30 UTC).
    expect(lastCompleteMonth(beijingTime(2027, 1, 31) + 23.5 * 3_600_000)).toEqual({ from: beijingTime(2026, 12, 1), to: beijingTime(2027, 1, 1) });
  });

  it('reads the figures again only after a write, and then at most once a minute', () => {
    let reads = 0;
    let seq = 1;
    let now = 0;
    const watch = new CapacityWatch(() => ({ bytes: 100 + reads++, cases: 1, lastMonthCases: 0 }), () => seq, () => now, 1_000);
    expect(watch.current().bytes).toBe(100);
    now = 120_000;
    expect(watch.current().bytes).toBe(100); // no write since
    seq = 2;
    expect(watch.current().bytes).toBe(101); // a write, and the last read was minutes ago
    seq = 3;
    now = 150_000;
    expect(watch.current().bytes).toBe(101); // another write, within the minute
    now = 181_000;
    expect(watch.current().bytes).toBe(102);
  });

  it("measures a real workspace's database as sql.js holds it, and counts its cases", async () => {
    const workspace = await Workspace.open(tempDir(), { create: true, databaseLimitBytes: 2e6 });
    try {
      const empty = workspace.capacity();
      expect(empty.cases).toBe(0);
      expect(empty.bytes).toBeGreaterThan(100_000); // the schema alone: hundreds of pages
      expect(empty.ceilingBytes).toBe(2e6);
      const pages = workspace.db.get<{ n: number }>('SELECT page_count AS n FROM pragma_page_count()')!.n;
      expect(empty.bytes).toBe(pages * workspace.db.get<{ n: number }>('SELECT page_size AS n FROM pragma_page_size()')!.n);
    } finally {
      await workspace.close();
    }
  });
});
