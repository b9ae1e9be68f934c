import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime as bj } from '../../electron/services/calendar/work-calendar';
import { moveDemoToPresent, type DemoMove } from '../../electron/services/demo/demo-present';
import { PLANTED_PATTERNS } from '../../electron/services/demo/patterns';
import type { Workspace } from '../../electron/services/workspace/workspace';
import { openDemoWorkflow } from '../fixtures/demo-workflow';
import { tempDir } from '../support/temp';

/**
 * Issue 13: the demo moved to the present kept its seasons on the calendar only by luck of the
 * date. Moved by whole weeks, a heating season planted from 15 November began in late December on
 * a workspace created on 4 December, and in May on one created in April. Whatever the creation
 * date, heating complaints must start in the second half of November and sit in Nov–Mar, summer
 * noise in Jun–Aug.
 */
const DAY = 86_400_000;
const BJ = "(c.received_at + 28800000) / 1000, 'unixepoch'";
const { heating, summerNoise } = PLANTED_PATTERNS.seasonality;

/** Cases of these categories per Beijing calendar month (1–12), and per half-month ('11b' = 16–31 Nov). */
function byCalendar(workspace: Workspace, codes: readonly string[]) {
  const rows = workspace.db.all<{ m: number; late: number; n: number }>(
    `SELECT CAST(strftime('%m', ${BJ}) AS INTEGER) AS m, CAST(strftime('%d', ${BJ}) AS INTEGER) > 15 AS late, count(*) AS n
     FROM cases c JOIN categories k ON k.id = c.category_id
     WHERE k.code IN (SELECT value FROM json_each(?)) GROUP BY 1, 2`,
    [JSON.stringify(codes)],
  );
  const months = new Array<number>(13).fill(0);
  const halves = new Map<string, number>();
  for (const r of rows) {
    months[r.m]! += r.n;
    halves.set(`${r.m}${r.late ? 'b' : 'a'}`, r.n);
  }
  return { months, halves, total: months.reduce((a, b) => a + b, 0) };
}

const WINTER = [11, 12, 1, 2, 3];

describe.each([
  ['4 December 2026 (five weeks after the demo ends)', bj(2026, 12, 4) + 10 * 3_600_000],
  ['20 April 2027 (half a year after)', bj(2027, 4, 20) + 10 * 3_600_000],
  ['1 August 2027', bj(2027, 8, 1) + 15 * 3_600_000],
])('the demo created on %s', (_label, today) => {
  let workspace: Workspace;
  let move: DemoMove;

  beforeAll(async () => {
    ({ workspace } = await openDemoWorkflow(path.join(tempDir('griddesk-seasons-'), 'ws'), () => today));
    move = moveDemoToPresent(workspace.db, today);
    console.log(`created ${new Date(today).toISOString()}: ${JSON.stringify(move)}`);
  }, 120_000);
  afterAll(async () => {
    await workspace.close({ checkpoint: false });
  });

  it('heating complaints start in the second half of November and stay in Nov–Mar', () => {
    expect(move.seasonal).toBeGreaterThan(0);
    const { months, halves, total } = byCalendar(workspace, heating.categoryCodes);
    const peak = months.indexOf(Math.max(...months));
    expect(WINTER).toContain(peak);
    const busiestHalf = [...halves].sort((a, b) => b[1] - a[1])[0]![0];
    expect(busiestHalf).toBe('11b');
    expect(WINTER.reduce((n, m) => n + months[m]!, 0) / total).toBeGreaterThan(0.85);
    expect(months[11]!).toBeGreaterThan(3 * months[7]!);
  });

  it('summer noise peaks in Jun–Aug, each of them above every month of Nov–Mar', () => {
    const { months } = byCalendar(workspace, summerNoise.categoryCodes);
    for (const summer of [6, 7, 8]) for (const winter of WINTER) expect(months[summer]!, `${summer} vs ${winter}`).toBeGreaterThan(months[winter]!);
  });

  it('still twelve months ending today, nothing after now, weekdays kept', () => {
    const span = workspace.db.get<{ lo: number; hi: number }>('SELECT min(received_at) AS lo, max(received_at) AS hi FROM cases')!;
    expect(span.hi).toBeLessThanOrEqual(today);
    expect(today - span.hi).toBeLessThan(DAY);
    expect(today - span.lo).toBeLessThan(366 * DAY);
    const future = workspace.db.get<{ n: number }>(
      `SELECT (SELECT count(*) FROM cases WHERE received_at > :now OR closed_at > :now OR callback_at > :now OR handled_at > :now)
            + (SELECT count(*) FROM case_events WHERE at > :now)
            + (SELECT count(*) FROM whistles WHERE raised_at > :now OR closed_at > :now) AS n`, { ':now': today })!.n;
    expect(future).toBe(0);
    const weekend = workspace.db.get<{ share: number }>(`SELECT avg(strftime('%w', ${BJ}) IN ('0', '6')) AS share FROM cases c`)!.share;
    expect(weekend).toBeLessThan(0.25);
  });
});
