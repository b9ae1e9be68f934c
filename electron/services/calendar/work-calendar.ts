/**
 * Deadline arithmetic in working time (pure, no I/O). Times are epoch ms; days are Beijing days
 * (UTC+8 all year: China has no daylight saving, so a fixed offset is exact).
 *
 * Rule: a working day is Monday–Friday unless it is an official holiday, plus the weekend days
 * declared make-up working days (调休上班). Every hour of a working day counts as working time
 * (grid centers are staffed round the clock on working days); no hour of a rest day does. So
 * "2 working days" from Friday 15:00 before a normal weekend is Tuesday 15:00, and a clock started
 * on a rest day starts at the next working day's midnight.
 */
import type { CalendarDay } from './china-holidays';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const OFFSET = 8 * HOUR;

export type TimeBasis = 'working' | 'natural';

/** 'YYYY-MM-DD' of the Beijing day containing `ms`. */
export function beijingDay(ms: number): string {
  return new Date(ms + OFFSET).toISOString().slice(0, 10);
}

/** Epoch ms of a Beijing wall-clock time. Month is 1–12. */
export function beijingTime(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) - OFFSET;
}

/** Start of the Beijing day containing `ms`. */
function dayStart(ms: number): number {
  return Math.floor((ms + OFFSET) / DAY) * DAY - OFFSET;
}

export class WorkCalendar {
  private readonly kinds: Map<string, 'holiday' | 'workday'>;

  constructor(days: readonly Pick<CalendarDay, 'day' | 'kind'>[]) {
    this.kinds = new Map(days.map((d) => [d.day, d.kind]));
  }

  isWorkingDay(ms: number): boolean {
    const kind = this.kinds.get(beijingDay(ms));
    if (kind) return kind === 'workday';
    const weekday = new Date(ms + OFFSET).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The moment `amount` ms of working time after `start` have passed. */
  addWorkingTime(start: number, amount: number): number {
    let t = start;
    let remaining = amount;
    // A long holiday is at most ~10 days; the guard stops a calendar that declares a year of rest.
    for (let guard = 0; remaining > 0; guard++) {
      if (guard > 100_000) throw new Error('Working-time calendar has no working days ahead');
      const next = dayStart(t) + DAY;
      if (!this.isWorkingDay(t)) {
        t = next;
        continue;
      }
      const step = Math.min(remaining, next - t);
      t += step;
      remaining -= step;
    }
    return t;
  }

  /** Working time (ms) between two moments; 0 when `to` is not after `from`. */
  workingTimeBetween(from: number, to: number): number {
    let total = 0;
    for (let t = from; t < to; ) {
      const next = Math.min(dayStart(t) + DAY, to);
      if (this.isWorkingDay(t)) total += next - t;
      t = next;
    }
    return total;
  }

  /** A deadline `amount` ms after `start`, counted on the given basis. */
  dueAt(start: number, amount: number, basis: TimeBasis): number {
    return basis === 'natural' ? start + amount : this.addWorkingTime(start, amount);
  }

  /** Moves a deadline by the working time that passed during a pause (suspension). */
  shiftByPause(due: number, pausedFrom: number, pausedTo: number, basis: TimeBasis): number {
    const paused = basis === 'natural' ? Math.max(0, pausedTo - pausedFrom) : this.workingTimeBetween(pausedFrom, pausedTo);
    return this.dueAt(due, paused, basis);
  }
}
