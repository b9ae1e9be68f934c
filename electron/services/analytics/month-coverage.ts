/**
 * The one place that knows which months a statistic may treat as whole. Given how many cases each
 * month holds, when the data's last case was received and "now", every month from the first with
 * data to the last is one of:
 * - complete: the month is over and the data cover it;
 * - partial:  the month is still in progress (now is inside it), or the data stop days before its end
 *             (an export taken mid-month); `throughDay` says up to which day the data go;
 * - empty:    a month in between without a single case: no data, not a real zero.
 * Rankings and reports default to the last complete month; trends use complete months only; charts
 * leave empty months as gaps. Pure: months are keys year·12 + month0 in Asia/Shanghai (case-cube.ts).
 */

const SHANGHAI_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** A past last month whose data stop more than this before its end is partial (an export cut mid-month). */
const EARLY_END_MS = 2 * DAY_MS;

export type MonthState = 'complete' | 'partial' | 'empty';

export interface MonthInfo {
  /** year · 12 + month (0-based). */
  key: number;
  /** 'YYYY-MM'. */
  month: string;
  state: MonthState;
  cases: number;
  days: number;
  /** Partial months: the last day (1–31) the data cover; otherwise `days` (complete) or 0 (empty). */
  throughDay: number;
  /** Partial because the month is still running (now is inside it), not because the data stop early. */
  inProgress: boolean;
}

export interface Coverage {
  months: MonthInfo[];
  /** The newest complete month, the default of rankings, reports and maps; null when none is complete. */
  lastComplete: string | null;
  /** The partial month at the end (in progress or cut off), if any. */
  partial: MonthInfo | null;
}

export function monthKeyOf(at: number): number {
  const d = new Date(at + SHANGHAI_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
export function monthLabelOf(key: number): string {
  return `${Math.floor(key / 12)}-${String((key % 12) + 1).padStart(2, '0')}`;
}
export function keyOfLabel(label: string): number {
  const [y, m] = label.split('-').map(Number);
  return y! * 12 + m! - 1;
}
/** First instant of the month, Asia/Shanghai. */
export function monthStartOf(key: number): number {
  return Date.UTC(Math.floor(key / 12), key % 12, 1) - SHANGHAI_MS;
}
function dayOfMonth(at: number): number {
  return new Date(at + SHANGHAI_MS).getUTCDate();
}

/**
 * Coverage of the months from the first to the last with cases. `counts`: cases per month key;
 * `lastAt`: the newest case's time; `now`: the clock (months that have not ended are partial).
 */
export function monthCoverage(counts: ReadonlyMap<number, number>, lastAt: number, now: number): Coverage {
  const keys = [...counts.entries()].filter(([, n]) => n > 0).map(([k]) => k);
  if (!keys.length) return { months: [], lastComplete: null, partial: null };
  const first = Math.min(...keys);
  const last = Math.max(...keys);
  const nowKey = monthKeyOf(now);
  const months: MonthInfo[] = [];
  for (let key = first; key <= last; key++) months.push(describe(key, counts.get(key) ?? 0, key === last ? lastAt : null, now, nowKey));
  let lastComplete: string | null = null;
  for (const m of months) if (m.state === 'complete') lastComplete = m.month;
  const tail = months[months.length - 1]!;
  return { months, lastComplete, partial: tail.state === 'partial' ? tail : null };
}

function describe(key: number, cases: number, lastAt: number | null, now: number, nowKey: number): MonthInfo {
  const start = monthStartOf(key);
  const end = monthStartOf(key + 1);
  const days = Math.round((end - start) / DAY_MS);
  const base = { key, month: monthLabelOf(key), cases, days };
  if (key >= nowKey) {
    // The running month (or, with a wrong clock, a future one): only as far as now, or the last case.
    const through = key === nowKey ? dayOfMonth(Math.max(now, start)) : lastAt !== null ? dayOfMonth(lastAt) : 0;
    return { ...base, state: 'partial', throughDay: through, inProgress: key === nowKey };
  }
  if (cases === 0) return { ...base, state: 'empty', throughDay: 0, inProgress: false };
  if (lastAt !== null && lastAt < end - EARLY_END_MS) return { ...base, state: 'partial', throughDay: dayOfMonth(lastAt), inProgress: false };
  return { ...base, state: 'complete', throughDay: days, inProgress: false };
}

/** The coverage of one month (a month outside the data is empty, unless it is the running one). */
export function coverageOf(coverage: Coverage, month: string, now: number): MonthInfo {
  const found = coverage.months.find((m) => m.month === month);
  if (found) return found;
  const key = keyOfLabel(month);
  return describe(key, 0, null, now, monthKeyOf(now));
}

/** The complete months with cases between first and last (inclusive): what trends are computed on. */
export function completeKeys(coverage: Coverage, first: number, last: number): number[] {
  return coverage.months.filter((m) => m.key >= first && m.key <= last && m.state === 'complete').map((m) => m.key);
}
