/**
 * Time arithmetic for the demo in Asia/Shanghai (UTC+8 all year: China has no daylight saving,
 * so a fixed offset is exact). Stored times are epoch milliseconds UTC.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const OFFSET = 8 * HOUR;

/** Epoch ms of a wall-clock time in Beijing. Month is 1–12. */
export function beijing(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) - OFFSET;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export function localParts(ms: number): LocalParts {
  const d = new Date(ms + OFFSET);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    weekday: d.getUTCDay(),
  };
}

/** 'YYYY-MM' of the Beijing month containing `ms`. */
export function monthKey(ms: number): string {
  const { year, month } = localParts(ms);
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function isWeekend(ms: number): boolean {
  const { weekday } = localParts(ms);
  return weekday === 0 || weekday === 6;
}

/** Start (ms) of the Beijing day after the one containing `ms`. */
function nextMidnight(ms: number): number {
  const { year, month, day } = localParts(ms);
  return beijing(year, month, day + 1);
}

/**
 * Adds `amount` ms of working time. A simple approximation for the demo: Saturdays and Sundays do not
 * count, every hour of a weekday does. The real deadline engine (office hours, official holidays and
 * make-up days from calendar_days) comes with the workflow issue.
 */
export function addWorkingTime(start: number, amount: number): number {
  let t = start;
  let remaining = amount;
  while (remaining > 0) {
    const midnight = nextMidnight(t);
    if (isWeekend(t)) {
      t = midnight;
      continue;
    }
    const step = Math.min(remaining, midnight - t);
    t += step;
    remaining -= step;
  }
  return t;
}

export function dueAt(start: number, amount: number, basis: 'working' | 'natural'): number {
  return basis === 'natural' ? start + amount : addWorkingTime(start, amount);
}

export interface DemoMonth {
  key: string;
  /** Calendar month 1–12. */
  month: number;
  start: number;
  end: number;
  days: number;
}

/** The months of a period given as [first month, last month] inclusive ('YYYY-MM'). */
export function monthsBetween(first: string, last: string): DemoMonth[] {
  const months: DemoMonth[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (;;) {
    const start = beijing(year, month, 1);
    const end = beijing(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1);
    const key = `${year}-${String(month).padStart(2, '0')}`;
    months.push({ key, month, start, end, days: Math.round((end - start) / DAY) });
    if (key === last) return months;
    if (months.length > 240) throw new Error(`Bad period ${first}..${last}`);
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year++;
  }
}
