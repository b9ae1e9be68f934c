import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime as bj, HOUR } from '../../electron/services/calendar/work-calendar';
import { GridEditRepository } from '../../electron/services/grids/grid-edit.repository';
import { GridEditService } from '../../electron/services/grids/grid-edit.service';
import { GridRepository } from '../../electron/services/grids/grid.repository';
import type { Geometry, RegionEdit } from '../../electron/contract';
import { HubCursorRepository } from '../../electron/services/hub/hub-cursor.repository';
import { HubLinkRepository } from '../../electron/services/hub/hub-link.repository';
import { HubLinkService } from '../../electron/services/hub/hub-link.service';
import { insertRegionEdits } from '../../electron/services/hub/hub-region-edits.repository';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { hubMigrations, hubPostgisScript } from '../../electron/services/hub/migrations';
import { createTestDatabase } from '../support/pg-cluster.mjs';
import { referenceWriters } from './sync/reference-desk';
import { openDesk, type Desk } from './sync/sync-desks';

/**
 * What the hub link says is waiting (待上传) counts grid edits and roster/settings edits as well as
 * the cases' changes, each shown apart, and falls back to 0 once a push took them. Before, it
 * counted case events only: a desk whose only unsent work was a reshaped grid said nothing waited.
 */
describe('the hub link counts every kind of waiting change', () => {
  let now = bj(2026, 12, 7, 9);
  const clock = () => now;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hub-waiting-'));
  let desk: Desk;
  let link: HubLinkService;
  let address: string;

  beforeAll(async () => {
    const url = new URL(await createTestDatabase());
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await migrateHub(admin, hubMigrations, hubPostgisScript);
    await admin.end();
    address = url.toString();
    desk = await openDesk(dir, 'street', clock);
    link = new HubLinkService({
      sync: desk.sync, cursors: new HubCursorRepository(desk.workspace.db), repo: new HubLinkRepository(desk.workspace.db),
      commitSeq: () => desk.workspace.db.lastSeq, actorStaffId: () => null, readOnly: false,
      // Pushes wait for syncNow: what is counted stays put while the test reads it.
      timing: { watchMs: 50, pushDebounceMs: 600_000, pullEveryMs: 600_000, retryMinMs: 200, retryMaxMs: 1000 },
    });
  }, 300_000);
  afterAll(async () => {
    await link?.stop();
    await desk?.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a reshaped grid and a department wait apart from case changes, and are gone after a push', async () => {
    await link.configure({ address, enabled: true, shareHistory: false });
    await link.syncNow();
    expect(link.state()).toMatchObject({ status: 'connected', waiting: 0 });

    now += HOUR;
    referenceWriters(desk, clock).department('DPT-WAIT-01', '待上传测试部门');
    const db = desk.workspace.db;
    const grid = db.get<{ id: number; geometry: string }>(
      `SELECT id, geometry FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1`,
    )!;
    const edits = new GridEditService(new GridEditRepository(db), new GridRepository(db), clock, () => desk.staffOf('admin'));
    // A reshape to the same outline: one region edit, no case moves.
    edits.reshape(grid.id, JSON.parse(grid.geometry));
    const waiting = link.state();
    expect(waiting.waiting).toBe(2);
    expect(waiting.waitingOf).toEqual({ changes: 0, regionEdits: 1, referenceEdits: 1 });

    await link.syncNow();
    expect(link.state()).toMatchObject({ waiting: 0, waitingOf: { changes: 0, regionEdits: 0, referenceEdits: 0 } });
  }, 120_000);

  it('names what a pulled grid edit leaves wrong here, in the link\'s state', async () => {
    // Another desk, apart, gave a grid its neighbour's outline: the pull applies it and says it overlaps.
    const db = desk.workspace.db;
    const [mine, neighbour] = db.all<{ code: string; name: string; parent: string; street: string; geometry: string }>(
      `SELECT g.code, g.name, c.code AS parent, s.code AS street, g.geometry FROM regions g JOIN regions c ON c.id = g.parent_id JOIN regions s ON s.id = c.parent_id
       WHERE g.level = 'grid' AND c.id = (SELECT parent_id FROM regions WHERE level = 'grid' GROUP BY parent_id HAVING count(*) >= 2 ORDER BY parent_id LIMIT 1)
       ORDER BY g.code LIMIT 2`,
    );
    const edit: RegionEdit = {
      id: 'elsewhere:r1797000000000-0001', hlc: '1797000000000-0001', origin: 'elsewhere', code: mine!.code, parentCode: mine!.parent, level: 'grid',
      name: mine!.name, geometry: JSON.parse(neighbour!.geometry) as Geometry, households: null, deleted: false, deletedInto: null,
      place: { street: mine!.street, community: mine!.parent, grid: mine!.code },
    };
    const client = new pg.Client({ connectionString: address });
    await client.connect();
    await insertRegionEdits(client, [edit]);
    await client.end();
    expect(link.state().regionProblems).toEqual([]);
    await link.syncNow();
    expect(link.state().regionProblems).toEqual(expect.arrayContaining([expect.stringContaining(`${neighbour!.name}`)]));
    expect(link.state().regionProblems.join('；')).toMatch(/重叠/);
  }, 120_000);
});
