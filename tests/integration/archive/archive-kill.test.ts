import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../../electron/contract';
import { Backend } from '../../../electron/services/backend/backend';
import { repoRoot } from '../../support/build';
import { signIn } from '../../support/sign-in';

/** Kills at these moments after the child opened the workspace (ms), then one run left to finish. */
const KILLS_MS = [150, 900, 2_500, 5_000];

async function bundleChild(): Promise<string> {
  const outfile = path.join(repoRoot, 'node_modules', '.cache', 'griddesk-archive-kill', 'archive-kill-child.mjs');
  await build({
    entryPoints: [path.join(import.meta.dirname, 'archive-kill-child.ts')],
    outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', loader: { '.sql': 'text' }, logLevel: 'warning',
  });
  return outfile;
}

/** Runs the child; kills it `killMs` after it is ready (null: lets it finish). Resolves with what it said. */
function runChild(script: string, dir: string, killMs: number | null): Promise<{ said: string[]; killed: boolean }> {
  return new Promise((resolve) => {
    const child = fork(script, [dir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const said: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    child.on('message', (message: string) => {
      said.push(message);
      if (message === 'ready' && killMs !== null) timer = setTimeout(() => child.kill('SIGKILL'), killMs);
    });
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ said, killed: signal === 'SIGKILL' });
    });
  });
}

/**
 * Archiving killed at any moment (writing a month's file, inside the transaction that slims its
 * cases, compacting): every case opens afterwards exactly as before, whether it is slim or still
 * in full, every slim case's file reads, the three rates do not move, and the next run finishes.
 */
describe('archiving survives a process killed at any moment', () => {
  let root: string;
  let dir: string;
  let script: string;
  let backend: Backend;
  let sample: number[];
  let before: CaseDetail[];
  let ratesBefore: unknown;

  const open = async () => {
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.openWorkspace(dir);
    await signIn(backend);
  };
  const details = () => sample.map((id) => ({ ...backend.openedServices!.cases.unmasked(id), archive: null }));

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-archive-kill-'));
    dir = path.join(root, 'desk');
    script = await bundleChild();
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.createWorkspace(dir, true);
    await signIn(backend);
    const db = backend.openedWorkspace!.db;
    // Cases from every month the run archives, and a few it keeps.
    sample = db.all<{ id: number }>(`SELECT id FROM cases WHERE id % 997 = 0 ORDER BY id`).map((r) => r.id);
    before = details();
    ratesBefore = await backend.call('rates:ranking', { month: '2026-03', level: 'dispatcher' });
    await backend.closeWorkspace();
  }, 300_000);
  afterAll(async () => {
    await backend?.closeWorkspace().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('loses nothing whenever it is killed, and finishes on the next run', async () => {
    const slimAfterKill: number[] = [];
    for (const killMs of [...KILLS_MS, null]) {
      const { said, killed } = await runChild(script, dir, killMs);
      expect(killed, `run killed after ${killMs} ms: ${said.join(', ')}`).toBe(killMs !== null && !said.some((s) => s.startsWith('done')));
      await open();
      const db = backend.openedWorkspace!.db;
      slimAfterKill.push(db.get<{ n: number }>('SELECT count(*) AS n FROM case_archive')!.n);
      expect(details()).toEqual(before);
      for (const { file } of db.all<{ file: string }>('SELECT DISTINCT file FROM case_archive')) {
        expect(fs.existsSync(path.join(dir, file)), file).toBe(true);
      }
      expect(await backend.call('rates:ranking', { month: '2026-03', level: 'dispatcher' })).toEqual(ratesBefore);
      await backend.closeWorkspace();
    }
    process.stderr.write(`slim after each run: ${slimAfterKill.join(", ")}\n`);
    const plan = slimAfterKill.at(-1)!;
    expect(plan).toBeGreaterThan(20_000);
    // The kills landed at different stages: at least one before everything was slim.
    expect(slimAfterKill.some((n) => n < plan)).toBe(true);
  }, 600_000);
});
