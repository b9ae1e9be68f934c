import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { distElectron } from '../support/build';
import { tempDir } from '../support/temp';

const cli = path.join(distElectron, 'cli.mjs');
const env = () => ({ ...process.env, GRIDDESK_USER: 'admin', GRIDDESK_PASSWORD: 'griddesk2026', GRIDDESK_CONFIG_DIR: tempDir() });
const run = (args: string[]) => JSON.parse(execFileSync(process.execPath, [cli, ...args], { env: env(), maxBuffer: 64 * 2 ** 20 }).toString());

describe('CLI: hotspots, recurring, forecast', () => {
  it('answers on the demo with JSON', () => {
    const workspace = path.join(tempDir(), 'demo');
    run(['init', '--workspace', workspace, '--demo']);
    const hs = run(['hotspots', '--workspace', workspace, '--category', '09', '--from', '2025-11', '--to', '2026-03', '--json']);
    expect(hs.weights).toMatchObject({ kind: 'queen', selfIncluded: true, islands: 0 });
    expect(hs.months).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    expect(hs.grids).toHaveLength(589);
    expect(hs.grids[0]).toHaveProperty('emerging');
    const fdr = run(['hotspots', '--workspace', workspace, '--fdr', '--json']);
    expect(fdr.fdr).toBe(true);
    const rec = run(['recurring', '--workspace', workspace, '--json']);
    expect(rec.params).toMatchObject({ radiusM: 50, windowDays: 30, minCases: 4 });
    expect(rec.clusters.length).toBeGreaterThan(5);
    const fc = run(['forecast', '--workspace', workspace, '--month', '2026-11', '--json']);
    expect(fc.month).toBe('2026-11');
    expect(fc.backtest.rows).toHaveLength(9);
  }, 180_000);

  it('refuses a bad month and an unknown category', () => {
    const workspace = path.join(tempDir(), 'demo');
    run(['init', '--workspace', workspace, '--demo']);
    const bad = spawnSync(process.execPath, [cli, 'forecast', '--workspace', workspace, '--month', '2026-13'], { env: env() });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stderr.toString()).error.code).toBe('invalid_input');
    const unknown = spawnSync(process.execPath, [cli, 'hotspots', '--workspace', workspace, '--category', 'zz'], { env: env() });
    expect(unknown.status).toBe(1);
    expect(JSON.parse(unknown.stderr.toString()).error.code).toBe('not_found');
  }, 180_000);
});
