import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime as bj, HOUR } from '../../electron/services/calendar/work-calendar';
import { GridEditRepository } from '../../electron/services/grids/grid-edit.repository';
import { GridEditService } from '../../electron/services/grids/grid-edit.service';
import { GridRepository } from '../../electron/services/grids/grid.repository';
import { HubCursorRepository } from '../../electron/services/hub/hub-cursor.repository';
import { HubSyncService } from '../../electron/services/hub/hub-sync.service';
import { migratedHub } from '../support/hub-database';
import { openDesk, type Desk } from './sync/sync-desks';

/**
 * Issue 14, grid edits as changes (step B), through the hub: a merge on one desk reaches the other,
 * whose cases in the merged grid (shared ones and its own) all land in the grid that absorbed it;
 * none is lost, and pushing or pulling again changes nothing. Before, the merged grid stayed on
 * the other desk and its own cases in it stayed behind.
 */
describe('grid edits through the hub', () => {
  let now = bj(2026, 11, 23, 9);
  const clock = () => now;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hub-grids-'));
  let client: pg.Client;
  let street: Desk;
  let community: Desk;
  const hubs = new Map<Desk, HubSyncService>();

  beforeAll(async () => {
    ({ client } = await migratedHub());
    street = await openDesk(dir, 'street', clock);
    community = await openDesk(dir, 'community', clock);
    for (const desk of [street, community]) {
      const hub = new HubSyncService(desk.sync, new HubCursorRepository(desk.workspace.db), { hub: 'grids-hub', clock });
      hub.skipHistory(); // the demo's cases stay local: only this test's cases travel
      hubs.set(desk, hub);
    }
  }, 300_000);
  afterAll(async () => {
    await client?.end();
    for (const desk of [street, community]) await desk?.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const db = (desk: Desk) => desk.workspace.db;
  const gridCode = (desk: Desk, caseId: number) =>
    db(desk).get<{ code: string | null }>('SELECT g.code FROM cases c LEFT JOIN regions g ON g.id = c.grid_id WHERE c.id = ?', [caseId])!.code;
  const caseCount = (desk: Desk) => db(desk).get<{ n: number }>('SELECT count(*) AS n FROM cases')!.n;
  const grid = (desk: Desk, code: string) => db(desk).get<{ geometry: string; name: string }>('SELECT geometry, name FROM regions WHERE code = ?', [code]);
  const hubCount = async (table: string) => Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  function newCase(desk: Desk, title: string, code: string): number {
    const g = db(desk).get<{ lng: number; lat: number }>('SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE code = ?', [code])!;
    return desk.cases.create({ source: 'patrol', title, location: { lng: g.lng, lat: g.lat, crs: 'wgs84' } }).id;
  }

  it('carries a merge to the other desk, which loses no case; pushing and pulling twice is harmless', async () => {
    const edits = new GridEditService(new GridEditRepository(db(street)), new GridRepository(db(street)), clock, () => street.staffOf('admin'));
    const pairs = db(street).all<{ keep: string; gone: string }>(
      `SELECT a.code AS keep, b.code AS gone FROM regions a JOIN regions b ON b.parent_id = a.parent_id AND b.id > a.id
       WHERE a.level = 'grid' AND b.level = 'grid' AND a.max_lng >= b.min_lng AND b.max_lng >= a.min_lng AND a.max_lat >= b.min_lat AND b.max_lat >= a.min_lat
       ORDER BY a.code, b.code LIMIT 20`,
    );
    let merged: { keep: string; gone: string } | undefined;
    let shared = 0;
    let own = 0;
    for (const p of pairs) {
      // A case both desks hold (born on the street desk) and one only the community desk has, both in the grid to be merged away.
      shared = newCase(street, '合并测试：共享案件', p.gone);
      own = newCase(community, '合并测试：本站案件', p.gone);
      if (gridCode(street, shared) !== p.gone || gridCode(community, own) !== p.gone) continue;
      await hubs.get(street)!.push(client);
      await hubs.get(community)!.pull(client);
      now += HOUR;
      try {
        edits.merge(db(street).get<{ id: number }>('SELECT id FROM regions WHERE code = ?', [p.keep])!.id, db(street).get<{ id: number }>('SELECT id FROM regions WHERE code = ?', [p.gone])!.id);
      } catch {
        continue; // not adjacent after all: the next pair
      }
      merged = p;
      break;
    }
    expect(merged).toBeDefined();
    const { keep, gone } = merged!;
    const uid = street.sync.extract([shared])[0]!.caseUid;
    const there = community.caseId(uid)!;
    expect(gridCode(community, there)).toBe(gone);

    const held = caseCount(community);
    // Every case the community desk has in the grid to be merged away: the demo's (its own copies) and the two of this test.
    const inGone = db(community).all<{ id: number }>('SELECT c.id FROM cases c JOIN regions g ON g.id = c.grid_id WHERE g.code = ?', [gone]).map((r) => r.id);
    expect(inGone).toEqual(expect.arrayContaining([there, own]));
    await hubs.get(street)!.push(client);
    await hubs.get(street)!.push(client);
    expect(await hubCount('region_edits')).toBe(2); // the merged-away grid and the grid that grew
    const pulled = await hubs.get(community)!.pull(client);
    expect(pulled.regionEdits).toBe(2);
    expect(pulled.unknownCodes).toEqual([]);

    expect(grid(community, gone)).toBeUndefined();
    expect(grid(community, keep)).toEqual(grid(street, keep));
    // The street desk's moved demo cases arrive as cases of its own (the desks began as copies); none of the community's goes.
    expect(caseCount(community)).toBe(held + pulled.newCases);
    expect(inGone.map((id) => gridCode(community, id))).toEqual(inGone.map(() => keep));
    expect(gridCode(community, there)).toBe(keep);
    expect(gridCode(community, own)).toBe(keep);
    // The shared case moved once, by the street desk's event; the community's own case by an event of its own (so a replay keeps it).
    const moves = (caseId: number) => db(community).get<{ n: number }>(`SELECT count(*) AS n FROM case_events WHERE case_id = ? AND action = 'grid_moved'`, [caseId])!.n;
    expect([moves(there), moves(own)]).toEqual([1, 1]);
    expect(community.sync.canonical([there])).toEqual(street.sync.canonical([shared]));

    // Pulling again brings nothing; the community's own case reaches the street desk in the grid that absorbed it.
    const again = await hubs.get(community)!.pull(client);
    expect(again).toMatchObject({ newCases: 0, newEvents: 0 });
    expect(caseCount(community)).toBe(held + pulled.newCases);
    await hubs.get(community)!.push(client);
    await hubs.get(street)!.pull(client);
    const ownUid = community.sync.extract([own])[0]!.caseUid;
    expect(gridCode(street, street.caseId(ownUid)!)).toBe(keep);
    expect(await hubCount('region_edits')).toBe(2);
    const hubRow = await client.query<{ grid_code: string }>('SELECT grid_code FROM cases WHERE uid = ANY($1::text[]) ORDER BY uid', [[uid, ownUid]]);
    expect(hubRow.rows.map((r) => r.grid_code)).toEqual([keep, keep]);
  }, 300_000);
});
