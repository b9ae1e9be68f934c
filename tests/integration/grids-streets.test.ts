import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/services/backend/backend';
import { repoRoot } from '../support/build';
import { signIn } from '../support/sign-in';

// Street lines (街巷) and their chiefs, and grid workers on duty, on the demo district.
let backend: Backend;
let dir: string;
const attempt: Backend['call'] = async (channel, input) => backend.call(channel, input);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-streets-'));
  backend = new Backend({ configDir: path.join(dir, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
  await backend.createWorkspace(path.join(dir, 'demo'), true);
  await signIn(backend);
});
afterAll(async () => {
  await backend.closeWorkspace();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('street lines', () => {
  it('draws a line in the street holding it, with a chief on duty shown in the street panel', async () => {
    const before = await backend.call('streets:list', {});
    expect(before.length).toBe(50);
    const first = before[0]!;
    const street = (await backend.call('regions:tree', {})).find((n) => n.id === first.streetId)!;
    const coords = first.geometry.type === 'LineString' ? first.geometry.coordinates : first.geometry.coordinates[0]!;
    const chief = (await backend.call('directory:staff', {})).find((s) => s.role === 'street_chief' && s.id !== first.chiefStaffId)!;
    // A short line beside the first demo line, in the same street.
    const line: [number, number][] = [[coords[0]![0] + 0.0002, coords[0]![1]], [coords[1]![0] + 0.0002, coords[1]![1]]];
    const drawn = await backend.call('streets:draw', { name: '新开胡同', line, chiefStaffId: chief.id });
    expect(drawn).toMatchObject({ name: '新开胡同', streetId: street.id, chiefStaffId: chief.id, chiefName: chief.name });
    expect(drawn.code).toMatch(new RegExp(`^${street.code}L\\d{2}$`));
    expect(drawn.lengthM).toBeGreaterThan(0);
    const panel = await backend.call('grids:panel', { regionId: street.id });
    expect(panel.staff.some((p) => p.staffId === chief.id && p.duty === 'street_chief' && p.streetLineName === '新开胡同')).toBe(true);

    // A new chief: the old one's duty on the line ends, the new one's starts.
    const next = (await backend.call('directory:staff', {})).find((s) => s.role === 'street_chief' && s.id !== chief.id)!;
    expect((await backend.call('streets:assignChief', { streetLineId: drawn.id, staffId: next.id })).chiefName).toBe(next.name);
    const after = await backend.call('grids:panel', { regionId: street.id });
    const onLine = after.staff.filter((p) => p.streetLineName === '新开胡同').map((p) => p.staffId);
    expect(onLine).toEqual([next.id]);
    await expect(attempt('streets:assignChief', { streetLineId: drawn.id, staffId: 999999 })).rejects.toThrow(/999999/);
  });

  it('imports LineStrings from GeoJSON (codes update on re-import) and refuses a file without lines', async () => {
    const file = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { 名称: '试验一巷', id: 'T1' }, geometry: { type: 'LineString', coordinates: [[116.41, 39.92], [116.412, 39.921]] } },
        { type: 'Feature', properties: { 名称: '试验二巷', id: 'T2' }, geometry: { type: 'MultiLineString', coordinates: [[[116.413, 39.92], [116.414, 39.92]]] } },
        { type: 'Feature', properties: { 名称: '', id: 'T3' }, geometry: { type: 'LineString', coordinates: [[116.41, 39.9], [116.41, 39.91]] } },
        { type: 'Feature', properties: { 名称: '一块地' }, geometry: { type: 'Polygon', coordinates: [[[116.41, 39.9], [116.42, 39.9], [116.42, 39.91], [116.41, 39.9]]] } },
      ],
    };
    const report = await backend.call('streets:import', { fileName: 'lines.geojson', dataBase64: b64(file), nameField: '名称', codeField: 'id', crs: null });
    expect(report).toMatchObject({ features: 4, inserted: 2, updated: 0 });
    expect(report.refused.map((r) => r.reason).join('；')).toMatch(/第 3 个要素的「名称」为空.*1 个要素不是线/);
    const again = await backend.call('streets:import', { fileName: 'lines.geojson', dataBase64: b64(file), nameField: '名称', codeField: 'id', crs: null });
    expect(again).toMatchObject({ inserted: 0, updated: 2 });
    expect((await backend.call('streets:list', {})).filter((l) => l.code === 'T1' || l.code === 'T2').map((l) => l.name)).toEqual(['试验一巷', '试验二巷']);
    const polygons = { type: 'FeatureCollection', features: [file.features[3]] };
    await expect(attempt('streets:import', { fileName: 'plots.geojson', dataBase64: b64(polygons), nameField: '名称', codeField: null, crs: null }))
      .rejects.toThrow(/plots\.geojson：文件中没有线要素/);
  });
});

describe('grid workers on duty', () => {
  it('puts a worker on an unstaffed grid and takes them off again', async () => {
    const unstaffed = await backend.call('grids:unstaffed', {});
    expect(unstaffed.length).toBe(6);
    const grid = unstaffed[0]!;
    const worker = (await backend.call('directory:staff', {})).find((s) => s.role === 'grid_worker')!;
    const now = await backend.call('directory:assignDuty', { staffId: worker.id, regionId: grid });
    expect(now).not.toContain(grid);
    expect(now.length).toBe(5);
    expect((await backend.call('grids:panel', { regionId: grid })).staff.map((s) => s.staffId)).toContain(worker.id);
    await expect(attempt('directory:assignDuty', { staffId: worker.id, regionId: grid })).rejects.toThrow(/已在/);
    expect(await backend.call('directory:endDuty', { staffId: worker.id, regionId: grid })).toContain(grid);
    await expect(attempt('directory:endDuty', { staffId: worker.id, regionId: grid })).rejects.toThrow(/不在/);
  });
});

describe('grid edits on the demo partition', () => {
  it('splits a real grid through its middle, merges neighbours, and undoes both with the partition clean', async () => {
    const shapes = await backend.call('regions:shapes', { level: 'grid' });
    const clean = { self_intersection: 0, overlap: 0, gap: 0, outside_parent: 0 };
    // The first grid a north–south line through its middle cuts in two (concave ones may be cut in three).
    let split: Awaited<ReturnType<Backend['call']>> | undefined;
    for (const s of shapes.slice(0, 20)) {
      const ring = s.geometry.type === 'Polygon' ? s.geometry.coordinates[0]! : s.geometry.type === 'MultiPolygon' ? s.geometry.coordinates[0]![0]! : [];
      const xs = ring.map((p) => p[0]);
      const ys = ring.map((p) => p[1]);
      const x = (Math.min(...xs) + Math.max(...xs)) / 2;
      try {
        split = await attempt('grids:split', { regionId: s.id, line: [[x, Math.min(...ys) - 0.001], [x, Math.max(...ys) + 0.001]], newName: null });
        break;
      } catch (e) {
        expect((e as Error).message).toMatch(/恰好穿过|不合规/);
      }
    }
    expect(split).toBeDefined();
    expect((await backend.call('grids:check', { level: 'grid' })).counts).toEqual(clean);
    expect((await backend.call('regions:tree', {})).filter((n) => n.level === 'grid').length).toBe(590);
    await backend.call('grids:undo', {});
    expect((await backend.call('regions:tree', {})).filter((n) => n.level === 'grid').length).toBe(589);

    // Two neighbours of one community: the pair whose union is one polygon.
    const byParent = new Map<number, typeof shapes>();
    for (const s of shapes) byParent.set(s.parentId!, [...(byParent.get(s.parentId!) ?? []), s]);
    let merged = false;
    for (const group of [...byParent.values()].filter((g) => g.length >= 2).slice(0, 10)) {
      try {
        await attempt('grids:merge', { regionId: group[0]!.id, otherId: group[1]!.id });
        merged = true;
        break;
      } catch (e) {
        expect((e as Error).message).toMatch(/不相邻/);
      }
    }
    expect(merged).toBe(true);
    expect((await backend.call('grids:check', { level: 'grid' })).counts).toEqual(clean);
    await backend.call('grids:undo', {});
    expect((await backend.call('regions:tree', {})).filter((n) => n.level === 'grid').length).toBe(589);
    expect((await backend.call('grids:check', { level: 'grid' })).counts).toEqual(clean);
  });
});
