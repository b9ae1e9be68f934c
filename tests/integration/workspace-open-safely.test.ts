import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/services/backend/backend';
import { HttpBridge } from '../../electron/services/backend/http-bridge';
import { Workspace } from '../../electron/services/workspace/workspace';
import { LOCK_FILE } from '../../electron/services/workspace/workspace-lock';
import { distElectron, repoRoot } from '../support/build';
import { tempDir } from '../support/temp';

const run = promisify(execFile);
const BACKUP = 'griddesk-2026-11-21.db';
const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

function newBackend(root: string): Backend {
  const backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
  open.push({ close: () => backend.closeWorkspace() });
  return backend;
}

/** A workspace with a backup and five committed transactions, the third one damaged by a flipped byte. */
async function damagedWorkspace(root: string): Promise<{ dir: string; journal: string; damaged: Buffer }> {
  const dir = path.join(root, 'ws');
  const workspace = await Workspace.open(dir, { create: true });
  fs.copyFileSync(path.join(dir, 'griddesk.db'), path.join(dir, 'backups', BACKUP));
  for (let i = 0; i < 5; i++) {
    await workspace.db.transaction((tx) => {
      tx.run('INSERT INTO meta (key, value) VALUES (?, ?)', [`k${i}`, `${i}`.repeat(2000)]);
      // An identity (it may have sent changes): a salvage must begin a new era of local names.
      if (i === 0) tx.run("INSERT INTO meta (key, value) VALUES ('workspace.id', 'ab12cd34ef56ab78')");
    });
  }
  await workspace.close({ checkpoint: false });
  const journalDir = path.join(dir, 'journal');
  const journal = path.join(journalDir, fs.readdirSync(journalDir).find((name) => name.endsWith('.journal'))!);
  const damaged = fs.readFileSync(journal);
  damaged[Math.floor(damaged.length / 2)] ^= 0xff;
  fs.writeFileSync(journal, damaged);
  return { dir, journal, damaged };
}

describe('opening a damaged workspace: refused with the file and record, and three ways out by recent-list id', () => {
  it('read-only up to the damage, backups listed without opening, salvage with its report', async () => {
    const root = tempDir();
    const { dir, journal, damaged } = await damagedWorkspace(root);
    const backend = newBackend(root);
    await expect(backend.openWorkspace(dir)).rejects.toMatchObject({ code: 'journal_damaged' });

    const status = await backend.call('workspace:status', {});
    expect(status).toMatchObject({ open: false, readOnly: false, problem: { code: 'journal_damaged', dir } });
    const problem = status.problem!;
    expect(problem.message).toContain(path.basename(journal));
    expect(problem.damage).toMatchObject({ file: journal });
    expect(problem.damage!.record).toBeGreaterThan(1);
    expect((await backend.call('workspace:recent', {})).map((item) => item.id)).toContain(problem.recentId);

    // Backups of the workspace that does not open.
    expect((await backend.call('workspace:backups', { recent: problem.recentId })).map((backup) => backup.name)).toEqual([BACKUP]);

    // 1. Read-only up to the damage: no lock, nothing written, writes refused.
    const readOnly = await backend.call('workspace:open', { recent: problem.recentId, mode: 'read-only-to-damage' });
    expect(readOnly.readOnly).toBe(true);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    expect(await backend.call('workspace:status', {})).toMatchObject({ open: true, readOnly: true, damage: { file: journal } });
    expect(() => backend.openedWorkspace!.db.transaction((tx) => tx.run("INSERT INTO meta (key, value) VALUES ('x', 'y')"))).toThrow(
      expect.objectContaining({ code: 'read_only' }),
    );
    expect(fs.readFileSync(journal).equals(damaged)).toBe(true);

    // 3. Salvage: every whole transaction after the damage, the journal kept in quarantine.
    const { info, report } = await backend.call('workspace:salvage', { recent: problem.recentId });
    expect(info.readOnly).toBe(false);
    expect(report!.applied).toBeGreaterThanOrEqual(1);
    expect(report!.skipped.length).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(report!.quarantinedTo)).toBe(true);
    expect((await backend.call('workspace:status', {})).problem).toBeUndefined();
    // Transactions were skipped: ids may be handed out again, so rows made from now on are named anew (docs/sync.md).
    const eras = backend.openedWorkspace!.db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'workspace.eras'");
    expect(JSON.parse(eras!.value)).toEqual([{ caseAfter: 0, eventAfter: 0, whistleAfter: 0 }]);
  });

  it('restore a backup into the workspace that does not open', async () => {
    const root = tempDir();
    const { dir, journal, damaged } = await damagedWorkspace(root);
    const backend = newBackend(root);
    await expect(backend.openWorkspace(dir)).rejects.toMatchObject({ code: 'journal_damaged' });
    const { problem } = await backend.call('workspace:status', {});
    const info = await backend.call('workspace:restore', { backup: BACKUP, recent: problem!.recentId });
    expect(info).toMatchObject({ dir, readOnly: false });
    // The restored workspace opened and took up the pending era (none: the backup predates its identity).
    expect(fs.existsSync(path.join(dir, 'new-era.pending'))).toBe(false);
    expect(backend.openedWorkspace!.db.get("SELECT value FROM meta WHERE key = 'workspace.eras'")).toBeUndefined();
    // The damaged journal is never replayed onto the backup, and never deleted: it is in quarantine/.
    expect(fs.existsSync(journal) && fs.readFileSync(journal).equals(damaged)).toBe(false);
    const quarantined = fs.readdirSync(path.join(dir, 'quarantine'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith(path.basename(journal)));
    expect(quarantined.map((name) => fs.readFileSync(path.join(dir, 'quarantine', name)).equals(damaged))).toContain(true);
  });
});

describe('read-only beside a writer', () => {
  it('a second opener is refused the writer lock but opens read-only (in this process and in a CLI process)', async () => {
    const root = tempDir();
    const dir = path.join(root, 'ws');
    const writer = await Workspace.open(dir, { create: true });
    open.push(writer);
    const backend = newBackend(root);
    await expect(backend.openWorkspace(dir)).rejects.toMatchObject({ code: 'workspace_locked' });
    expect(await backend.openWorkspace(dir, { readOnly: true })).toMatchObject({ readOnly: true });
    await backend.closeWorkspace();

    const cli = (...args: string[]) =>
      run(process.execPath, [path.join(distElectron, 'cli.mjs'), ...args, '--workspace', dir], { env: { ...process.env, GRIDDESK_USER: 'admin', GRIDDESK_PASSWORD: 'griddesk2026', GRIDDESK_CONFIG_DIR: path.join(root, 'cli-config') } });
    const check = JSON.parse((await cli('open-check')).stdout) as { opens: boolean; code: string; details: { holder: { pid: number } } };
    expect(check).toMatchObject({ opens: false, code: 'workspace_locked', details: { holder: { pid: process.pid } } });
    expect(JSON.parse((await cli('backups')).stdout)).toEqual([]);
  });
});

describe('the renderer never names a folder (through the real HTTP bridge)', () => {
  it('refuses workspace:open with a path, an id not on the recent list, and workspace:create', async () => {
    const root = tempDir();
    const backend = newBackend(root);
    await backend.openWorkspace(path.join(root, 'ws'), { create: true });
    const bridge = new HttpBridge(backend, path.join(root, 'no-renderer'));
    const url = new URL(await bridge.start());
    open.push({ close: () => bridge.stop() });
    const cookie = (await fetch(url)).headers.get('set-cookie')!.split(';')[0]!;
    const post = async (channel: string, input: unknown) => {
      const res = await fetch(`${url.origin}/api/invoke`, { method: 'POST', headers: { cookie, 'Content-Type': 'application/json' }, body: JSON.stringify({ channel, input }) });
      return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string } } };
    };
    for (const input of [{ dir: '/etc' }, { dir: '/etc', recent: 'x' }, { recent: '/etc' }]) {
      expect(await post('workspace:open', input)).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_input' } } });
    }
    expect(await post('workspace:create', { dir: '/tmp/evil', demo: true })).toMatchObject({ status: 400, body: { error: { code: 'unknown_channel' } } });
    const unknown = '0123456789abcdef';
    for (const [channel, input] of [
      ['workspace:open', { recent: unknown }],
      ['workspace:salvage', { recent: unknown }],
      ['workspace:backups', { recent: unknown }],
      ['workspace:restore', { backup: BACKUP, recent: unknown }],
    ] as const) {
      expect(await post(channel, input), channel).toMatchObject({ status: 200, body: { ok: false, error: { code: 'not_in_recent' } } });
    }
    // The open workspace is untouched by all of it.
    expect(backend.workspaceDir).toBe(path.join(root, 'ws'));
  });
});
