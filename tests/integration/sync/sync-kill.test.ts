import { execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, beijingTime as bj } from '../../../electron/services/calendar/work-calendar';
import { openPackage, readChanges } from '../../../electron/services/exchange/package-format';
import { HubCursorRepository } from '../../../electron/services/hub/hub-cursor.repository';
import { migrateHub } from '../../../electron/services/hub/hub-migrator';
import { HubSyncService } from '../../../electron/services/hub/hub-sync.service';
import { changesAfter, hubCase } from '../../../electron/services/hub/hub.repository';
import { hubMigrations, hubPostgisScript } from '../../../electron/services/hub/migrations';
import { repoRoot } from '../../support/build';
import { createTestDatabase } from '../../support/pg-cluster.mjs';
import { newCaseIn, openExchangeDesk, type ExchangeDesk } from '../exchange/exchange-desks';
import { reopenExchangeDesk } from './sync-kill-desks';
import type { KillChildMessage, KillChildTask } from './sync-kill-protocol';
import { act } from './sync-desks';

/**
 * Issue 14, both transports under crashes: three workstations (real workspaces on real files) work
 * on the same cases and meet through a real PostgreSQL hub and through exchange packages, in random
 * orders. A push, a pull or a package receive runs in a child process that is SIGKILLed at a random
 * point (inside the hub transaction, between a local apply and its cursor or ack, after a page, or
 * after a random while); a push in this process has its hub connection terminated midway. After
 * each kill the workspace is opened from its files, as the app's next start would, and work goes on.
 * Every change a call acknowledged before a kill is kept; in the end all desks, and a fourth that
 * only pulls from the hub, hold the same cases, and the hub holds every change exactly once.
 */
const BATCH = 3;
const PAGE = 4;
const SEED = Number(process.env.SYNC_KILL_SEED ?? 20261205);
// Two runs fit CI (each child step opens an 80 MB workspace twice); SYNC_KILL_RUNS=20 for a longer hunt.
const RUNS = Number(process.env.SYNC_KILL_RUNS ?? 2);

// A SIGKILL is a process crash, not a power cut: what write() handed the kernel survives it on any
// file system. On a tmpfs (where this machine lets the test mount one) fsync costs nothing, so the
// four 80 MB workspaces open and write as fast as this machine's CPUs allow, not its shared disk.
function mountTmpfs(dir: string): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1g', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function bundleChild(): Promise<string> {
  const outfile = path.join(repoRoot, 'node_modules', '.cache', 'griddesk-sync-kill', 'sync-kill-child.mjs');
  await build({
    entryPoints: [path.join(import.meta.dirname, 'sync-kill-child.ts')],
    outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external',
    loader: { '.sql': 'text' }, logLevel: 'warning',
  });
  return outfile;
}

interface ChildOutcome {
  acks: KillChildMessage[];
  killed: boolean;
  stderr: string;
  /** From the start of the process to the workspace opened. */
  openMs: number;
}

/** A kill from outside: that long after the child has opened the workspace, or after it started (while it opens). */
interface TimedKill {
  afterMs: number;
  from: 'ready' | 'start';
}

function runChild(script: string, task: KillChildTask, timed: TimedKill | null): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = fork(script, [JSON.stringify(task)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const outcome: ChildOutcome = { acks: [], killed: false, stderr: '', openMs: 0 };
    const killLater = () => setTimeout(() => child.kill('SIGKILL'), timed!.afterMs);
    let timer = timed?.from === 'start' ? killLater() : undefined;
    child.stderr!.on('data', (chunk: Buffer) => (outcome.stderr += chunk.toString()));
    child.on('message', (message: KillChildMessage) => {
      outcome.acks.push(message);
      if (message.kind !== 'ready') return;
      outcome.openMs = performance.now() - started;
      if (timed?.from === 'ready') timer = killLater();
    });
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      outcome.killed = signal === 'SIGKILL';
      resolve(outcome);
    });
  });
}

describe('sync through the hub and exchange packages survives processes killed mid-push, mid-pull and mid-apply', () => {
  let now = bj(2026, 11, 3, 9);
  const clock = () => now;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-sync-kill-'));
  const onTmpfs = mountTmpfs(dir);
  const names = ['street', 'community', 'district'];
  let script: string;
  let url: string;
  let admin: pg.Client;
  /** An open desk per slot, or null while a child holds its files. */
  const desks: (ExchangeDesk | null)[] = [null, null, null];
  const hubConns: (pg.Client | null)[] = [null, null, null];
  /** Cut the next in-process push of a desk after this many batches, by terminating its connection. */
  const drops: (number | null)[] = [null, null, null];
  /** Per desk: change ids it has acknowledged holding (made here, or acknowledged by a child). */
  const mustHave = names.map(() => new Set<string>());
  /** Change ids a push acknowledged: they are on the hub. */
  const hubMustHave = new Set<string>();
  const uids: string[] = [];
  const seen = { acts: 0, childOps: 0, killed: 0, selfKilled: 0, timedKilled: 0, killedOpening: 0, acksBeforeKill: 0, dropped: 0, packages: 0, conflicts: 0 };

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url, application_name: 'griddesk-sync-kill' });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  function desk(i: number): ExchangeDesk {
    return desks[i]!;
  }

  function hubSync(i: number): HubSyncService {
    return new HubSyncService(desk(i).sync, new HubCursorRepository(desk(i).workspace.db), {
      hub: 'test-hub', clock, batchSize: BATCH, pageSize: PAGE,
      afterPushBatch: async () => {
        if (drops[i] === null || drops[i]!-- > 0) return;
        drops[i] = null;
        await admin.query('SELECT pg_terminate_backend($1)', [(hubConns[i] as unknown as { processID: number }).processID]);
      },
    });
  }

  async function hubConn(i: number): Promise<pg.Client> {
    hubConns[i] ??= await connect();
    return hubConns[i]!;
  }

  /** Every change id of the test's cases this desk holds. */
  function held(i: number): Set<string> {
    const d = desk(i);
    const ids = uids.flatMap((uid) => d.caseId(uid) ?? []);
    return new Set(d.sync.extract(ids).map((c) => c.id));
  }

  async function onHub(): Promise<{ id: string; seq: number }[]> {
    return (await changesAfter(admin, 0, 1_000_000)).map((c) => ({ id: c.changeId, seq: c.seq }));
  }

  function expectHeld(i: number, label: string): void {
    const have = held(i);
    const missing = [...mustHave[i]!].filter((id) => !have.has(id));
    expect(missing, `${names[i]} lost acknowledged changes after ${label}`).toEqual([]);
  }

  beforeAll(async () => {
    script = await bundleChild();
    url = await createTestDatabase();
    admin = await connect();
    await migrateHub(admin, hubMigrations, hubPostgisScript);
    for (const [i, name] of names.entries()) desks[i] = await openExchangeDesk(dir, name, name, clock);
    // Everyone paired with everyone; only what changes from now on travels (all began as the same district).
    for (const a of desks) for (const b of desks) if (a !== b) a!.exchange.pair(b!.exchange.card(), 'all');
    for (let i = 0; i < names.length; i++) hubSync(i).skipHistory();
  }, 300_000);

  afterAll(async () => {
    for (const client of [...hubConns, admin]) await client?.end().catch(() => undefined);
    for (const d of desks) await d?.workspace.close({ checkpoint: false });
    if (onTmpfs) execFileSync('umount', [dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Hands desk i's files to a child for one task, then opens them again as the app would. */
  /** How long the last child took to open its workspace: kills while opening land within it. */
  let openMs = 500;

  async function inChild(i: number, task: Omit<KillChildTask, 'dir' | 'now'>, timed: TimedKill | null): Promise<ChildOutcome> {
    for (const id of held(i)) mustHave[i]!.add(id);
    await hubConns[i]?.end().catch(() => undefined);
    hubConns[i] = null;
    await desk(i).workspace.close({ checkpoint: false });
    desks[i] = null;
    const outcome = await runChild(script, { ...task, dir: path.join(dir, names[i]!), now }, timed);
    if (outcome.openMs) openMs = outcome.openMs;
    desks[i] = await reopenExchangeDesk(path.join(dir, names[i]!), clock);
    seen.childOps++;
    if (outcome.killed) {
      seen.killed++;
      if (task.killAt) seen.selfKilled++;
      else seen.timedKilled++;
      if (outcome.acks.length === 0) seen.killedOpening++;
      if (outcome.acks.some((a) => a.kind !== 'ready')) seen.acksBeforeKill++;
    } else {
      expect(outcome.acks.map((a) => a.kind), outcome.stderr.slice(-2000)).toContain('closed');
    }
    return outcome;
  }

  const kill = fc.oneof(
    { arbitrary: fc.constant(null), weight: 1 },
    // Early points (the first batch, apply or page) are met even by small pushes and pulls.
    { arbitrary: fc.record({ at: fc.constantFrom('batch', 'apply', 'page', 'end'), n: fc.nat(1) }), weight: 4 },
    { arbitrary: fc.record({ afterMs: fc.nat(25) }), weight: 2 },
    { arbitrary: fc.record({ whileOpening: fc.nat(99) }), weight: 1 },
  );
  const step = fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('create' as const), desk: fc.nat(2) }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('act' as const), desk: fc.nat(2), which: fc.nat(3), pick: fc.nat(20) }), weight: 8 },
    { arbitrary: fc.record({ kind: fc.constant('push' as const), desk: fc.nat(2), kill }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('pull' as const), desk: fc.nat(2), kill }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('exchange' as const), desk: fc.nat(2), to: fc.nat(1), kill }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('droppedPush' as const), desk: fc.nat(2), after: fc.nat(1) }), weight: 2 },
  );
  type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;
  type Kill = typeof kill extends fc.Arbitrary<infer T> ? T : never;

  function killPoint(k: Kill): { killAt?: string; timed: TimedKill | null } {
    if (k === null) return { timed: null };
    if ('afterMs' in k) return { timed: { afterMs: k.afterMs, from: 'ready' } };
    // Opening after a kill may itself write (a torn journal tail cut): a kill can land there too.
    if ('whileOpening' in k) return { timed: { afterMs: (openMs * k.whileOpening) / 100, from: 'start' } };
    const at = k.at === 'batch' ? `batch:${BATCH * (k.n + 1)}` : k.at === 'end' ? 'end' : `${k.at}:${k.n + 1}`;
    return { killAt: at, timed: null };
  }

  async function push(i: number, k: Kill): Promise<void> {
    const sending = held(i);
    if (k === null) {
      await hubSync(i).push(await hubConn(i));
      for (const id of sending) hubMustHave.add(id);
    } else {
      const { killAt, timed } = killPoint(k);
      const outcome = await inChild(i, { op: 'push', hubUrl: url, batchSize: BATCH, pageSize: PAGE, killAt }, timed);
      if (outcome.acks.some((a) => a.kind === 'pushed')) for (const id of sending) hubMustHave.add(id);
    }
    const there = new Set((await onHub()).map((c) => c.id));
    expect([...hubMustHave].filter((id) => !there.has(id)), 'acknowledged pushes missing on the hub').toEqual([]);
  }

  async function pull(i: number, k: Kill): Promise<void> {
    const hub = await onHub();
    let upTo = Infinity;
    if (k !== null) {
      const { killAt, timed } = killPoint(k);
      const outcome = await inChild(i, { op: 'pull', hubUrl: url, batchSize: BATCH, pageSize: PAGE, killAt }, timed);
      const pulledAll = outcome.acks.some((a) => a.kind === 'pulled');
      if (!pulledAll) upTo = Math.max(0, ...outcome.acks.flatMap((a) => (a.kind === 'page' ? [a.seq] : [])));
    } else await hubSync(i).pull(await hubConn(i));
    for (const c of hub) if (c.seq <= upTo) mustHave[i]!.add(c.id);
    expectHeld(i, `a pull (${JSON.stringify(k)})`);
  }

  async function exchange(from: number, to: number, k: Kill): Promise<void> {
    const bytes = desk(from).exchange.writePackage(desk(to).id);
    const carried = readChanges(openPackage(bytes)).map((c) => c.id);
    seen.packages++;
    if (k === null) {
      desk(to).exchange.receivePackage(bytes);
      for (const id of carried) mustHave[to]!.add(id);
    } else {
      const { killAt, timed } = killPoint(k);
      const packageFile = path.join(dir, `to-${names[to]}.gdx`);
      fs.writeFileSync(packageFile, bytes);
      const outcome = await inChild(to, { op: 'receive', packageFile, killAt }, timed);
      if (outcome.acks.some((a) => a.kind === 'received')) for (const id of carried) mustHave[to]!.add(id);
    }
    expectHeld(to, 'a package receive');
  }

  async function droppedPush(i: number, after: number): Promise<void> {
    drops[i] = after;
    const before = (await onHub()).length;
    const outcome = await hubSync(i).push(await hubConn(i)).then(() => 'pushed', (e: Error & { code?: string }) => e.code);
    if (drops[i] === null) {
      // Cut: nothing of it reached the hub (one transaction), and the desk says so.
      expect(outcome).toBe('hub_push_failed');
      expect((await onHub()).length).toBe(before);
      seen.dropped++;
      await hubConns[i]!.end().catch(() => undefined);
      hubConns[i] = null;
    }
    drops[i] = null;
  }

  async function run(s: Step): Promise<void> {
    now += HOUR / 4;
    if (s.kind === 'create') uids.push(newCase(s.desk));
    else if (s.kind === 'act') {
      const uid = uids[uids.length - 1 - (s.which % uids.length)]!;
      const caseId = desk(s.desk).caseId(uid);
      if (caseId !== undefined && act(desk(s.desk), caseId, s.pick)) seen.acts++;
    } else if (s.kind === 'push') await push(s.desk, s.kill);
    else if (s.kind === 'pull') await pull(s.desk, s.kill);
    else if (s.kind === 'exchange') await exchange(s.desk, (s.desk + 1 + s.to) % 3, s.kill);
    else await droppedPush(s.desk, s.after);
  }

  function newCase(i: number): string {
    const d = desk(i);
    const id = newCaseIn(d, d.workspace.db.get<{ code: string }>(`SELECT code FROM regions WHERE level = 'community' ORDER BY code LIMIT 1`)!.code, '断电同步测试：占道经营');
    return d.sync.extract([id])[0]!.caseUid;
  }

  /** Everything to everyone through both transports, without kills, until nothing new moves. */
  async function quiesce(): Promise<void> {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 3; i++) {
        const before = (await onHub()).length;
        const report = await hubSync(i).push(await hubConn(i));
        // A push that follows a killed one sends some changes again: only the hub's new ones count as inserted.
        expect(report.inserted).toBe((await onHub()).length - before);
      }
      for (let i = 0; i < 3; i++) await hubSync(i).pull(await hubConn(i));
      for (let from = 0; from < 3; from++) for (let to = 0; to < 3; to++) if (from !== to) desk(to).exchange.receivePackage(desk(from).exchange.writePackage(desk(to).id));
    }
  }

  it('keeps every acknowledged change and converges on all desks and the hub, whatever is killed when', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 28, maxLength: 40 }), async (steps) => {
        uids.push(newCase(0));
        for (const s of steps) await run(s);
        await quiesce();
        const made = new Set<string>();
        for (let i = 0; i < 3; i++) {
          expectHeld(i, 'the final sync');
          for (const id of held(i)) made.add(id);
        }
        for (const uid of uids) {
          const [first, ...rest] = desks.map((d) => d!.sync.canonical([d!.caseId(uid)!])[0] as { row: { status: string }; conflicts: string[] });
          for (const other of rest) expect(other).toEqual(first);
          if (first!.conflicts.length) seen.conflicts++;
          expect(await hubCase(admin, uid)).toMatchObject({ status: first!.row.status, syncConflict: first!.conflicts.length > 0 });
        }
        // Exactly once on the hub, and nothing anyone acknowledged is missing anywhere.
        const hub = (await onHub()).map((c) => c.id);
        expect(hub.length).toBe(new Set(hub).size);
        expect(new Set(hub)).toEqual(made);
        for (const id of hubMustHave) expect(made.has(id)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // A fourth workstation that only pulls from the hub holds the same cases.
    const fourth = await openExchangeDesk(dir, 'city', 'city', clock);
    try {
      const hub = new HubSyncService(fourth.sync, new HubCursorRepository(fourth.workspace.db), { hub: 'test-hub', clock, pageSize: 50 });
      const client = await connect();
      await hub.pull(client);
      await client.end();
      for (const uid of uids) expect(fourth.sync.canonical([fourth.caseId(uid)!])).toEqual(desk(0).sync.canonical([desk(0).caseId(uid)!]));
    } finally {
      await fourth.workspace.close({ checkpoint: false });
    }
    console.log(`sync kill runs (seed ${SEED}, ${onTmpfs ? 'tmpfs' : 'temp folder'}):`, seen);
    // Kills landed both at chosen points and at random moments, some after acknowledgements, and work collided.
    expect(seen.selfKilled).toBeGreaterThan(1);
    expect(seen.timedKilled).toBeGreaterThan(0);
    expect(seen.acksBeforeKill).toBeGreaterThan(0);
    expect(seen.dropped).toBeGreaterThan(0);
    expect(seen.conflicts).toBeGreaterThan(0);
  }, 600_000);
});
