import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Backend } from '../../electron/services/backend/backend';
import { JOURNAL_DIR } from '../../electron/services/db/durable-database';
import { listJournalFiles } from '../../electron/services/db/journal';
import { distElectron, repoRoot } from '../support/build';
import { tempDir } from '../support/temp';
import { signIn } from '../support/sign-in';

const cli = path.join(distElectron, 'cli.mjs');

/** Runs the real CLI; returns its JSON answer, or the JSON error and exit code when it fails. */
function runCli(args: string[], configDir: string): { status: number | null; json: { name?: string; kind?: string; counts?: { cases: number }; error?: { code: string } } & unknown[] } {
  const result = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, GRIDDESK_USER: 'admin', GRIDDESK_PASSWORD: 'griddesk2026', GRIDDESK_CONFIG_DIR: configDir }, maxBuffer: 16 << 20 });
  const text = (result.status === 0 ? result.stdout : result.stderr).toString();
  return { status: result.status, json: JSON.parse(text) };
}

describe('workspace backups', () => {
  it('keeps the outgoing snapshot as a daily backup, restores it through the CLI, and can undo the restore', async () => {
    const scratch = tempDir();
    const dir = path.join(scratch, 'demo');
    const configDir = path.join(scratch, 'config');
    const backend = new Backend({ configDir, resourcesDir: path.join(repoRoot, 'resources') });
    const created = await backend.createWorkspace(dir, true);
    await signIn(backend);
    const casesBefore = created.counts.cases;
    const grid = (await backend.call('regions:tree', {})).find((node) => node.level === 'grid' && node.centroid)!;
    const [lng, lat] = grid.centroid!;
    await backend.call('cases:create', {
      source: 'patrol', title: '备份测试：井盖缺失', description: '恢复备份后应消失', location: { lng, lat, crs: 'wgs84' },
    });
    // Closing writes a snapshot; the one it replaces (without the new case) becomes today's backup.
    await backend.closeWorkspace();

    const listed = JSON.parse(execFileSync(process.execPath, [cli, 'backups', '--workspace', dir], { env: { ...process.env, GRIDDESK_USER: 'admin', GRIDDESK_PASSWORD: 'griddesk2026', GRIDDESK_CONFIG_DIR: configDir } }).toString()) as {
      name: string; kind: string; bytes: number;
    }[];
    const daily = listed.find((backup) => backup.kind === 'daily');
    expect(daily?.name).toMatch(/^griddesk-\d{4}-\d{2}-\d{2}\.db$/);
    expect(daily!.bytes).toBeGreaterThan(1 << 20);

    const restored = runCli(['restore', daily!.name, '--workspace', dir], configDir);
    expect(restored.status).toBe(0);
    expect(restored.json.counts!.cases).toBe(casesBefore);
    expect(listJournalFiles(path.join(dir, JOURNAL_DIR)).every(({ file }) => fs.statSync(file).size === 0)).toBe(true);

    // The state the restore replaced was kept: restoring it brings the new case back.
    const afterRestore = runCli(['backups', '--workspace', dir], configDir).json as unknown as { name: string; kind: string }[];
    const beforeRestore = afterRestore.find((backup) => backup.kind === 'before-restore');
    expect(beforeRestore).toBeDefined();
    const undone = runCli(['restore', beforeRestore!.name, '--workspace', dir], configDir);
    expect(undone.json.counts!.cases).toBe(casesBefore + 1);
    const cases = runCli(['info', '--workspace', dir], configDir);
    expect(cases.json.counts!.cases).toBe(casesBefore + 1);
  }, 180_000);

  it('refuses a name that is not one of the workspace’s backups and changes nothing', async () => {
    const scratch = tempDir();
    const dir = path.join(scratch, 'demo');
    const configDir = path.join(scratch, 'config');
    const backend = new Backend({ configDir, resourcesDir: path.join(repoRoot, 'resources') });
    const casesBefore = (await backend.createWorkspace(dir, true)).counts.cases;
    await backend.closeWorkspace();
    fs.writeFileSync(path.join(dir, 'backups', 'griddesk-2020-01-01.db'), 'not a database');

    for (const [name, code] of [
      ['../griddesk.db', 'invalid_input'],
      ['griddesk-1999-01-01.db', 'backup_not_found'],
      ['griddesk-2020-01-01.db', 'backup_unreadable'],
    ] as const) {
      const refused = runCli(['restore', name, '--workspace', dir], configDir);
      expect(refused.status, name).toBe(1);
      expect(refused.json.error!.code, name).toBe(code);
    }
    expect(runCli(['info', '--workspace', dir], configDir).json.counts!.cases).toBe(casesBefore);
  }, 180_000);
});
