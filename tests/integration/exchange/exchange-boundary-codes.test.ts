import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Geometry } from '../../../electron/contract';
import { beijingTime as bj, HOUR } from '../../../electron/services/calendar/work-calendar';
import { areaM2, bboxOf, interiorPoint } from '../../../electron/services/geo/polygon-math';
import { splitShape } from '../../../electron/services/grids/grid-geometry';
import { GridImportService } from '../../../electron/services/grids/grid-import.service';
import { GridRepository } from '../../../electron/services/grids/grid.repository';
import { GridService } from '../../../electron/services/grids/grid.service';
import { RosterRepository } from '../../../electron/services/import/roster.repository';
import { carryPackage, closeDesks, COMMUNITY, desksDir, openStreetAndCommunity, type ExchangeDesk } from './exchange-desks';

/**
 * Issue 14: grid boundaries imported from a file, codes given by 规范编码 and a grid list imported
 * from a spreadsheet reach the other desk as region edits, as hand edits do. An imported grid without a code gets a provisional code of
 * this desk (`<community>-<workspace tag>-<serial>`); renumbering it travels as the new code with
 * the old one deleted into it, so the other desk's own case in it follows. Before, both changed
 * regions on one desk only.
 */
describe('boundary import, 规范编码 and the grid list by exchange package', () => {
  let now = bj(2026, 12, 14, 9);
  const clock = () => now;
  let dir: string;
  let street: ExchangeDesk;
  let community: ExchangeDesk;
  let provisional = '';
  let kept = '';
  let given: Geometry;

  beforeAll(async () => {
    dir = desksDir();
    ({ street, community } = await openStreetAndCommunity(dir, clock));
  }, 180_000);
  afterAll(() => closeDesks(dir, [street, community]));

  const db = (desk: ExchangeDesk) => desk.workspace.db;
  const region = (desk: ExchangeDesk, code: string) =>
    db(desk).get<{ name: string; geometry: string; parent: string }>('SELECT r.name, r.geometry, p.code AS parent FROM regions r JOIN regions p ON p.id = r.parent_id WHERE r.code = ?', [code]);
  const file = (features: { name: string; code?: string; geometry: Geometry }[]) => Buffer.from(JSON.stringify({
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', properties: { 名称: f.name, ...(f.code ? { 编码: f.code } : {}) }, geometry: f.geometry })),
  }));

  it('carries an imported reshape and an imported new grid, the new one under a provisional code of this desk', async () => {
    const importer = new GridImportService(new GridRepository(db(street)), clock);
    const g = db(street).get<{ code: string; name: string; geometry: string }>(
      `SELECT g.code, g.name, g.geometry FROM regions g JOIN regions c ON c.id = g.parent_id WHERE g.level = 'grid' AND c.code = ? ORDER BY g.code LIMIT 1`, [COMMUNITY],
    )!;
    kept = g.code;
    const shape = JSON.parse(g.geometry) as Geometry;
    const [w, s, e, n] = bboxOf(shape);
    const x = w + (e - w) * 0.3;
    const [a, b] = splitShape(shape, [[x, s - 0.001], [x, n + 0.001]], g.name);
    const [keep, give] = areaM2(a) >= areaM2(b) ? [a, b] : [b, a];
    given = give;
    // The file keeps the grid's code, smaller; a second file brings the rest as a grid without a code.
    const reshaped = await importer.import({ fileName: '边界-更新.geojson', bytes: file([{ name: `${g.name}（导入）`, code: g.code, geometry: keep }]), level: 'grid', nameField: '名称', codeField: '编码', crs: null });
    expect(reshaped.updated).toBe(1);
    const added = await importer.import({ fileName: '边界-新增.geojson', bytes: file([{ name: '导入新网格', geometry: give }]), level: 'grid', nameField: '名称', codeField: null, crs: null });
    expect(added.inserted).toBe(1);
    provisional = db(street).get<{ code: string }>('SELECT code FROM regions WHERE id = ?', [added.regionIds[0]!])!.code;
    expect(provisional).toBe(`${COMMUNITY}-${street.id.slice(0, 6)}-001`);

    now += HOUR;
    const report = carryPackage(dir, street, community, 'import.gdx');
    expect(report.regionEdits).toBe(2);
    expect(region(community, kept)).toMatchObject({ name: `${g.name}（导入）`, parent: COMMUNITY });
    expect(JSON.parse(region(community, kept)!.geometry)).toEqual(keep);
    expect(region(community, provisional)).toMatchObject({ name: '导入新网格', parent: COMMUNITY });
    // Received twice: nothing new.
    expect(carryPackage(dir, street, community, 'import-again.gdx').regionEdits ?? 0).toBe(0);
  });

  it('规范编码 on a desk that shares: the provisional code becomes a DB11 code the other desk follows, its own case included; valid codes stay', async () => {
    const [lng, lat] = interiorPoint(given);
    const category = db(community).get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
    const own = community.cases.create({ source: 'patrol', categoryId: category.id, title: '规范编码测试：本站案件', location: { lng, lat, crs: 'wgs84' } }).id;
    const gridOf = (id: number) => db(community).get<{ code: string }>('SELECT g.code FROM cases c JOIN regions g ON g.id = c.grid_id WHERE c.id = ?', [id])!.code;
    expect(gridOf(own)).toBe(provisional);
    const before = db(street).all<{ code: string }>(`SELECT code FROM regions WHERE level = 'grid' AND code NOT LIKE '%-%' ORDER BY code`).map((r) => r.code);

    now += HOUR;
    const grids = new GridService(new GridRepository(db(street)), () => ({ cases: 0, response: null, resolution: null, satisfaction: null }), undefined, clock);
    const report = grids.regenerateCodes();
    const renamed = report.changes.find((c) => c.from === provisional);
    expect(renamed?.to).toMatch(new RegExp(`^${COMMUNITY}\\d{3}$`));
    // A desk that shares keeps the grid codes others hold: only codes that were not valid change.
    expect(report.changes.every((c) => c.from.includes('-') || c.from.startsWith('IMP'))).toBe(true);
    expect(db(street).all<{ code: string }>(`SELECT code FROM regions WHERE level = 'grid' AND code NOT LIKE '%-%' ORDER BY code`).map((r) => r.code))
      .toEqual([...before, renamed!.to].sort());

    now += HOUR;
    const carried = carryPackage(dir, street, community, 'codes.gdx');
    expect(carried.regionEdits).toBe(2);
    expect(region(community, provisional)).toBeUndefined();
    expect(region(community, renamed!.to)).toMatchObject({ name: '导入新网格', parent: COMMUNITY });
    expect(gridOf(own)).toBe(renamed!.to);
    expect(db(community).get<{ n: number }>(`SELECT count(*) AS n FROM case_events WHERE case_id = ? AND action = 'grid_moved'`, [own])!.n).toBe(1);
    // Renumbering again changes nothing, here or there.
    expect(grids.regenerateCodes().changes.filter((c) => c.from === renamed!.to)).toEqual([]);
  });

  it('a grid list imported from a spreadsheet (names, households) reaches the other desk', () => {
    const g = db(street).get<{ id: number; code: string; name: string }>('SELECT id, code, name FROM regions WHERE code = ?', [kept])!;
    now += HOUR;
    new RosterRepository(db(street)).commitGrids(
      { fileName: '网格台账.csv', encoding: 'gbk', sheet: null, mapping: '{}', rowsTotal: 1, refused: 0, actorName: '管理员', actorStaffId: null, startedAt: clock(), now: clock() },
      [{ id: g.id, name: `${g.name}（台账）`, households: 321, population: null, centroid: null }],
    );
    const report = carryPackage(dir, street, community, 'roster-grids.gdx');
    expect(report.regionEdits).toBe(1);
    expect(db(community).get('SELECT name, households FROM regions WHERE code = ?', [kept])).toEqual({ name: `${g.name}（台账）`, households: 321 });
  });
});
