import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateCounts } from '../../electron/contract';
import { HOUR, beijingTime as bj } from '../../electron/services/calendar/work-calendar';
import { CaseRepository } from '../../electron/services/cases/case.repository';
import { HubCursorRepository } from '../../electron/services/hub/hub-cursor.repository';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { hubMonthRates, type HubMonthRates } from '../../electron/services/hub/hub-rates.service';
import { HubSyncService } from '../../electron/services/hub/hub-sync.service';
import { hubMigrations } from '../../electron/services/hub/migrations';
import { ratesOf } from '../../electron/services/rates/rate-formulas';
import { RatesRepository } from '../../electron/services/rates/rates.repository';
import { RatesService, monthBounds } from '../../electron/services/rates/rates.service';
import { createTestDatabase } from '../support/pg-cluster.mjs';
import { migratedHub } from '../support/hub-database';
import { writeAsOlderPush } from '../support/old-hub-writer';
import { openDesk, type Desk } from './sync/sync-desks';

/**
 * The city-wide three rates on the hub (migration 002's aggregate, and the plain count over the
 * case rows) equal the workstation's own rates on the same cases: a real demo workspace's cases
 * pushed by HubSyncService, compared street by street with RatesService, count by count. Then work
 * on those cases (responses, callbacks, a reopen, a merge) is pushed, and the aggregate follows.
 */
describe('three rates on the hub', () => {
  let now = bj(2026, 11, 2, 9);
  const clock = () => now;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hub-rates-'));
  let client: pg.Client;
  let desk: Desk;
  let rates: RatesService;
  let hub: HubSyncService;
  let month: string;
  let streetCode: Map<number, string>;

  beforeAll(async () => {
    ({ client } = await migratedHub());
    desk = await openDesk(dir, 'district', clock);
    const db = desk.workspace.db;
    rates = new RatesService(new RatesRepository(db), new CaseRepository(db), () => ({ id: 1 }), clock);
    month = rates.coverage().lastComplete!;
    streetCode = new Map(db.all<{ id: number; code: string }>(`SELECT id, code FROM regions WHERE level = 'street'`).map((r) => [r.id, r.code]));
    // Push the cases of `month` and after (every case with an event from the month's first case's on).
    const { from, to } = monthBounds(month);
    const first = db.get<{ id: number }>(
      `SELECT min(e.id) AS id FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.received_at >= ? AND c.received_at < ?`, [from, to],
    )!.id;
    const cursors = new HubCursorRepository(db);
    cursors.advance('rates-hub', { pushedEventId: first - 1 });
    hub = new HubSyncService(desk.sync, cursors, { hub: 'rates-hub', clock });
    const pushed = await hub.push(client);
    expect(pushed.cases).toBeGreaterThan(3000);
  }, 600_000);

  afterAll(async () => {
    await client?.end().catch(() => undefined);
    await desk?.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The local ranking's counts keyed by street code, and its totals. */
  function local(m: string): { byStreet: Record<string, RateCounts>; total: RateCounts } {
    const ranking = rates.ranking(m, 'street');
    return {
      byStreet: Object.fromEntries(ranking.rows.map((r) => [streetCode.get(r.unitId)!, r.counts])),
      total: ranking.totals,
    };
  }

  function byStreet(result: HubMonthRates): Record<string, RateCounts> {
    return Object.fromEntries(result.streets.map((s) => [s.streetCode, s.counts]));
  }

  const pick = ({ response, resolution, satisfaction, composite }: ReturnType<typeof ratesOf>) => ({ response, resolution, satisfaction, composite });

  async function expectSame(m: string): Promise<HubMonthRates> {
    const settings = rates.settings();
    const fromAggregate = await hubMonthRates(client, m, { settings, now });
    const fromCases = await hubMonthRates(client, m, { settings, now, from: 'cases' });
    const mine = local(m);
    expect(byStreet(fromAggregate)).toEqual(mine.byStreet);
    expect(byStreet(fromCases)).toEqual(mine.byStreet);
    expect(fromAggregate.total.counts).toEqual(mine.total);
    const { response, resolution, satisfaction, composite } = fromAggregate.total;
    expect({ response, resolution, satisfaction, composite }).toEqual(pick(ratesOf(mine.total, settings)));
    return fromAggregate;
  }

  it('equals the workstation\'s rates for a complete month, street by street, count by count', async () => {
    const result = await expectSame(month);
    expect(result.total.counts.cases).toBeGreaterThan(3000);
    expect(result.streets.length).toBe(17);
    expect(result.total.counts.rated).toBeGreaterThan(0);
    expect(result.coverage.state).toBe('complete');
    // A district's streets only: Dongcheng's code prefix keeps them all, another district's none.
    const code = result.streets[0]!.streetCode.slice(0, 6);
    const settings = rates.settings();
    expect((await hubMonthRates(client, month, { settings, now, districtCode: code })).total.counts).toEqual(result.total.counts);
    expect((await hubMonthRates(client, month, { settings, now, districtCode: '999999' })).streets).toEqual([]);
  });

  it('calls the month in progress partial, as the workstation does', async () => {
    const current = new Date(now + 8 * HOUR).toISOString().slice(0, 7);
    const result = await hubMonthRates(client, current, { settings: rates.settings(), now });
    expect(result.coverage.state).toBe(rates.monthInfo(current).state);
    expect(result.coverage.state).toBe('partial');
    expect(result.coverage.inProgress).toBe(true);
  });

  it('follows pushed work: answers, callbacks, a reopen, a merge and a new case not yet due', async () => {
    const db = desk.workspace.db;
    const { from, to } = monthBounds(month);
    const ofStatus = (status: string, limit: number) => db.all<{ id: number }>(
      `SELECT id FROM cases WHERE status = ? AND merged_into_id IS NULL AND received_at >= ? AND received_at < ? ORDER BY id LIMIT ?`,
      [status, from, to, limit],
    ).map((r) => r.id);
    const operator = desk.staffOf('operator');
    const before = (await hubMonthRates(client, month, { settings: rates.settings(), now })).total.counts;
    now += HOUR;
    const closed = ofStatus('closed', 40).filter((id) => db.get<{ c: number | null }>('SELECT callback_at AS c FROM cases WHERE id = ?', [id])!.c === null);
    for (const id of closed.slice(0, 5)) desk.workflow.transition(id, 'callback', { solved: true, satisfaction: 'basically_satisfied' }, operator);
    const unsatisfied = db.get<{ id: number }>(
      `SELECT id FROM cases WHERE satisfaction = 'unsatisfied' AND status = 'closed' AND merged_into_id IS NULL AND received_at >= ? AND received_at < ? LIMIT 1`,
      [from, to],
    );
    if (unsatisfied) desk.workflow.transition(unsatisfied.id, 'reopen', { note: '回访不满意，重办' }, operator);
    const [duplicate, into] = ofStatus('closed', 60).slice(-2) as [number, number];
    desk.workflow.merge(duplicate, into);
    // A case received now: its response limit is ahead, so it is not judged yet (current month).
    const grid = db.get<{ lng: number; lat: number }>(`SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1`)!;
    const category = db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
    desk.cases.create({ source: 'hotline', categoryId: category.id, title: '中心库三率测试：占道经营', location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' } });

    await hub.push(client);
    const after = (await expectSame(month)).total.counts;
    expect(after.cases).toBe(before.cases - 1);
    expect(after.rated).toBeGreaterThan(before.rated);
    expect(after.basicallySatisfied).toBeGreaterThan(before.basicallySatisfied);
    const current = new Date(now + 8 * HOUR).toISOString().slice(0, 7);
    await expectSame(current);

    // Later, the new case's limit has passed unanswered: now it is judged, and missed.
    const judgedBefore = (await hubMonthRates(client, current, { settings: rates.settings(), now })).total.counts.responseJudged;
    now += 30 * 24 * HOUR;
    const later = await expectSame(current);
    expect(later.total.counts.responseJudged).toBeGreaterThan(judgedBefore);
  });

  it('counts the cases already on a version-1 hub when migration 002 comes, merged ones excluded', async () => {
    const old = new pg.Client({ connectionString: await createTestDatabase() });
    await old.connect();
    try {
      await migrateHub(old, hubMigrations.slice(0, 1), null);
      const cursors = new HubCursorRepository(desk.workspace.db);
      const { from, to } = monthBounds(month);
      const first = desk.workspace.db.get<{ id: number }>(
        `SELECT min(e.id) AS id FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.received_at >= ? AND c.received_at < ?`, [from, to],
      )!.id;
      // What a push of schema version 1 wrote: the month's cases with every change.
      await writeAsOlderPush(old, desk.sync.extract(cursors.casesWithEventsAfter(first - 1, cursors.lastEventId())));
      expect((await migrateHub(old, hubMigrations, null)).applied.map((m) => m.version)).toEqual(hubMigrations.slice(1).map((m) => m.version));
      const upgraded = await hubMonthRates(old, month, { settings: rates.settings(), now });
      expect(byStreet(upgraded)).toEqual(local(month).byStreet);
      expect((await old.query('SELECT count(*)::int AS n FROM cases WHERE merged')).rows[0].n).toBeGreaterThan(0);
    } finally {
      await old.end();
    }
  });
});
