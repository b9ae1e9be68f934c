import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../electron/services/workspace/workspace';
import { LOCK_FILE, UNREADABLE_GRACE_MS, lockHolder } from '../../electron/services/workspace/workspace-lock';
import { repoRoot } from '../support/build';
import { tempDir } from '../support/temp';

const TRIALS = 200;
const RACERS = 3;

type Reply = { trial: number; won?: boolean; pid?: number; code?: string; released?: boolean };

/** A racer process (tests/support/lock-racer.ts, bundled here) answering one message at a time. */
class Racer {
  private waiting: ((reply: Reply) => void) | undefined;
  constructor(readonly child: ChildProcess) {
    child.on('message', (reply: Reply) => this.waiting?.(reply));
  }
  ask(message: object): Promise<Reply> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.child.send(message);
    });
  }
}

let racers: Racer[] = [];
let scriptDir: string;

beforeAll(async () => {
  // Inside the repository, so the bundle resolves sql.js from node_modules.
  const cacheDir = path.join(repoRoot, 'node_modules', '.cache');
  fs.mkdirSync(cacheDir, { recursive: true }); // a clean clone has no cache folder yet
  scriptDir = fs.mkdtempSync(path.join(cacheDir, 'griddesk-racer-'));
  const script = path.join(scriptDir, 'lock-racer.mjs');
  await build({
    entryPoints: [path.join(repoRoot, 'tests', 'support', 'lock-racer.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    loader: { '.sql': 'text' },
    logLevel: 'warning',
  });
  racers = await Promise.all(
    Array.from({ length: RACERS }, async () => {
      const child = fork(script, [], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      await new Promise((resolve, reject) => {
        child.once('message', resolve);
        child.once('exit', (code) => reject(new Error(`racer exited (${code}) before it was ready`)));
      });
      return new Racer(child);
    }),
  );
});

afterAll(() => {
  for (const racer of racers) racer.child.kill();
  fs.rmSync(scriptDir, { recursive: true, force: true });
});

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

const situations: { name: string; winners: number; loserCode: string; plant(lock: string, dead: number): void }[] = [
  { name: 'fresh (no lock)', winners: 1, loserCode: 'workspace_locked', plant: () => undefined },
  {
    name: 'stale lock of a dead process on this computer',
    winners: 1,
    loserCode: 'workspace_locked',
    plant: (lock, dead) => fs.writeFileSync(lock, JSON.stringify({ pid: dead, host: os.hostname(), user: 'x', app: 'app', since: 1, nonce: `dead-${Math.random()}` })),
  },
  {
    name: 'lock of another computer',
    winners: 0,
    loserCode: 'workspace_locked_elsewhere',
    plant: (lock, dead) => fs.writeFileSync(lock, JSON.stringify({ pid: dead, host: 'GRID-PC-07', user: 'wang', app: 'app', since: 1, nonce: 'far' })),
  },
  {
    name: 'empty lock file (a writer died between create and write)',
    winners: 1,
    loserCode: 'workspace_locked',
    plant: (lock) => {
      fs.writeFileSync(lock, '');
      const at = new Date(Date.now() - UNREADABLE_GRACE_MS - 5_000);
      fs.utimesSync(lock, at, at);
    },
  },
];

describe(`workspace lock race: ${RACERS} processes open the same workspace for writing, ${TRIALS} times per situation`, () => {
  for (const situation of situations) {
    it(situation.name, { timeout: 600_000 }, async () => {
      const dir = path.join(tempDir(), 'ws');
      await (await Workspace.open(dir, { create: true })).close();
      const lock = path.join(dir, LOCK_FILE);
      const dead = deadPid();
      const tally = new Map<number, number>();
      for (let trial = 0; trial < TRIALS; trial++) {
        situation.plant(lock, dead);
        const at = Date.now() + 25;
        const replies = await Promise.all(racers.map((racer) => racer.ask({ type: 'go', trial, dir, at })));
        const winners = replies.filter((reply) => reply.won);
        tally.set(winners.length, (tally.get(winners.length) ?? 0) + 1);
        expect(winners.length, `trial ${trial}: ${JSON.stringify(replies)}`).toBe(situation.winners);
        for (const loser of replies.filter((reply) => !reply.won)) expect(loser.code).toBe(situation.loserCode);
        if (winners[0]) expect(lockHolder(dir)?.pid).toBe(winners[0].pid);
        await Promise.all(racers.map((racer) => racer.ask({ type: 'release', trial })));
        if (situation.winners === 1) expect(fs.existsSync(lock)).toBe(false);
        else fs.rmSync(lock, { force: true });
      }
      expect(Object.fromEntries(tally)).toEqual({ [situation.winners]: TRIALS });
      // Nothing left over: no temp files, no takeover guards, no moved-aside locks.
      expect(fs.readdirSync(dir).filter((name) => name.startsWith(LOCK_FILE))).toEqual([]);
    });
  }
});
