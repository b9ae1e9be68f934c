/**
 * How full a workspace is against sql.js's ceiling (issue 14): the whole database lives in one
 * WASM memory that is copied as it grows, and measured here a database stops making progress at
 * about 3.7 GB. The desk warns well before, with figures, so that older closed cases are archived
 * (to the hub or a yearly file) before a write could hang.
 */
import os from 'node:os';
import type { WorkspaceCapacity } from '../../contract/workspace';
import { beijingTime } from '../calendar/work-calendar';

/** Where sql.js stalled in our measurement (docs/sync.md); the warnings are fractions of it. */
export const SQLJS_CEILING_BYTES = 3.7e9;
/**
 * The size at which this desk counts as full: sql.js's ceiling, or less on a desk whose memory could
 * not hold the database twice over (it is copied as it grows) beside the app. GRIDDESK_DATABASE_LIMIT_BYTES
 * sets it lower still (a terminal server shared by many operators).
 */
export function databaseLimitBytes(env: NodeJS.ProcessEnv = process.env, totalMemory = os.totalmem()): number {
  const set = Number(env.GRIDDESK_DATABASE_LIMIT_BYTES);
  const byMemory = totalMemory / 2.5;
  return Math.min(SQLJS_CEILING_BYTES, byMemory, Number.isFinite(set) && set > 0 ? set : Infinity);
}

/** [from, to) of the last complete Beijing month before `now`. */
export function lastCompleteMonth(now: number): { from: number; to: number } {
  const day = new Date(now + 8 * 3_600_000);
  const year = day.getUTCFullYear();
  const month = day.getUTCMonth() + 1;
  return { from: month === 1 ? beijingTime(year - 1, 12, 1) : beijingTime(year, month - 1, 1), to: beijingTime(year, month, 1) };
}

/** Warn at 45 % (about 1.7 GB, above a 1M-case workspace's 1.4 GB), urge at 70 %. */
const WARN_AT = 0.45;
const URGENT_AT = 0.7;

export interface CapacityFigures {
  /** The database's size in memory (page count × page size): what grows towards the ceiling. */
  bytes: number;
  /** Every case row, merged ones included: they take their bytes too. */
  cases: number;
  /** Cases received in the last complete month: the pace that sets how long is left. */
  lastMonthCases: number;
}

export function assessCapacity(figures: CapacityFigures, ceilingBytes = SQLJS_CEILING_BYTES): WorkspaceCapacity {
  const { bytes, cases, lastMonthCases } = figures;
  const share = bytes / ceilingBytes;
  const bytesPerCase = cases > 0 ? Math.round(bytes / cases) : null;
  const casesLeft = bytesPerCase ? Math.max(0, Math.floor((ceilingBytes - bytes) / bytesPerCase)) : null;
  // No pace without a complete month of cases: then no forecast rather than an invented one.
  const monthsLeft = casesLeft !== null && lastMonthCases > 0 ? Math.floor((casesLeft / lastMonthCases) * 10) / 10 : null;
  return {
    bytes, ceilingBytes, cases, bytesPerCase, casesLeft, monthsLeft,
    level: share >= URGENT_AT ? 'urgent' : share >= WARN_AT ? 'warn' : 'ok',
  };
}

/**
 * The figures are read again at most once a minute and only after a write (the status is polled
 * every few seconds; counting a million cases takes tens of milliseconds).
 */
export class CapacityWatch {
  private last: { seq: number; at: number; value: WorkspaceCapacity } | undefined;

  constructor(
    private readonly read: () => CapacityFigures,
    private readonly version: () => number,
    private readonly clock: () => number = Date.now,
    private readonly ceilingBytes = SQLJS_CEILING_BYTES,
  ) {}

  current(): WorkspaceCapacity {
    const seq = this.version();
    const now = this.clock();
    if (this.last && (this.last.seq === seq || now - this.last.at < 60_000)) return this.last.value;
    const value = assessCapacity(this.read(), this.ceilingBytes);
    this.last = { seq, at: now, value };
    return value;
  }
}
