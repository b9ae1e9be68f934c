import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Geometry } from '../../../electron/contract';
import { ArchiveRepository } from '../../../electron/services/archive/archive.repository';
import { ArchiveService } from '../../../electron/services/archive/archive.service';
import { beijingTime as bj, HOUR } from '../../../electron/services/calendar/work-calendar';
import { openPackage, readPackage } from '../../../electron/services/exchange/package-format';
import { areaM2, bboxOf, interiorPoint } from '../../../electron/services/geo/polygon-math';
import { GridEditRepository } from '../../../electron/services/grids/grid-edit.repository';
import { GridEditService } from '../../../electron/services/grids/grid-edit.service';
import { splitShape } from '../../../electron/services/grids/grid-geometry';
import { GridRepository } from '../../../electron/services/grids/grid.repository';
import { SyncRepository } from '../../../electron/services/sync/sync.repository';
import { SyncService } from '../../../electron/services/sync/sync.service';
import { desksDir, doAction, type ExchangeDesk, COMMUNITY, closeDesks, openStreetAndCommunity } from '../exchange/exchange-desks';


/**
 * A slim case is never replayed as it stands: replaying folds its base and every later event, and
 * most of those are in its archive file. Here the replay comes not from a change of the case but
 * from a grid that becomes known: the case arrived while its grid was unknown here (its base names
 * the code), was closed and then archived; when the grid edit arrives, the case is replayed to put
 * it in the grid — and must come back in full first, or it falls back to the state of its base.
 */
describe('a slim case replayed because its grid became known', () => {
  let now = bj(2026, 11, 16, 9);
  const clock = () => now;
  let dir: string;
  let street: ExchangeDesk;
  let community: ExchangeDesk;

  beforeAll(async () => {
    dir = desksDir();
    ({ street, community } = await openStreetAndCommunity(dir, clock));
  }, 180_000);
  afterAll(() => closeDesks(dir, [street, community]));

  it('comes back in full before the replay and lands in the grid, still closed', async () => {
    // A grid split off on the street desk, and a case made in it there.
    const first = street.workspace.db.get<{ id: number; name: string; geometry: string }>(
      `SELECT g.id, g.name, g.geometry FROM regions g JOIN regions c ON c.id = g.parent_id WHERE g.level = 'grid' AND c.code = ? ORDER BY g.code LIMIT 1`, [COMMUNITY],
    )!;
    const shape = JSON.parse(first.geometry) as Geometry;
    const [w, s, e, n] = bboxOf(shape);
    const x = w + (e - w) * 0.3;
    const line: [number, number][] = [[x, s - 0.001], [x, n + 0.001]];
    const [a, b] = splitShape(shape, line, first.name);
    const given = areaM2(a) >= areaM2(b) ? b : a;
    const split = new GridEditService(new GridEditRepository(street.workspace.db), new GridRepository(street.workspace.db), clock, () => street.staffOf('admin'))
      .split(first.id, line, '东关社区分出网格');
    const made = street.workspace.db.get<{ code: string }>('SELECT code FROM regions WHERE id = ?', [split.regionIds[1]!])!.code;
    const category = street.workspace.db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
    const [lng, lat] = interiorPoint(given);
    const caseId = street.cases.create({ source: 'hotline', categoryId: category.id, title: '归档重放：井盖缺失', description: '市民反映井盖缺失，请尽快处理', location: { lng, lat, crs: 'wgs84' } }).id;
    doAction(street, caseId, 'register');

    // Shared while open, without the grid edit: the community desk does not know the grid yet.
    const arrived = community.sync.apply(street.sync.extract([caseId]));
    expect(arrived.unknownCodes).toContain(`region:${made}`);
    const uid = street.sync.extract([caseId])[0]!.caseUid;
    const there = community.caseId(uid)!;
    for (const action of ['dispatch', 'respond', 'handle', 'verify', 'close', 'callback'] as const) {
      now += HOUR;
      doAction(street, caseId, action);
    }
    community.sync.apply(street.sync.extract([caseId]));
    const full = community.cases.unmasked(there);
    expect(full).toMatchObject({ status: 'closed', description: '市民反映井盖缺失，请尽快处理' });

    // A year on, the community desk archives it.
    const later = now + 400 * 24 * HOUR;
    const syncRepo = new SyncRepository(community.workspace.db);
    const archive = new ArchiveService(new ArchiveRepository(community.workspace.db), community.workspace.dir, () => syncRepo.identity().id, () => later);
    await archive.run(3);
    expect(community.workspace.db.get('SELECT 1 AS one FROM case_archive WHERE case_id = ?', [there])).toBeDefined();

    // The grid edits alone (the case's own changes are held already): the case is replayed into the grid.
    const { edits } = readPackage(openPackage(street.exchange.writePackage(community.id)));
    expect(edits.length).toBeGreaterThan(0);
    // Wired as the app wires it (workspace-services.ts): the sync service knows the archive.
    new SyncService(syncRepo, clock, undefined, archive).apply([], edits);
    const after = community.cases.unmasked(there);
    expect(after).toMatchObject({ status: 'closed', satisfaction: full.satisfaction, description: full.description, closedAt: full.closedAt });
    expect(after.events.map((e) => e.action)).toEqual(full.events.map((e) => e.action));
    expect(community.workspace.db.get<{ code: string }>('SELECT g.code FROM cases c JOIN regions g ON g.id = c.grid_id WHERE c.id = ?', [there])?.code).toBe(made);
  });
});
