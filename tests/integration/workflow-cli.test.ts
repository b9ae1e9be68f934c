import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distElectron } from '../support/build';

const cli = path.join(distElectron, 'cli.mjs');
const env = { ...process.env, GRIDDESK_USER: 'admin', GRIDDESK_PASSWORD: 'griddesk2026', GRIDDESK_CONFIG_DIR: '' };
const run = (...args: string[]) => JSON.parse(execFileSync(process.execPath, [cli, ...args], { env }).toString());

describe('CLI: cases, transition, stats', () => {
  let workspace: string;
  // One workspace for the whole file (tests/support/temp removes its folders after each test).
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-cli-'));
  beforeAll(() => {
    env.GRIDDESK_CONFIG_DIR = path.join(scratch, 'config');
    workspace = path.join(scratch, 'demo');
    run('init', '--workspace', workspace, '--demo');
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('lists filtered cases with deadlines and an overdue flag', () => {
    const result = run('cases', '--workspace', workspace, '--status', 'in_progress,dispatched', '--overdue', '--limit', '20', '--json');
    expect(result.total).toBeGreaterThan(0);
    for (const c of result.cases) {
      expect(c).toMatchObject({ overdue: true, closedAt: null });
      expect(['in_progress', 'dispatched']).toContain(c.status);
      expect(Date.parse(c.deadlines.handling)).toBeLessThan(Date.now());
      expect(c).toHaveProperty('externalNo');
      expect(c).toHaveProperty('grid');
    }
    const closedLate = run('cases', '--workspace', workspace, '--status', 'closed', '--overdue', '--limit', '5');
    for (const c of closedLate.cases) expect(Date.parse(c.closedAt)).toBeGreaterThan(Date.parse(c.deadlines.handling));
  });

  it('runs a transition and refuses an illegal one with the allowed next steps', () => {
    const [registered] = run('cases', '--workspace', workspace, '--status', 'registered', '--limit', '1').cases;
    const dispatched = run('transition', String(registered.id), 'dispatch', '--department', '1', '--workspace', workspace);
    expect(dispatched).toMatchObject({ status: 'dispatched', event: { action: 'dispatched', fromStatus: 'registered', toStatus: 'dispatched' } });
    const refused = spawnSync(process.execPath, [cli, 'transition', String(registered.id), 'close', '--workspace', workspace], { env });
    expect(refused.status).toBe(1);
    const error = JSON.parse(refused.stderr.toString()).error;
    expect(error.code).toBe('transition_refused');
    expect(error.message).toMatch(/当前状态为「派遣」.*可执行：退单、响应/);
    const usage = spawnSync(process.execPath, [cli, 'transition', '1', 'fly', '--workspace', workspace], { env });
    expect(usage.status).toBe(2);
  });

  it('prints the month\'s rates and ranking', () => {
    const stats = run('stats', '--month', '2026-05', '--level', 'department', '--workspace', workspace);
    expect(stats.month).toBe('2026-05');
    expect(stats.rows.length).toBeGreaterThan(10);
    expect(stats.rows[0]).toMatchObject({ rank: 1 });
    for (const row of stats.rows) {
      if (row.response !== null) expect(row.response).toBeGreaterThanOrEqual(0);
      expect(row).toHaveProperty('change');
    }
  });
});
