import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { distElectron } from '../support/build';
import { DeferredIndexesRepository } from '../../electron/services/db/deferred-indexes.repository';
import { Workspace } from '../../electron/services/workspace/workspace';
import { BOSTON_ROWS, bostonCsv } from '../fixtures/boston';
import { tempDir } from '../support/temp';

const cli = path.join(distElectron, 'cli.mjs');
const env = () => ({ ...process.env, GRIDDESK_USER: 'admin', GRIDDESK_PASSWORD: 'griddesk2026', GRIDDESK_CONFIG_DIR: tempDir() });

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

  it('imports the real Boston year in one batch and leaves the workspace with every index rebuilt', async () => {
    const workspace = path.join(tempDir(), 'empty');
    execFileSync(process.execPath, [cli, 'init', '--workspace', workspace], { env: env() });
    const csv = bostonCsv(tempDir());
    const result = JSON.parse(execFileSync(process.execPath, [cli, 'import', csv, '--workspace', workspace], { env: env(), maxBuffer: 64 << 20 }).toString());
    expect(result.result.inserted).toBe(BOSTON_ROWS);
    // A bulk import into an empty workspace deferred the case indexes; the CLI rebuilt them before exiting.
    expect(result.result.indexesDeferred).toBeGreaterThan(10);
    const opened = await Workspace.open(workspace);
    try {
      expect(new DeferredIndexesRepository(opened.db).pending()).toBe(0);
      const indexes = opened.db.get<{ n: number }>(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' AND sql IS NOT NULL`)!.n;
      expect(indexes).toBe(result.result.indexesDeferred);
    } finally {
      await opened.close();
    }
  }, 300_000);

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
