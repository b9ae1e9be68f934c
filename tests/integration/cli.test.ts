import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { distElectron } from '../support/build';
import { tempDir } from '../support/temp';

const cli = path.join(distElectron, 'cli.mjs');
const env = () => ({ ...process.env, GRIDDESK_CONFIG_DIR: tempDir() });

describe('CLI', () => {
  it('creates a demo workspace and reports its counts as JSON', () => {
    const workspace = path.join(tempDir(), 'demo');
    const created = JSON.parse(execFileSync(process.execPath, [cli, 'init', '--workspace', workspace, '--demo'], { env: env() }).toString());
    expect(created.isDemo).toBe(true);
    const info = JSON.parse(execFileSync(process.execPath, [cli, 'info', '--workspace', workspace], { env: env() }).toString());
    expect(info.counts).toMatchObject({ districts: 1, streets: 17 });
    expect(info.counts.grids).toBeGreaterThan(500);
    expect(info.counts.staff).toBeGreaterThan(0);
    expect(info.counts.cases).toBeGreaterThanOrEqual(50_000);
  });

  it('answers a folder that is not a workspace with a JSON error and exit code 1', () => {
    const result = spawnSync(process.execPath, [cli, 'info', '--workspace', tempDir()], { env: env() });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stderr.toString()).error.code).toBe('not_a_workspace');
  });

  it('answers a missing --workspace with usage and exit code 2', () => {
    const result = spawnSync(process.execPath, [cli, 'info'], { env: env() });
    expect(result.status).toBe(2);
    expect(result.stderr.toString()).toContain('--workspace DIR is required');
  });
});
