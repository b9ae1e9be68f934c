import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../electron/contract';
import { HOUR, beijingTime as bj } from '../../electron/services/calendar/work-calendar';
import { GridEditRepository } from '../../electron/services/grids/grid-edit.repository';
import { GridEditService } from '../../electron/services/grids/grid-edit.service';
import { GridRepository } from '../../electron/services/grids/grid.repository';
import { HubCaseNamesRepository } from '../../electron/services/hub/hub-case-names.repository';
import { HubCursorRepository } from '../../electron/services/hub/hub-cursor.repository';
import {
  HubHeatCodesRepository, heatCellsFromAggregate, heatCellsFromCases, type HubHeatCell, type HubHeatQuery,
} from '../../electron/services/hub/hub-heat.repository';
import { HubHeatService } from '../../electron/services/hub/hub-heat.service';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { HubSyncService } from '../../electron/services/hub/hub-sync.service';
import { hubMigrations, hubPostgisScript } from '../../electron/services/hub/migrations';
import { monthBounds } from '../../electron/services/rates/rates.service';
import { RatesRepository } from '../../electron/services/rates/rates.repository';
import { RatesService } from '../../electron/services/rates/rates.service';
import { CaseRepository } from '../../electron/services/cases/case.repository';
import { createTestDatabase } from '../support/pg-cluster.mjs';
import { openDesk, type Desk } from './sync/sync-desks';

/**
 * The city's heat on the hub (migration 007): the aggregates equal the plain count over the raw
 * case rows, cell by cell, for months, categories, areas and scopes, after a real demo desk's push,
 * and after work on those cases (status changes, a grid merge moving cases, a duplicate merged, a
 * new case) is pushed. The counts also equal the desk's own cases of the month; the service keeps
 * a reader within their scope.
 */
describe('heat on the hub', () => {
  let now = bj(2026, 11, 2, 9);
  const clock = () => now;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hub-heat-'));
  let client: pg.Client;
  let url: string;
  let desk: Desk;
  let hub: HubSyncService;
  let month: string;
  let firstEvent: number;

  const total = (cells: HubHeatCell[]) => cells.reduce((sum, c) => sum + c.cases, 0);
  const code = (sql: string, params: (string | number)[] = []) => desk.workspace.db.get<{ code: string }>(sql, params)!.code;

  /** Both readers agree, and the answer is not empty (an empty answer would agree with anything). */
  async function expectSame(q: HubHeatQuery): Promise<HubHeatCell[]> {
    const fromAggregate = await heatCellsFromAggregate(client, q);
    expect(fromAggregate).toEqual(await heatCellsFromCases(client, q));
    expect(fromAggregate.length, JSON.stringify(q)).toBeGreaterThan(0);
    return fromAggregate;
  }

  /** The desk's own count of the month's mappable cases, merged duplicates left out. */
  function deskCount(m: string, where = '1 = 1', params: (string | number)[] = []): number {
    const { from, to } = monthBounds(m);
    return desk.workspace.db.get<{ n: number }>(
      `SELECT count(*) AS n FROM cases WHERE received_at >= ? AND received_at < ? AND merged_into_id IS NULL AND lng IS NOT NULL AND lat IS NOT NULL AND ${where}`,
      [from, to, ...params],
    )!.n;
  }

  beforeAll(async () => {
    url = await createTestDatabase();
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await migrateHub(client, hubMigrations, hubPostgisScript);
    desk = await openDesk(dir, 'district', clock);
    const db = desk.workspace.db;
    const rates = new RatesService(new RatesRepository(db), new CaseRepository(db), () => ({ id: 1 }), clock);
    month = rates.coverage().lastComplete!;
    const { from, to } = monthBounds(month);
    firstEvent = db.get<{ id: number }>(
      `SELECT min(e.id) AS id FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.received_at >= ? AND c.received_at < ?`, [from, to],
    )!.id;
    const cursors = new HubCursorRepository(db);
    cursors.advance('heat-hub', { pushedEventId: firstEvent - 1 });
    hub = new HubSyncService(desk.sync, cursors, { hub: 'heat-hub', clock });
    expect((await hub.push(client)).cases).toBeGreaterThan(3000);
  }, 600_000);

  afterAll(async () => {
    await client?.end().catch(() => undefined);
    await desk?.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('equals the count over the case rows for months, categories, areas and scopes, and the desk\'s own cases', async () => {
    const all = await expectSame({});
    const monthCells = await expectSame({ fromMonth: month, toMonth: month });
    expect(total(monthCells)).toBe(deskCount(month));
    const onHub = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM cases WHERE NOT merged AND lng IS NOT NULL AND lat IS NOT NULL');
    expect(total(all)).toBe(onHub.rows[0]!.n);
    expect(total(await expectSame({ fromMonth: month }))).toBeGreaterThanOrEqual(total(monthCells));
    // A major class: its minor classes' codes, as the desk's filter counts it.
    const codes = new HubHeatCodesRepository(desk.workspace.db);
    const major = desk.workspace.db.get<{ id: number }>(
      `SELECT p.id FROM categories p JOIN categories c ON c.parent_id = p.id JOIN cases k ON k.category_id = c.id GROUP BY p.id ORDER BY count(*) DESC LIMIT 1`,
    )!.id;
    const categories = codes.categoryCodes(major);
    expect(categories.length).toBeGreaterThan(1);
    const ofMajor = await expectSame({ fromMonth: month, toMonth: month, categories });
    expect(total(ofMajor)).toBe(deskCount(month, 'category_id IN (SELECT id FROM categories WHERE parent_id = ?)', [major]));
    expect(total(ofMajor)).toBeLessThan(total(monthCells));
    const street = code(`SELECT code FROM regions WHERE level = 'street' ORDER BY code LIMIT 1 OFFSET 3`);
    const community = code(
      `SELECT r.code FROM regions r JOIN cases c ON c.community_id = r.id JOIN categories k ON k.id = c.category_id AND k.parent_id = ?
       GROUP BY r.id ORDER BY count(*) DESC LIMIT 1`, [major],
    );
    const grid = code(`SELECT g.code FROM regions g JOIN cases c ON c.grid_id = g.id GROUP BY g.id ORDER BY count(*) DESC LIMIT 1`);
    const ofStreet = await expectSame({ fromMonth: month, toMonth: month, area: { level: 'street', code: street } });
    expect(total(ofStreet)).toBe(deskCount(month, 'street_id = (SELECT id FROM regions WHERE code = ?)', [street]));
    await expectSame({ area: { level: 'district', code: street.slice(0, 6) } });
    await expectSame({ area: { level: 'community', code: community }, categories });
    await expectSame({ scope: { grids: [grid] } });
    const scoped = await expectSame({ fromMonth: month, toMonth: month, scope: { streets: [street], communities: [community] } });
    expect(total(scoped)).toBeGreaterThan(total(ofStreet));
    expect(total(scoped)).toBeLessThan(total(monthCells));
    // Sources are not in the aggregates: only the case rows answer them.
    const hotline = await heatCellsFromCases(client, { fromMonth: month, toMonth: month, sources: ['hotline'] });
    expect(total(hotline)).toBe(deskCount(month, `source = 'hotline'`));
    await expect(heatCellsFromAggregate(client, { sources: ['hotline'] })).rejects.toThrow(/no sources/);
  });

  it('follows pushed work: status changes, a grid merge moving cases, a merged duplicate and a new case', async () => {
    const db = desk.workspace.db;
    const { from, to } = monthBounds(month);
    const before = total(await expectSame({ fromMonth: month, toMonth: month }));
    now += HOUR;
    const operator = desk.staffOf('operator');
    const open = db.all<{ id: number }>(
      `SELECT id FROM cases WHERE status = 'received' AND merged_into_id IS NULL AND received_at >= ? AND received_at < ? ORDER BY id LIMIT 5`, [from, to],
    );
    for (const { id } of open) desk.workflow.transition(id, 'register', {}, operator);
    const [duplicate, into] = db.all<{ id: number }>(
      `SELECT id FROM cases WHERE status = 'closed' AND merged_into_id IS NULL AND lng IS NOT NULL AND received_at >= ? AND received_at < ? ORDER BY id LIMIT 2`, [from, to],
    ).map((r) => r.id) as [number, number];
    desk.workflow.merge(duplicate, into);
    // Two neighbouring grids of one community, the one merged away holding cases of the month.
    const edits = new GridEditService(new GridEditRepository(db), new GridRepository(db), clock, () => desk.staffOf('admin'));
    const pairs = db.all<{ keep: number; gone: number; keepCode: string; goneCode: string }>(
      `SELECT a.id AS keep, b.id AS gone, a.code AS keepCode, b.code AS goneCode FROM regions a JOIN regions b ON b.parent_id = a.parent_id AND b.id > a.id
       WHERE a.level = 'grid' AND b.level = 'grid' AND a.max_lng >= b.min_lng AND b.max_lng >= a.min_lng AND a.max_lat >= b.min_lat AND b.max_lat >= a.min_lat
         AND EXISTS (SELECT 1 FROM cases c WHERE c.grid_id = b.id AND c.received_at >= ? AND c.received_at < ?)
       ORDER BY a.code, b.code LIMIT 20`, [from, to],
    );
    let merged: (typeof pairs)[number] | undefined;
    for (const p of pairs) {
      try {
        edits.merge(p.keep, p.gone);
        merged = p;
        break;
      } catch {
        // not adjacent after all: the next pair
      }
    }
    expect(merged).toBeDefined();
    const keepBefore = total(await heatCellsFromAggregate(client, { area: { level: 'grid', code: merged!.keepCode } }));
    const goneBefore = total(await expectSame({ area: { level: 'grid', code: merged!.goneCode } }));
    const grid = db.get<{ lng: number; lat: number }>(`SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1`)!;
    const category = db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
    desk.cases.create({ source: 'hotline', categoryId: category.id, title: '中心库热力测试：占道经营', location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' } });

    await hub.push(client);
    expect(total(await expectSame({ fromMonth: month, toMonth: month }))).toBe(before - 1);
    expect(total(await expectSame({ fromMonth: month, toMonth: month }))).toBe(deskCount(month));
    expect(await heatCellsFromAggregate(client, { area: { level: 'grid', code: merged!.goneCode } })).toEqual([]);
    // The merge moved every case of the grid, older ones too: those come to the hub with their move.
    expect(total(await expectSame({ area: { level: 'grid', code: merged!.keepCode } }))).toBeGreaterThanOrEqual(keepBefore + goneBefore);
    const current = new Date(now + 8 * HOUR).toISOString().slice(0, 7);
    expect(total(await expectSame({ fromMonth: current, toMonth: current }))).toBe(1);
    // Zero rows left behind by moves are never shown, and a rebuild gives the same answers.
    const everything = await expectSame({});
    await client.query('SELECT hub_heat_rebuild()');
    expect(await heatCellsFromAggregate(client, {})).toEqual(everything);
  });

  it('keeps a reader within their scope: a street account sees its street, a department account its department\'s cases', async () => {
    let scope: Scope = { kind: 'all' };
    const db = desk.workspace.db;
    const service = new HubHeatService({
      open: async () => {
        const reader = new pg.Client({ connectionString: url });
        await reader.connect();
        return reader;
      },
      codes: new HubHeatCodesRepository(db), names: new HubCaseNamesRepository(db), scope: () => scope, now: clock,
    });
    const input = { filter: {}, fromMonth: month, toMonth: month, bandwidthM: 250, kernel: 'quartic' as const };
    const city = await service.heat(input);
    expect(city.cases).toBe(deskCount(month));
    expect(city.month?.state).toBe('complete');
    expect(city.from).toBe('aggregate');
    expect(city.months.at(-1)?.inProgress).toBe(true);
    expect(city.max).toBeGreaterThan(0);
    const street = db.get<{ id: number; code: string }>(`SELECT id, code FROM regions WHERE level = 'street' ORDER BY code LIMIT 1 OFFSET 2`)!;
    scope = { kind: 'street', regionIds: [street.id] };
    const own = await service.heat(input);
    expect(own.cases).toBe(deskCount(month, 'street_id = ?', [street.id]));
    expect(own.cases).toBeLessThan(city.cases);
    // Another street asked for by a street account: nothing of it.
    const other = db.get<{ id: number }>(`SELECT id FROM regions WHERE level = 'street' AND id <> ? ORDER BY code LIMIT 1`, [street.id])!.id;
    expect((await service.heat({ ...input, filter: { regionId: other } })).cases).toBe(0);
    // A source: counted from the case rows, within the scope still.
    const hotline = await service.heat({ ...input, filter: { source: ['hotline'] } });
    expect(hotline.from).toBe('cases');
    expect(hotline.cases).toBe(deskCount(month, `street_id = ? AND source = 'hotline'`, [street.id]));
    // A department account: the cases it led or was summoned to (migration 006), counted from the case rows.
    scope = { kind: 'department', departmentId: 1 };
    const department = await service.heat(input);
    expect(department.from).toBe('cases');
    expect(department.cases).toBeGreaterThanOrEqual(deskCount(month, 'lead_department_id = 1'));
    expect(department.cases).toBeGreaterThan(0);
    expect(department.cases).toBeLessThan(city.cases);
  });

  it('counts the cases already on a version-6 hub when migration 007 comes', async () => {
    const old = new pg.Client({ connectionString: await createTestDatabase() });
    await old.connect();
    try {
      await migrateHub(old, hubMigrations.slice(0, 6), null);
      const cursors = new HubCursorRepository(desk.workspace.db);
      cursors.advance('old-hub', { pushedEventId: firstEvent - 1 });
      await new HubSyncService(desk.sync, cursors, { hub: 'old-hub', clock }).push(old);
      expect((await migrateHub(old, hubMigrations, null)).applied.map((m) => m.version)).toEqual([7]);
      const upgraded = await heatCellsFromAggregate(old, { fromMonth: month, toMonth: month });
      expect(upgraded).toEqual(await heatCellsFromAggregate(client, { fromMonth: month, toMonth: month }));
      expect(total(upgraded)).toBe(deskCount(month));
    } finally {
      await old.end();
    }
  });
});
