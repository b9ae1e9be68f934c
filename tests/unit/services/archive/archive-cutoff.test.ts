import { describe, expect, it } from 'vitest';
import { cutoffOf } from '../../../../electron/services/archive/archive.service';
import { beijingTime } from '../../../../electron/services/calendar/work-calendar';

/** The first instant of the Beijing month N months back: the months kept are whole Beijing months. */
describe('the archive cutoff', () => {
  it('keeps the current month and the N before it, counted in Beijing months', () => {
    expect(cutoffOf(beijingTime(2026, 12, 6, 9), 6)).toBe(beijingTime(2026, 6, 1));
    expect(cutoffOf(beijingTime(2026, 12, 6, 9), 24)).toBe(beijingTime(2024, 12, 1));
    expect(cutoffOf(beijingTime(2026, 3, 15), 3)).toBe(beijingTime(2025, 12, 1));
    expect(cutoffOf(beijingTime(2026, 1, 1), 12)).toBe(beijingTime(2025, 1, 1));
  });

  it('reads the month in Beijing, not in UTC, at the turn of a month', () => {
    // 2026-07-01 00:30 in Beijing is still June in UTC.
    expect(cutoffOf(beijingTime(2026, 7, 1, 0, 30), 1)).toBe(beijingTime(2026, 6, 1));
    expect(cutoffOf(beijingTime(2026, 6, 30, 23, 30), 1)).toBe(beijingTime(2026, 5, 1));
  });
});
