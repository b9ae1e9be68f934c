import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Geometry } from '../../electron/contract';
import { Backend } from '../../electron/services/backend/backend';
import type { DurableDatabase } from '../../electron/services/db/durable-database';
import { repoRoot } from '../support/build';
import { createFirstAdmin, signIn } from '../support/sign-in';

// A crafted district → street → community (0.02° × 0.01° in Dongcheng) on a real workspace on disk:
// grids drawn, split, reshaped, merged and undone through the same calls the map makes.
const rect = (w: number, s: number, e: number, n: number): Geometry => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
const feature = (code: string, name: string, g: Geometry) => ({ type: 'Feature', properties: { code, name }, geometry: g });
const COMMUNITY = rect(116.4, 39.9, 116.42, 39.91);

let backend: Backend;
let dir: string;
let db: DurableDatabase;

async function importLevel(level: 'district' | 'street' | 'community', code: string, name: string, g: Geometry): Promise<void> {
  const bytes = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [feature(code, name, g)] }));
  await backend.call('grids:import', { fileName: `${level}.geojson`, dataBase64: bytes.toString('base64'), level, nameField: 'name', codeField: 'code', crs: null });
}

/** A call as a promise even when the handler throws at once (Backend.call runs synchronous handlers inline). */
const attempt: Backend['call'] = async (channel, input) => backend.call(channel, input);
const gridOf = (caseId: number) => db.get<{ g: number | null }>('SELECT grid_id AS g FROM cases WHERE id = ?', [caseId])!.g;
const shape = async (id: number) => (await backend.call('regions:shapes', { level: 'grid' })).find((s) => s.id === id);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-edit-'));
  backend = new Backend({ configDir: path.join(dir, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
  await backend.createWorkspace(path.join(dir, 'ws'), false);
  await createFirstAdmin(backend);
  await importLevel('district', '110101', '东城区', rect(116.39, 39.89, 116.43, 39.92));
  await importLevel('street', '110101001', '东华门街道', rect(116.395, 39.895, 116.425, 39.915));
  await importLevel('community', '110101001001', '试验社区', COMMUNITY);
  db = (backend as unknown as { open: { workspace: { db: DurableDatabase } } }).open.workspace.db;
  // Intake needs an operator on the console.
  db.transaction((tx) => tx.run(`INSERT INTO staff (code, name, role, active, created_at) VALUES ('OP1', '值班员甲', 'operator', 1, 0)`));
});
afterAll(async () => {
  await backend.closeWorkspace();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('grid editing on a crafted community', () => {
  let a = 0;
  let b = 0;
  const cases: Record<string, number> = {};

  it('draws grids inside the community with codes no other workstation gives, and refuses one overlapping a sibling', async () => {
    const first = await backend.call('grids:draw', { geometry: rect(116.4, 39.9, 116.41, 39.91), name: '一号网格' });
    a = first.regionIds[0]!;
    expect(first.action).toBe('grid_draw');
    await expect(attempt('grids:draw', { geometry: rect(116.405, 39.9, 116.415, 39.91), name: '重叠' })).rejects.toThrow(/一号网格.*重叠|重叠.*一号网格/);
    b = (await backend.call('grids:draw', { geometry: rect(116.41, 39.9, 116.42, 39.91), name: '二号网格' })).regionIds[0]!;
    const tree = await backend.call('regions:tree', {});
    // <community code>-<first 6 hex of this workspace's id>-<serial>: a desk drawing at the same time uses another tag.
    const tag = db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'workspace.id'`)!.value.slice(0, 6);
    expect(tree.filter((n) => n.level === 'grid').map((n) => [n.name, n.code])).toEqual([['一号网格', `110101001001-${tag}-001`], ['二号网格', `110101001001-${tag}-002`]]);
    // The bbox columns follow the drawn shape (the case locator relies on them).
    expect(db.get('SELECT min_lng AS w, max_lng AS e, min_lat AS s, max_lat AS n FROM regions WHERE id = ?', [b])).toEqual({ w: 116.41, e: 116.42, s: 39.9, n: 39.91 });
    const check = await backend.call('grids:check', { level: 'grid' });
    expect(check.counts).toEqual({ self_intersection: 0, overlap: 0, gap: 0, outside_parent: 0 });
    for (const [key, lng] of [['west', 116.402], ['east', 116.408], ['b', 116.415]] as const) {
      cases[key] = (await backend.call('cases:create', { source: 'self', title: key, location: { lng, lat: 39.905, crs: 'wgs84' } })).id;
    }
    cases.unplaced = (await backend.call('cases:create', { source: 'self', title: 'unplaced', gridId: a })).id;
    expect([gridOf(cases.west!), gridOf(cases.east!), gridOf(cases.b!), gridOf(cases.unplaced!)]).toEqual([a, a, b, a]);
  });

  it('splits a grid along a drawn line; cases follow the part that holds them; undo puts all back', async () => {
    const before = (await shape(a))!.geometry;
    const split = await backend.call('grids:split', { regionId: a, line: [[116.405, 39.89], [116.405, 39.92]], newName: '一号网格东' });
    const [kept, made] = split.regionIds as [number, number];
    expect(kept).toBe(a);
    const west = gridOf(cases.west!);
    const east = gridOf(cases.east!);
    expect(new Set([west, east])).toEqual(new Set([a, made]));
    expect(split.casesMoved).toBe(1);
    expect(gridOf(cases.unplaced!)).toBe(a);
    expect((await backend.call('grids:check', { level: 'grid' })).counts).toEqual({ self_intersection: 0, overlap: 0, gap: 0, outside_parent: 0 });
    const log = db.all<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'grid_edit' ORDER BY id`);
    expect(log.map((r) => r.action)).toEqual(['grid_draw', 'grid_draw', 'grid_split']);

    const undo = await backend.call('grids:undo', {});
    expect(undo.summary).toContain('切分');
    expect(undo.deletedIds).toEqual([made]);
    expect((await shape(a))!.geometry).toEqual(before);
    expect(await shape(made)).toBeUndefined();
    expect([gridOf(cases.west!), gridOf(cases.east!)]).toEqual([a, a]);
    const history = await backend.call('grids:edits', {});
    expect(history[0]!.action).toBe('grid_undo');
    expect(history.find((e) => e.action === 'grid_split')!.undone).toBe(true);
    // Each edit names who made it: the signed-in administrator.
    expect(new Set(history.map((e) => e.actorName))).toEqual(new Set(['测试管理员']));
  });

  it('refuses a reshape that leaves a gap or overlaps a sibling', async () => {
    await expect(attempt('grids:reshape', { regionId: b, geometry: rect(116.41, 39.9, 116.418, 39.91) })).rejects.toThrow(/空隙/);
    await expect(attempt('grids:reshape', { regionId: b, geometry: rect(116.405, 39.9, 116.42, 39.91) })).rejects.toThrow(/重叠/);
    await expect(attempt('grids:split', { regionId: b, line: [[116.415, 39.905], [116.415, 39.92]], newName: null })).rejects.toThrow(/两端须在/);
  });

  it('accepts a reshape that keeps the partition (a vertex added on the shared edge) and keeps bbox and cases right', async () => {
    const withVertex: Geometry = { type: 'Polygon', coordinates: [[[116.41, 39.9], [116.42, 39.9], [116.42, 39.91], [116.41, 39.91], [116.41, 39.905], [116.41, 39.9]]] };
    const result = await backend.call('grids:reshape', { regionId: b, geometry: withVertex });
    expect(result).toMatchObject({ action: 'grid_reshape', regionIds: [b], casesMoved: 0 });
    expect((await shape(b))!.geometry).toEqual(withVertex);
    expect(db.get('SELECT min_lng AS w, max_lng AS e, area_m2 > 0 AS sized FROM regions WHERE id = ?', [b])).toEqual({ w: 116.41, e: 116.42, sized: 1 });
    expect(gridOf(cases.b!)).toBe(b);
    await backend.call('grids:undo', {});
    expect((await shape(b))!.geometry).toEqual(rect(116.41, 39.9, 116.42, 39.91));
  });

  it('merges two adjacent grids (cases and staff follow) and undo restores the other grid with its id and code', async () => {
    const worker = db.transaction((tx) =>
      tx.insert(`INSERT INTO staff (code, name, role, active, created_at) VALUES ('W1', '王网格员', 'grid_worker', 1, 0)`),
    );
    expect(await backend.call('directory:assignDuty', { staffId: worker, regionId: b })).toEqual([a]);
    const codeB = db.get<{ code: string }>('SELECT code FROM regions WHERE id = ?', [b])!.code;
    const merged = await backend.call('grids:merge', { regionId: a, otherId: b });
    expect(merged.deletedIds).toEqual([b]);
    expect((await shape(a))!.geometry).toEqual({ type: 'Polygon', coordinates: expect.any(Array) });
    expect(db.get('SELECT min_lng AS w, max_lng AS e FROM regions WHERE id = ?', [a])).toEqual({ w: 116.4, e: 116.42 });
    expect(gridOf(cases.b!)).toBe(a);
    expect(await backend.call('grids:unstaffed', {})).toEqual([]);
    await expect(attempt('grids:merge', { regionId: a, otherId: a })).rejects.toThrow(/不同/);

    await backend.call('grids:undo', {});
    expect(db.get('SELECT code FROM regions WHERE id = ?', [b])).toEqual({ code: codeB });
    expect(gridOf(cases.b!)).toBe(b);
    expect(await backend.call('grids:unstaffed', {})).toEqual([a]);
    // The edit log says what happened, in order.
    const actions = db.all<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'grid_edit' ORDER BY id`).map((r) => r.action);
    expect(actions).toEqual(['grid_draw', 'grid_draw', 'grid_split', 'grid_undo', 'grid_reshape', 'grid_undo', 'grid_merge', 'grid_undo']);
    // Next undo would take back the drawing of 二号网格, which has a duty history now: refused, nothing changed.
    await expect(attempt('grids:undo', {})).rejects.toThrow(/二号网格.*值守/);
    expect(await shape(b)).toBeDefined();
  });

  it('survives a reopen: the edits were durable', async () => {
    const ws = path.join(dir, 'ws');
    await backend.openWorkspace(ws);
    await signIn(backend);
    db = (backend as unknown as { open: { workspace: { db: DurableDatabase } } }).open.workspace.db;
    expect((await backend.call('regions:tree', {})).filter((n) => n.level === 'grid').length).toBe(2);
    expect(gridOf(cases.b!)).toBe(b);
  });
});
