import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Geometry, RegionEdit } from '../../../electron/contract';
import { beijingTime as bj } from '../../../electron/services/calendar/work-calendar';
import { openDesk, type Desk } from './sync-desks';

/**
 * Issue 14, grid edits: a grid received before the community it lies in (another desk drew or
 * imported both; the packages came in the other order) waits, logged; it takes its place when the
 * community arrives; receiving both again changes nothing.
 */
describe('a received region whose parent arrives later', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-region-parents-'));
  const clock = () => bj(2026, 11, 26, 10);
  let desk: Desk;
  const STREET = '110101017';
  const COMMUNITY = '110101017-a1b2c3-1';
  const GRID = '110101017-a1b2c3-2';
  let shape: Geometry;

  beforeAll(async () => {
    desk = await openDesk(dir, 'desk', clock);
    shape = JSON.parse(desk.workspace.db.get<{ geometry: string }>(
      "SELECT g.geometry FROM regions g JOIN regions c ON c.id = g.parent_id JOIN regions s ON s.id = c.parent_id WHERE g.level = 'grid' AND s.code = ? ORDER BY g.code LIMIT 1",
      [STREET],
    )!.geometry) as Geometry;
  }, 120_000);
  afterAll(async () => {
    await desk?.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const edit = (code: string, parentCode: string, level: RegionEdit['level'], hlc: string): RegionEdit => ({
    id: `elsewhere:r${hlc}`, hlc, origin: 'elsewhere', code, parentCode, level, name: `新${level === 'grid' ? '网格' : '社区'} ${code}`,
    geometry: shape, households: null, deleted: false, deletedInto: null,
    place: { street: STREET, community: level === 'community' ? code : COMMUNITY, grid: level === 'grid' ? code : null },
  });
  const parentOf = (code: string) => desk.workspace.db.get<{ parent: string | null }>(
    'SELECT p.code AS parent FROM regions r LEFT JOIN regions p ON p.id = r.parent_id WHERE r.code = ?', [code],
  )?.parent;

  it('places the waiting grid once its community comes, and counts nothing twice', () => {
    const regionsBefore = desk.workspace.db.get<{ n: number }>('SELECT count(*) AS n FROM regions')!.n;
    const first = desk.sync.apply([], [edit(GRID, COMMUNITY, 'grid', '1795000000001-0001')], []);
    expect(first.unknownCodes).toContain(`region:${COMMUNITY}`);
    expect(parentOf(GRID)).toBeUndefined();

    desk.sync.apply([], [edit(COMMUNITY, STREET, 'community', '1795000000000-0001')], []);
    expect(parentOf(COMMUNITY)).toBe(STREET);
    expect(parentOf(GRID)).toBe(COMMUNITY);
    expect(desk.workspace.db.get<{ n: number }>('SELECT count(*) AS n FROM regions')!.n).toBe(regionsBefore + 2);

    // Both again: held already, nothing changes.
    const again = desk.sync.apply([], [edit(COMMUNITY, STREET, 'community', '1795000000000-0001'), edit(GRID, COMMUNITY, 'grid', '1795000000001-0001')], []);
    expect(again.regionEdits ?? 0).toBe(0);
    expect(desk.workspace.db.get<{ n: number }>('SELECT count(*) AS n FROM regions')!.n).toBe(regionsBefore + 2);
  });

  it('names what a received reshape leaves wrong here (an overlap with a sibling), and still applies it', () => {
    // Another desk reshaped a grid to its neighbour's outline while this desk was apart.
    const [mine, neighbour] = desk.workspace.db.all<{ code: string; name: string; parent: string; geometry: string }>(
      `SELECT g.code, g.name, c.code AS parent, g.geometry FROM regions g JOIN regions c ON c.id = g.parent_id
       WHERE g.level = 'grid' AND c.code = (SELECT c2.code FROM regions c2 JOIN regions s ON s.id = c2.parent_id JOIN regions g2 ON g2.parent_id = c2.id
                                            WHERE c2.level = 'community' AND s.code = ? GROUP BY c2.code HAVING count(*) >= 2 ORDER BY c2.code LIMIT 1)
       ORDER BY g.code LIMIT 2`,
      [STREET],
    );
    const reshaped: RegionEdit = {
      ...edit(mine!.code, mine!.parent, 'grid', '1795000000002-0001'), name: mine!.name, geometry: JSON.parse(neighbour!.geometry) as Geometry,
      place: { street: STREET, community: mine!.parent, grid: mine!.code },
    };
    const report = desk.sync.apply([], [reshaped], []);
    expect(report.regionEdits).toBe(1);
    expect(desk.workspace.db.get<{ geometry: string }>('SELECT geometry FROM regions WHERE code = ?', [mine!.code])!.geometry).toBe(neighbour!.geometry);
    expect(report.regionProblems).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`${mine!.name}.*${neighbour!.name}.*重叠|${neighbour!.name}.*${mine!.name}.*重叠`))]));
  });
});
