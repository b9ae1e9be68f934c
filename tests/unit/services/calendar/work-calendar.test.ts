import { describe, expect, it } from 'vitest';
import { CHINA_OFFICIAL_DAYS } from '../../../../electron/services/calendar/china-holidays';
import { DAY, HOUR, WorkCalendar, beijingDay, beijingTime as bj } from '../../../../electron/services/calendar/work-calendar';

const calendar = new WorkCalendar(CHINA_OFFICIAL_DAYS);
const plain = new WorkCalendar([]);
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

describe('official holiday data', () => {
  it('declares only weekend days as make-up working days', () => {
    const workdays = CHINA_OFFICIAL_DAYS.filter((d) => d.kind === 'workday');
    expect(workdays).toHaveLength(11);
    for (const d of workdays) expect([0, 6]).toContain(weekday(d.day));
  });

  it('has the published number of days off per holiday (weekends included)', () => {
    const count = (year: string, name: string) => CHINA_OFFICIAL_DAYS.filter((d) => d.day.startsWith(year) && d.name === name).length;
    expect(count('2025', '春节')).toBe(8);
    expect(count('2025', '国庆节、中秋节')).toBe(8);
    expect(count('2026', '春节')).toBe(9);
    expect(count('2026', '国庆节')).toBe(7);
    expect(count('2026', '元旦')).toBe(3);
    // 2026-01-01 is a Thursday, the Spring Festival break starts on Sunday 15 Feb.
    expect(weekday('2026-01-01')).toBe(4);
    expect(weekday('2026-02-15')).toBe(0);
  });
});

describe('working days', () => {
  it('knows weekdays, weekends, holidays and make-up days', () => {
    expect(calendar.isWorkingDay(bj(2026, 3, 10, 12))).toBe(true); // Tuesday
    expect(calendar.isWorkingDay(bj(2026, 3, 14, 12))).toBe(false); // Saturday
    expect(calendar.isWorkingDay(bj(2026, 10, 5, 12))).toBe(false); // Monday in the National Day break
    expect(calendar.isWorkingDay(bj(2026, 10, 10, 12))).toBe(true); // Saturday, make-up day
    expect(calendar.isWorkingDay(bj(2026, 2, 14, 9))).toBe(true); // Saturday before the Spring Festival
    expect(plain.isWorkingDay(bj(2026, 10, 5, 12))).toBe(true); // without the calendar it is a Monday
  });

  it('uses Beijing days, not UTC days', () => {
    // 2026-03-13 Friday 23:30 in Beijing is 15:30 UTC; 2026-03-14 00:30 Beijing is still Friday in UTC.
    expect(calendar.isWorkingDay(bj(2026, 3, 13, 23, 30))).toBe(true);
    expect(calendar.isWorkingDay(bj(2026, 3, 14, 0, 30))).toBe(false);
    expect(beijingDay(bj(2026, 3, 14, 0, 30))).toBe('2026-03-14');
  });
});

describe('adding working time', () => {
  it('counts within a working week', () => {
    expect(calendar.addWorkingTime(bj(2026, 3, 10, 9), 2 * DAY)).toBe(bj(2026, 3, 12, 9));
    expect(calendar.addWorkingTime(bj(2026, 3, 10, 9), 4 * HOUR)).toBe(bj(2026, 3, 10, 13));
  });

  it('skips a weekend', () => {
    // Friday 15:00 + 2 working days: 9 h left of Friday, all of Monday, 15 h of Tuesday.
    expect(calendar.addWorkingTime(bj(2026, 3, 13, 15), 2 * DAY)).toBe(bj(2026, 3, 17, 15));
    // Friday 22:00 + 4 working hours: 2 h on Friday, 2 h on Monday.
    expect(calendar.addWorkingTime(bj(2026, 3, 13, 22), 4 * HOUR)).toBe(bj(2026, 3, 16, 2));
  });

  it('starts a clock begun on a rest day at the next working midnight', () => {
    expect(calendar.addWorkingTime(bj(2026, 3, 14, 10), 1 * DAY)).toBe(bj(2026, 3, 17, 0));
    expect(calendar.addWorkingTime(bj(2026, 3, 14, 10), 5 * HOUR)).toBe(bj(2026, 3, 16, 5));
  });

  it('skips the Spring Festival and counts its make-up Saturday', () => {
    // Friday 13 Feb 2026 12:00 + 1 working day: 12 h of Friday, Saturday 14 Feb is a make-up day.
    expect(calendar.addWorkingTime(bj(2026, 2, 13, 12), 1 * DAY)).toBe(bj(2026, 2, 14, 12));
    // + 3 working days: Fri (12 h), Sat 14 (24 h), then 15–23 Feb off; Tue 24 Feb gets 24 h, Wed 25 12 h.
    expect(calendar.addWorkingTime(bj(2026, 2, 13, 12), 3 * DAY)).toBe(bj(2026, 2, 25, 12));
    expect(plain.addWorkingTime(bj(2026, 2, 13, 12), 3 * DAY)).toBe(bj(2026, 2, 18, 12));
  });

  it('skips National Day and counts Saturday 10 Oct 2026', () => {
    // Wed 30 Sep 08:00 + 2 days: 16 h on 30 Sep; 1–7 Oct off; 24 h of Thu 8, then 8 h of Fri 9.
    expect(calendar.addWorkingTime(bj(2026, 9, 30, 8), 2 * DAY)).toBe(bj(2026, 10, 9, 8));
    expect(calendar.addWorkingTime(bj(2026, 10, 9, 0), 2 * DAY)).toBe(bj(2026, 10, 11, 0)); // Fri + make-up Sat
  });

  it('counts a make-up Sunday (4 Jan 2026) after New Year', () => {
    // Wed 31 Dec 2025 18:00 + 12 h: 6 h of Wed, 1–3 Jan off, 6 h of Sunday 4 Jan.
    expect(calendar.addWorkingTime(bj(2025, 12, 31, 18), 12 * HOUR)).toBe(bj(2026, 1, 4, 6));
  });

  it('counts natural time when the basis is natural', () => {
    expect(calendar.dueAt(bj(2026, 2, 13, 12), 3 * DAY, 'natural')).toBe(bj(2026, 2, 16, 12));
    expect(calendar.dueAt(bj(2026, 2, 13, 12), 3 * DAY, 'working')).toBe(bj(2026, 2, 25, 12));
  });
});

describe('working time between two moments', () => {
  it('is the inverse of adding', () => {
    for (const start of [bj(2026, 2, 13, 12), bj(2026, 9, 30, 8), bj(2025, 12, 31, 18), bj(2026, 3, 14, 10)]) {
      for (const amount of [3 * HOUR, 1 * DAY, 5 * DAY, 11 * DAY]) {
        const due = calendar.addWorkingTime(start, amount);
        expect(calendar.workingTimeBetween(start, due)).toBe(amount);
      }
    }
  });

  it('counts no time over a holiday and moves a paused deadline by the working time paused', () => {
    expect(calendar.workingTimeBetween(bj(2026, 10, 1), bj(2026, 10, 8))).toBe(0);
    expect(calendar.workingTimeBetween(bj(2026, 3, 13, 12), bj(2026, 3, 16, 12))).toBe(1 * DAY);
    // Suspended Fri 12:00 → Mon 12:00 (24 working hours): a Tue 12:00 deadline moves to Wed 12:00.
    expect(calendar.shiftByPause(bj(2026, 3, 17, 12), bj(2026, 3, 13, 12), bj(2026, 3, 16, 12), 'working')).toBe(bj(2026, 3, 18, 12));
  });
});
