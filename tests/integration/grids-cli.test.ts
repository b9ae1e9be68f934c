import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { distElectron, sharedData } from '../support/build';
import { tempDir } from '../support/temp';

const cli = path.join(distElectron, 'cli.mjs');
const boston = (name: string) => path.join(sharedData, 'boston', name);

describe('CLI grids', () => {
  it('imports, refuses a projected file with the reason, converts it with --crs, and checks topology', () => {
    const env = { ...process.env, GRIDDESK_CONFIG_DIR: tempDir() };
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
});
