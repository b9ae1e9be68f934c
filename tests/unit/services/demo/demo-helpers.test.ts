import { describe, expect, it } from 'vitest';
import { apportion } from '../../../../electron/services/demo/places';
import { Rng } from '../../../../electron/services/demo/rng';
import { parseCsvLine } from '../../../../electron/services/demo/source-data';
import { addWorkingTime, beijing, localParts, monthsBetween } from '../../../../electron/services/demo/time';

describe('demo helpers', () => {
  it('Rng is reproducible and independent per label', () => {
    const a = new Rng(42, 'x');
    const b = new Rng(42, 'x');
    const draws = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(draws);
    expect(new Rng(42, 'y').next()).not.toBe(draws[0]);
    for (const value of draws) expect(value).toBeGreaterThanOrEqual(0);
  });

  it('working time skips Saturdays and Sundays (Asia/Shanghai)', () => {
    const fridayEvening = beijing(2025, 11, 7, 20); // Friday
    const due = addWorkingTime(fridayEvening, 8 * 3_600_000);
    expect(localParts(due)).toMatchObject({ month: 11, day: 10, hour: 4, weekday: 1 });
    expect(addWorkingTime(beijing(2025, 11, 8, 10), 3_600_000)).toBe(beijing(2025, 11, 10, 1));
  });

  it('lists the 12 demo months with their lengths', () => {
    const months = monthsBetween('2025-11', '2026-10');
    expect(months.map((m) => m.key)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04',
      '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(months.map((m) => m.days).reduce((a, b) => a + b, 0)).toBe(365);
  });

  it('apportions a total within bounds', () => {
    const counts = apportion([5, 1, 1, 3], 20, 2, 8);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
    for (const n of counts) expect(n >= 2 && n <= 8).toBe(true);
    expect(() => apportion([1, 1], 20, 2, 4)).toThrow(/Cannot split/);
  });

  it('parses quoted CSV fields', () => {
    expect(parseCsvLine('110101001,"东华门街道",110101,11,1101')).toEqual(['110101001', '东华门街道', '110101', '11', '1101']);
    expect(parseCsvLine('"a ""b"", c",d')).toEqual(['a "b", c', 'd']);
  });
});
