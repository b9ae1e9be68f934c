import type { DurableDatabase } from '../db/durable-database';
import { DemoPresentRepository, type SeasonalCases } from './demo-present.repository';
import { PLANTED_PATTERNS } from './patterns';
import { ALL_MINOR_CLASSES } from './taxonomy';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export interface DemoMove {
  /** Whole weeks the history moved forward (0: it was already current). */
  weeks: number;
  columns: number;
  /** Cases that would have had something happen after now, moved back by `backDays` whole days. */
  movedBack: number;
  backDays: number;
  /** Cases of seasonal categories moved by whole 52-week years instead, so they keep their calendar season. */
  seasonal: number;
}

/**
 * Brings a freshly copied demo district into the present, in one transaction, deterministic for a
 * given `now` (`npm run bench` measures it: a few seconds at 50,000 cases, once, on first start).
 *
 * The history moves forward by whole weeks, so every weekday stays a weekday (the weekend lull, the
 * hour × weekday pattern and the working-time deadlines stay true), every time of day, duration and
 * deadline as generated. It moves by as many weeks as it takes for the newest case to reach today;
 * the cases that would then have a step still to come (received in the last days, or handled in the
 * overshoot) move back by the whole days of that overshoot with all of theirs, so nothing has
 * happened after now, and the open cases are as overdue or near due as a real center's at the end
 * of a day. Those few cases (the last days' worth) alone change weekday.
 * The seasons stay on the calendar: the cases of the categories with a planted season (heating,
 * summer noise, rain, dust …, taxonomy.ts) move by whole 52-week years instead, to the latest such
 * place within the twelve months that now end today, so heating complaints still begin mid-November
 * whatever the creation date (a year of 52 weeks keeps the weekday; the calendar date drifts one day
 * a year). Those brought from a year ago with steps still to come move back by whole weeks. The
 * planted hot spots and rising grids stay with the window: they are about the last twelve months.
 */
export function moveDemoToPresent(db: DurableDatabase, now: number): DemoMove {
  const repo = new DemoPresentRepository(db);
  const none = { weeks: 0, columns: 0, movedBack: 0, backDays: 0, seasonal: 0 };
  if (repo.meta('is_demo') !== '1') return none;
  const latest = repo.latestCaseAt();
  if (latest === null || latest > now - DAY) return none;
  const weeks = Math.ceil((now - latest) / WEEK);
  const before = Number(repo.meta('demo_shifted_weeks') ?? '0');
  return {
    weeks,
    ...repo.shift(weeks * WEEK, now, { demo_shifted_weeks: String(before + weeks), demo_present_at: String(now) }, SEASONAL),
  };
}

/** The categories whose cases follow a calendar season, but not the planted spots and grids that follow the window. */
export const SEASONAL: SeasonalCases = {
  categoryCodes: ALL_MINOR_CLASSES.filter((minor) => minor.season && minor.season !== 'flat').map((minor) => minor.code),
  keep: [...PLANTED_PATTERNS.hotSpots, ...PLANTED_PATTERNS.risingGrids].map((p): [number, string] => [p.gridId, p.categoryCode]),
};

/**
 * The clock the app's entry points give the backend for new demo workspaces: now, unless
 * GRIDDESK_DEMO_AS_BUILT=1 asks for the demo's fixed dates (tests that pin months and counts).
 */
export function demoTodayFromEnv(env: NodeJS.ProcessEnv = process.env): (() => number) | undefined {
  return env.GRIDDESK_DEMO_AS_BUILT === '1' ? undefined : () => Date.now();
}
