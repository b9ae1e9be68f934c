import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatLngLat } from '../../../../renderer/src/domain/format';

describe('format (Asia/Shanghai)', () => {
  it('shows UTC instants in Beijing time, whatever the machine zone', () => {
    // 2026-10-31 16:05 UTC is 2026-11-01 00:05 in Beijing.
    expect(formatDateTime(Date.UTC(2026, 9, 31, 16, 5))).toBe('2026-11-01 00:05');
    expect(formatDate(Date.UTC(2026, 9, 31, 16, 5))).toBe('2026-11-01');
  });

  it('uses a 24-hour clock', () => {
    expect(formatDateTime(Date.UTC(2026, 0, 1, 15, 30))).toBe('2026-01-01 23:30');
    expect(formatDateTime(Date.UTC(2026, 0, 1, 16, 0))).toBe('2026-01-02 00:00');
  });

  it('shows a dash for missing times', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDate(undefined)).toBe('—');
  });

  it('formats coordinates as lng, lat', () => {
    expect(formatLngLat(116.4074, 39.9042)).toBe('116.40740, 39.90420');
  });
});
