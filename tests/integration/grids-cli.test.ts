import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { distElectron, sharedData } from '../support/build';
import { tempDir } from '../support/temp';

const cli = path.join(distElectron, 'cli.mjs');
const boston = (name: string) => path.join(sharedData, 'boston', name);

describe('CLI grids', () => {
  it('imports, refuses a projected file with the reason, converts it with --crs, and checks topology', () => {
    const env = { ...process.env, GRIDDESK_USER: 'admin', GRIDDESK_PASSWORD: 'griddesk2026', GRIDDESK_CONFIG_DIR: tempDir() };
    const workspace = path.join(tempDir(), 'ws');
    const json = (args: string[]) => JSON.parse(execFileSync(process.execPath, [cli, ...args], { env }).toString());
    json(['init', '--workspace', workspace]);
    const wards = json(['grids', 'import', boston('boston_wards.geojson'), '--workspace', workspace, '--level', 'street', '--code-field', 'WARD']);
    expect(wards).toMatchObject({ features: 22, inserted: 22, level: 'street' });
    const refused = spawnSync(process.execPath, [cli, 'grids', 'import', boston('boston_neighborhoods_epsg2249.geojson'), '--workspace', workspace, '--level', 'community'], { env });
    expect(refused.status).toBe(1);
    const error = JSON.parse(refused.stderr.toString()).error;
    expect(error.code).toBe('crs_not_degrees');
    expect(error.message).toMatch(/坐标不是经纬度.*EPSG:2249/s);
    const converted = json(['grids', 'import', boston('boston_neighborhoods_epsg2249.geojson'), '--workspace', workspace, '--level', 'community', '--crs', 'EPSG:2249']);
    expect(converted).toMatchObject({ convertedFrom: 'EPSG:2249', inserted: 26 });
    expect(converted.parentsFound).toBeGreaterThan(20);
    const check = json(['grids', 'check', '--workspace', workspace]);
    expect(check.checkedRegions).toBe(22 + 26);
    expect(Object.keys(check.counts).sort()).toEqual(['gap', 'outside_parent', 'overlap', 'self_intersection']);
    expect(check.problems.every((p: { regionIds: number[] }) => p.regionIds.length > 0)).toBe(true);
    const usage = spawnSync(process.execPath, [cli, 'grids', 'import', boston('boston_wards.geojson'), '--workspace', workspace], { env });
    expect(usage.status).toBe(2);
  });

  it('imports street lines from a line file, lists grid edits and refuses an undo with nothing to undo', () => {
    const env = { ...process.env, GRIDDESK_USER: 'admin', GRIDDESK_PASSWORD: 'griddesk2026', GRIDDESK_CONFIG_DIR: tempDir() };
    const dir = tempDir();
    const workspace = path.join(dir, 'ws');
    const json = (args: string[]) => JSON.parse(execFileSync(process.execPath, [cli, ...args], { env }).toString());
    json(['init', '--workspace', workspace]);
    const file = path.join(dir, 'lines.geojson');
    fs.writeFileSync(file, JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { NAME: 'Tremont St' }, geometry: { type: 'LineString', coordinates: [[-71.06, 42.35], [-71.07, 42.345]] } }],
    }));
    const report = json(['grids', 'streets', file, '--workspace', workspace, '--name-field', 'NAME']);
    expect(report).toMatchObject({ features: 1, inserted: 1, updated: 0, withoutStreet: 1 });
    expect(json(['grids', 'edits', '--workspace', workspace])).toEqual([]);
    const undo = spawnSync(process.execPath, [cli, 'grids', 'undo', '--workspace', workspace], { env });
    expect(undo.status).toBe(1);
    expect(JSON.parse(undo.stderr.toString()).error.code).toBe('nothing_to_undo');
  });
});
