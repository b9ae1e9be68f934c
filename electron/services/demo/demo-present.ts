import type { DurableDatabase } from '../db/durable-database';
import { DemoPresentRepository } from './demo-present.repository';

const DAY = 86_400_000;

export interface DemoMove {
  /** Whole days the history moved forward (0: it was already current). */
  days: number;
  columns: number;
}

/**
 * Brings a freshly copied demo district into the present: its year of history is moved forward by
 * whole days so that the newest case falls within the day before `now`. One transaction, a few
 * UPDATE statements, deterministic for a given `now` (`npm run bench` measures it: about 3 s at
 * 50,000 cases and 395,000 events, once, on first start).
 *
 * Whole days keep every time of day, every duration and every deadline as generated, so the open
 * cases are as overdue or near-due as a real center's are at the end of a day, and the month in
 * progress is as far along as the calendar. What moves with it: the calendar weeks (weekends of
 * the simulation fall on other weekdays unless the move is a multiple of 7 days) and the seasons
 * (by the days moved: heating complaints that began mid-November in the simulation begin mid-December
 * after a move of a month). Regenerating with month-relative patterns would keep both; see the report.
 */
export function moveDemoToPresent(db: DurableDatabase, now: number): DemoMove {
  const repo = new DemoPresentRepository(db);
  const none = { days: 0, columns: 0 };
  if (repo.meta('is_demo') !== '1') return none;
  const latest = repo.latestCaseAt();
  if (latest === null) return none;
  const days = Math.floor((now - latest) / DAY);
  if (days <= 0) return none;
  const before = Number(repo.meta('demo_shifted_days') ?? '0');
  return { days, ...repo.shift(days * DAY, { demo_shifted_days: String(before + days), demo_present_at: String(now) }) };
}

/**
 * The clock the app's entry points give the backend for new demo workspaces: now, unless
 * GRIDDESK_DEMO_AS_BUILT=1 asks for the demo's fixed dates (tests that pin months and counts).
 */
export function demoTodayFromEnv(env: NodeJS.ProcessEnv = process.env): (() => number) | undefined {
  return env.GRIDDESK_DEMO_AS_BUILT === '1' ? undefined : () => Date.now();
}
