import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hotspots } from '../../electron/contract';
import { AnalyticsServices } from '../../electron/services/analytics/analytics-services';
import { beijingTime as bj } from '../../electron/services/calendar/work-calendar';
import { CaseRepository } from '../../electron/services/cases/case.repository';
import type { CaseService } from '../../electron/services/cases/case.service';
import { moveDemoToPresent } from '../../electron/services/demo/demo-present';
import { PLANTED_PATTERNS } from '../../electron/services/demo/patterns';
import { RatesRepository } from '../../electron/services/rates/rates.repository';
import { RatesService } from '../../electron/services/rates/rates.service';
import type { Workspace } from '../../electron/services/workspace/workspace';
import { openDemoWorkflow } from '../fixtures/demo-workflow';
import { tempDir } from '../support/temp';

/**
 * Issue 13, "true months": one case entered today (4 December 2026, clock injected) on the demo
 * must not make December a month of its own. Rankings open on the last complete month, the grid
 * distribution too, and the emerging hot spots are those of the demo without the case.
 */
const TODAY = bj(2026, 12, 4) + 10 * 3_600_000; // 4 Dec 2026, 10:00 Beijing
const HOTSPOTS = { filter: {}, weights: 'queen', fdr: false, emerging: true, alpha: 0.05 } as const;

interface Copy {
  workspace: Workspace;
  cases: CaseService;
  analytics: AnalyticsServices;
  rates: RatesService;
}

async function demoCopy(present: boolean): Promise<Copy> {
  const { workspace, cases } = await openDemoWorkflow(path.join(tempDir('griddesk-months-'), 'ws'), () => TODAY);
  if (present) {
    const move = moveDemoToPresent(workspace.db, TODAY);
    console.log(`demo moved ${move.weeks} weeks; ${move.movedBack} cases with steps still to come moved back ${move.backDays} days`);
    expect(move.weeks).toBe(5);
  }
  return {
    workspace, cases,
    analytics: new AnalyticsServices(workspace.db, () => TODAY),
    rates: new RatesService(new RatesRepository(workspace.db), new CaseRepository(workspace.db), () => ({ id: 1 }), () => TODAY),
  };
}

/** One hotline case in the first grid, received now. */
function caseToday(copy: Copy): void {
  const grid = copy.workspace.db.get<{ lng: number; lat: number }>(
    `SELECT (min_lng + max_lng) / 2 AS lng, (min_lat + max_lat) / 2 AS lat FROM regions WHERE level = 'grid' ORDER BY id LIMIT 1`,
  )!;
  const category = copy.workspace.db.get<{ id: number }>(`SELECT id FROM categories WHERE level = 2 ORDER BY code LIMIT 1`)!.id;
  copy.cases.create({ source: 'hotline', categoryId: category, title: '今天受理的一件', address: '测试路 1 号', location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' } }, '值班员');
}

/** Open cases (not closed, not suspended) and how many of them are past their handling deadline. */
function openOverdue(copy: Copy): { open: number; overdue: number } {
  return copy.workspace.db.get<{ open: number; overdue: number }>(
    `SELECT count(*) AS open, sum(handling_due_at < :now) AS overdue FROM cases
     WHERE status <> 'closed' AND merged_into_id IS NULL AND paused_since IS NULL AND handling_due_at IS NOT NULL`,
    { ':now': TODAY },
  )!;
}

const classes = (h: Hotspots) => {
  const out: Record<string, number> = {};
  for (const g of h.grids) out[g.emerging ?? 'none'] = (out[g.emerging ?? 'none'] ?? 0) + 1;
  return out;
};

describe('true months: the demo as built (ends October 2026) and a case today', () => {
  let copy: Copy;
  let fresh: Hotspots;

  beforeAll(async () => {
    copy = await demoCopy(false);
    fresh = copy.analytics.hotspots.hotspots(HOTSPOTS);
    caseToday(copy);
  }, 120_000);
  afterAll(async () => {
    await copy.workspace.close({ checkpoint: false });
  });

  it('knows December is in progress and November has no data (not a month of zeros)', () => {
    const coverage = copy.analytics.context.coverage();
    expect(coverage.partial).toMatchObject({ month: '2026-12', throughDay: 4, inProgress: true, cases: 1 });
    expect(coverage.months.find((m) => m.month === '2026-11')!.state).toBe('empty');
    expect(coverage.lastComplete).toBe('2026-10');
  });

  it('rankings open on the last complete month, and a partial month says so', () => {
    const ranking = copy.rates.ranking(undefined, 'street');
    expect(ranking.month).toBe('2026-10');
    expect(ranking.coverage.state).toBe('complete');
    const december = copy.rates.ranking('2026-12', 'street');
    expect(december.coverage).toMatchObject({ state: 'partial', inProgress: true, throughDay: 4 });
    expect(december.defaultMonth).toBe('2026-10');
  });

  it('emerging hot spots equal those of the demo without the case', () => {
    const now = copy.analytics.hotspots.hotspots(HOTSPOTS);
    expect(classes(now)).toEqual(classes(fresh));
    expect(now.months.at(-1)).toBe('2026-10');
    expect(now.partialExcluded?.month).toBe('2026-12');
  });

  it('the grid distribution opens on a complete month; the temporal chart leaves November as a gap', () => {
    const choropleth = copy.analytics.maps.choropleth({}, 'grid', 'count', 'quantile', 5);
    expect(choropleth.month).toMatchObject({ month: '2026-10', state: 'complete' });
    const temporal = copy.analytics.maps.temporal({});
    const nov = temporal.months.indexOf('2026-11');
    expect(temporal.coverage[nov]!.state).toBe('empty');
    expect(temporal.byCategory.every((c) => c.counts[nov] === null)).toBe(true);
    expect(temporal.coverage.at(-1)).toMatchObject({ month: '2026-12', state: 'partial' });
  });

  it('as built, on 4 December every open case is long overdue (what moving the demo to the present fixes)', () => {
    const { open, overdue } = openOverdue(copy);
    expect(overdue / open).toBeGreaterThan(0.9);
  });

  it('freezing a partial month is refused unless confirmed; a month without data is refused', () => {
    expect(() => copy.rates.freeze('2026-12', 'street')).toThrow(/尚未结束.*allowPartial/);
    expect(() => copy.rates.freeze('2026-11', 'street')).toThrow(/没有任何案件/);
    const frozen = copy.rates.freeze('2026-12', 'community', true);
    expect(frozen.snapshot).not.toBeNull();
    expect(frozen.coverage.state).toBe('partial');
  });
});

describe('the demo moved to the present (created on 4 December 2026) with a case today', () => {
  let copy: Copy;
  let fresh: Hotspots;
  let latestBefore: number;

  beforeAll(async () => {
    copy = await demoCopy(true);
    latestBefore = copy.workspace.db.get<{ at: number }>('SELECT max(received_at) AS at FROM cases')!.at;
    fresh = copy.analytics.hotspots.hotspots(HOTSPOTS);
    caseToday(copy);
  }, 120_000);
  afterAll(async () => {
    await copy.workspace.close({ checkpoint: false });
  });

  it('its newest case falls within the day before it was created', () => {
    expect(latestBefore).toBeLessThanOrEqual(TODAY);
    expect(TODAY - latestBefore).toBeLessThan(86_400_000);
  });

  it('the move is one transaction that keeps case events append-only, and is not repeated the same day', () => {
    expect(() => copy.workspace.db.transaction((tx) => tx.run('UPDATE case_events SET note = note WHERE id = 1'))).toThrow(/append-only/);
    expect(moveDemoToPresent(copy.workspace.db, TODAY).weeks).toBe(0);
    expect(copy.workspace.db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'demo_shifted_weeks'`)!.value).toBe('5');
    // Nothing has happened after now; deadlines may lie ahead.
    const future = copy.workspace.db.get<{ n: number }>(
      `SELECT (SELECT count(*) FROM cases WHERE received_at > :now OR closed_at > :now OR callback_at > :now OR handled_at > :now)
            + (SELECT count(*) FROM case_events WHERE at > :now) AS n`, { ':now': TODAY })!.n;
    expect(future).toBe(0);
  });

  it('moved by whole weeks: the weekend is still the quiet part of the week', () => {
    const weekend = copy.workspace.db.get<{ share: number }>(
      `SELECT avg(strftime('%w', (received_at + 28800000) / 1000, 'unixepoch') IN ('0', '6')) AS share FROM cases`,
    )!.share;
    // 2 of 7 days would be 0.286 without the lull.
    expect(weekend).toBeLessThan(0.25);
  });

  it('rankings open on November, the last complete month, not December', () => {
    const ranking = copy.rates.ranking(undefined, 'street');
    expect(ranking.month).toBe('2026-11');
    expect(ranking.rows.filter((r) => r.rank !== null)).toHaveLength(17);
    expect(copy.rates.ranking('2026-12', 'street').coverage).toMatchObject({ state: 'partial', throughDay: 4 });
  });

  it('emerging hot spots equal those of a fresh copy', () => {
    const now = copy.analytics.hotspots.hotspots(HOTSPOTS);
    expect(classes(now)).toEqual(classes(fresh));
    expect(now.months).toHaveLength(12);
    expect(now.months.at(-1)).toBe('2026-11');
    // The fresh copy's figures (issue 13: 18 sporadic, 8 persistent, 2 new on the demo as it was then).
    console.log('emerging classes, demo moved to 2026-12-04:', JSON.stringify(classes(now)));
  });

  it('the grid distribution opens on November, complete', () => {
    expect(copy.analytics.maps.choropleth({}, 'grid', 'count', 'quantile', 5).month).toMatchObject({ month: '2026-11', state: 'complete' });
  });

  it('the overdue board looks like a real center: some open cases overdue, some near due, not all', () => {
    const { open, overdue } = openOverdue(copy);
    const near = copy.cases.list({ dueState: ['near'] }, 0, 1).total;
    console.log(`moved demo on 2026-12-04: ${open} open, ${overdue} of them overdue, ${near} near due`);
    expect(overdue).toBeGreaterThan(0);
    expect(overdue / open).toBeLessThan(0.6);
    expect(near).toBeGreaterThan(0);
  });

  it('the planted patterns are still found: recurring spots and worsening grids', () => {
    const rec = copy.analytics.recurring.recurring({ filter: {}, radiusM: 50, windowDays: 30, minCases: 4, minAddressRepeats: 8, limit: 200 });
    for (const rising of PLANTED_PATTERNS.risingGrids) {
      const row = rec.grids.find((g) => g.gridId === rising.gridId && g.trend.tau > 0.5);
      expect(row, rising.gridCode).toBeDefined();
    }
    const spotGrids = new Set(rec.clusters.map((c) => c.gridId));
    for (const spot of PLANTED_PATTERNS.hotSpots) expect(spotGrids.has(spot.gridId), spot.id).toBe(true);
  });
});
