import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Geometry } from '../../../electron/contract';
import { beijingTime as bj, HOUR } from '../../../electron/services/calendar/work-calendar';
import { areaM2, bboxOf, interiorPoint } from '../../../electron/services/geo/polygon-math';
import { openPackage, readPackage } from '../../../electron/services/exchange/package-format';
import { GridEditRepository } from '../../../electron/services/grids/grid-edit.repository';
import { GridEditService } from '../../../electron/services/grids/grid-edit.service';
import { splitShape } from '../../../electron/services/grids/grid-geometry';
import { GridRepository } from '../../../electron/services/grids/grid.repository';
import { counts, desksDir, doAction, type ExchangeDesk, COMMUNITY, openStreetAndCommunity, carryPackage, closeDesks } from './exchange-desks';


/**
 * Issue 14, grid edits as changes (step B): a grid split off, drawn or merged on one desk reaches
 * the other by an exchange package, and the cases the edit moved follow it there. Before, only
 * the cases' 'grid_moved' events travelled: a desk that did not know the new grid kept the case in
 * the old one, and two desks splitting at once gave their new grids the same code.
 */
describe('grid edits by exchange package', () => {
  let now = bj(2026, 11, 16, 9);
  const clock = () => now;
  let dir: string;
  let street: ExchangeDesk;
  let community: ExchangeDesk;
  const editor = (desk: ExchangeDesk) =>
    new GridEditService(new GridEditRepository(desk.workspace.db), new GridRepository(desk.workspace.db), clock, () => desk.staffOf('admin'));

  beforeAll(async () => {
    dir = desksDir();
    ({ street, community } = await openStreetAndCommunity(dir, clock));
  }, 180_000);
  afterAll(() => closeDesks(dir, [street, community]));

  const carry = (from: ExchangeDesk, to: ExchangeDesk, file: string) => carryPackage(dir, from, to, file);
  const region = (desk: ExchangeDesk, code: string) =>
    desk.workspace.db.get<{ name: string; geometry: string; parent: string }>(
      'SELECT r.name, r.geometry, p.code AS parent FROM regions r JOIN regions p ON p.id = r.parent_id WHERE r.code = ?', [code],
    );
  const gridCode = (desk: ExchangeDesk, caseId: number) =>
    desk.workspace.db.get<{ code: string | null }>('SELECT g.code FROM cases c LEFT JOIN regions g ON g.id = c.grid_id WHERE c.id = ?', [caseId])!.code;
  const moves = (desk: ExchangeDesk, caseId: number) =>
    desk.workspace.db.get<{ n: number }>(`SELECT count(*) AS n FROM case_events WHERE case_id = ? AND action = 'grid_moved'`, [caseId])!.n;
  const grids = (desk: ExchangeDesk) =>
    desk.workspace.db.all<{ code: string; geometry: string }>(
      `SELECT g.code, g.geometry FROM regions g JOIN regions c ON c.id = g.parent_id WHERE g.level = 'grid' AND c.code = ? ORDER BY g.code`, [COMMUNITY],
    );
  /** A vertical cut at 30 % of the grid's width, and the smaller part it gives off. */
  function cut(desk: ExchangeDesk, code: string): { id: number; line: [number, number][]; given: Geometry } {
    const g = desk.workspace.db.get<{ id: number; name: string; geometry: string }>('SELECT id, name, geometry FROM regions WHERE code = ?', [code])!;
    const shape = JSON.parse(g.geometry) as Geometry;
    const [w, s, e, n] = bboxOf(shape);
    const x = w + (e - w) * 0.3;
    const line: [number, number][] = [[x, s - 0.001], [x, n + 0.001]];
    const [a, b] = splitShape(shape, line, g.name);
    return { id: g.id, line, given: areaM2(a) >= areaM2(b) ? b : a };
  }
  function newCaseAt(desk: ExchangeDesk, title: string, [lng, lat]: [number, number]): number {
    const category = desk.workspace.db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
    return desk.cases.create({ source: 'hotline', categoryId: category.id, title, location: { lng, lat, crs: 'wgs84' } }).id;
  }

  it('gives grids split off on two desks at the same time different codes, and each desk gets the other\'s', () => {
    const [, second, third] = grids(street);
    const onStreet = cut(street, second!.code);
    const onCommunity = cut(community, third!.code);
    const a = editor(street).split(onStreet.id, onStreet.line, '街道分出网格');
    const b = editor(community).split(onCommunity.id, onCommunity.line, '社区分出网格');
    const codeA = street.workspace.db.get<{ code: string }>('SELECT code FROM regions WHERE id = ?', [a.regionIds[1]!])!.code;
    const codeB = community.workspace.db.get<{ code: string }>('SELECT code FROM regions WHERE id = ?', [b.regionIds[1]!])!.code;
    expect(codeA).not.toBe(codeB);
    expect(codeA.startsWith(`${COMMUNITY}-`) && codeB.startsWith(`${COMMUNITY}-`)).toBe(true);

    carry(street, community, 'a.gdx');
    carry(community, street, 'b.gdx');
    expect(region(street, codeB)).toEqual(region(community, codeB));
    expect(region(community, codeA)).toEqual(region(street, codeA));
    expect(grids(street)).toEqual(grids(community));
    // Nothing travels back to where it was made, nor again once acknowledged: the next packages carry no edits.
    const next = street.exchange.writePackage(community.id);
    expect(readPackage(openPackage(next)).edits).toEqual([]);
    community.exchange.receivePackage(next); // its acknowledgement
    expect(readPackage(openPackage(community.exchange.writePackage(street.id))).edits).toEqual([]);
  });

  it('carries a split to the other desk, whose shared case then follows into the new grid; the package applied twice changes nothing', () => {
    const [first] = grids(street);
    const { id, line, given } = cut(street, first!.code);
    const caseId = newCaseAt(street, '分网格测试：井盖缺失', interiorPoint(given));
    doAction(street, caseId, 'register');
    expect(carry(street, community, 'case.gdx').newCases).toBe(1);
    const uid = street.sync.extract([caseId])[0]!.caseUid;
    const there = community.caseId(uid)!;
    expect(gridCode(community, there)).toBe(first!.code);

    now += HOUR;
    const split = editor(street).split(id, line, '东关社区分出网格');
    const made = street.workspace.db.get<{ code: string }>('SELECT code FROM regions WHERE id = ?', [split.regionIds[1]!])!.code;
    expect(gridCode(street, caseId)).toBe(made);

    // The case's own changes first, without the grid (step A's limit): the desk keeps the case where it is.
    const early = community.sync.apply(street.sync.extract([caseId]));
    expect(early.unknownCodes).toContain(`region:${made}`);
    expect(gridCode(community, there)).toBe(first!.code);

    const bytes = street.exchange.writePackage(community.id);
    const report = community.exchange.receivePackage(bytes);
    expect(report.regionEdits).toBe(2); // the new grid and the old one's new shape
    expect(report.unknownCodes).toEqual([]);
    expect(region(community, made)).toEqual(region(street, made));
    expect(region(community, first!.code)).toEqual(region(street, first!.code));
    expect(gridCode(community, there)).toBe(made);
    expect(moves(community, there)).toBe(1);
    expect(community.sync.canonical([there])).toEqual(street.sync.canonical([caseId]));

    // Again: the same package is harmless.
    const before = { ...counts(community), grids: grids(community) };
    const again = community.exchange.receivePackage(bytes);
    expect(again).toMatchObject({ newCases: 0, newEvents: 0, regionEdits: 0, unknownCodes: [] });
    expect({ ...counts(community), grids: grids(community) }).toEqual(before);

    // A change from the community desk replays the case there and here: it stays in the new grid on both.
    now += HOUR;
    doAction(community, there, 'dispatch');
    carry(community, street, 'back.gdx');
    expect(gridCode(street, caseId)).toBe(made);
    expect(gridCode(community, there)).toBe(made);

    // The undo reaches the community desk as a deletion into the old grid: the case goes back, no case is lost.
    now += HOUR;
    const held = counts(community).cases;
    editor(street).undo();
    const undone = carry(street, community, 'undo.gdx');
    expect(undone.regionEdits).toBe(2);
    expect(region(community, made)).toBeUndefined();
    expect(gridCode(community, there)).toBe(first!.code);
    expect(counts(community).cases).toBe(held);
    expect(grids(community)).toEqual(grids(street));
    expect(community.sync.canonical([there])).toEqual(street.sync.canonical([caseId]));
  });
});
