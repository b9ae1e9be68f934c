import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { DurableDatabase, SNAPSHOT_FILE } from '../../../electron/services/db/durable-database';
import { repoRoot } from '../../support/build';
import { crashMigrations, INSERT_PROBE, SELECT_PROBES, type ChildMessage, type ParentMessage } from './crash-protocol';

/**
 * SIGKILL trials against a real process writing a workspace: each trial starts the child, lets it
 * write (acknowledged writes are recorded), kills it at a random moment, then opens the workspace
 * as the user's next start would and checks every acknowledged write is there. Kills land in
 * journal appends, snapshots (a small journal threshold makes them frequent), the daily backup
 * (the snapshot is aged by a day now and then, so the next one takes a new backup and prunes) and
 * deferred index rebuilds (some trials drop the probe table's indexes first).
 */
export interface CrashFigures {
  trials: number;
  acknowledged: number;
  lost: string[];
  failedOpens: string[];
  /** Trials killed inside a snapshot (one taking a new daily backup), or with an index rebuild unfinished. */
  duringSnapshot: number;
  duringBackup: number;
  duringIndexRebuild: number;
  /** Writes stored that were never acknowledged (at most the one in flight per kill). */
  unacknowledgedStored: number;
  snapshotsWritten: number;
}

/** Seeded so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function bundleChild(): Promise<string> {
  const outfile = path.join(repoRoot, 'node_modules', '.cache', 'griddesk-crash', 'crash-child.mjs');
  await build({
    entryPoints: [path.join(import.meta.dirname, 'crash-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    loader: { '.sql': 'text' },
    logLevel: 'warning',
  });
  return outfile;
}

class Child {
  readonly process: ChildProcess;
  readonly ready: Promise<boolean>;
  readonly exited: Promise<void>;
  stderr = '';
  /** A snapshot had started and not finished (export, temp file, backup, rename, retiring files). */
  inSnapshot = false;
  private dead = false;
  private nextId = 1;
  private readonly waiting = new Map<number, (ok: boolean) => void>();

  constructor(script: string, dir: string) {
    this.process = fork(script, [dir], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
    this.ready = new Promise((resolve) => {
      this.process.once('message', (message: ChildMessage) => resolve(message.kind === 'ready'));
      void this.exited.then(() => resolve(false));
    });
    this.process.on('message', (message: ChildMessage) => {
      if (message.kind === 'ready') return;
      if (message.kind === 'snapshot') {
        this.inSnapshot = message.phase === 'start';
        return;
      }
      this.waiting.get(message.id)?.(message.kind === 'ack');
      this.waiting.delete(message.id);
    });
    void this.exited.then(() => {
      this.dead = true;
      for (const resolve of this.waiting.values()) resolve(false);
      this.waiting.clear();
    });
  }

  /** True once acknowledged; false when the child died first (or refused). */
  request(message: Omit<Extract<ParentMessage, { kind: 'write' }>, 'id'> | { kind: 'defer' }): Promise<boolean> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.dead || !this.process.connected) return resolve(false);
      this.waiting.set(id, resolve);
      // A send to a child that is dying fails through the callback, not by throwing.
      this.process.send({ ...message, id }, (error) => {
        if (!error) return;
        this.waiting.delete(id);
        resolve(false);
      });
    });
  }
}

/** A workspace with some bulk (2 MB), so that a snapshot takes long enough for kills to land inside. */
async function seedWorkspace(dir: string): Promise<void> {
  const db = await DurableDatabase.open(dir, { migrations: crashMigrations, backupsDir: path.join(dir, 'backups') });
  db.transaction((tx) => {
    for (let i = 0; i < 2_000; i++) tx.run(INSERT_PROBE, [`seed-${i}`, 'x'.repeat(1000), i]);
  });
  await db.close();
}

export async function runCrashTrials(dir: string, trials: number, seed = 20261204): Promise<CrashFigures> {
  const random = prng(seed);
  const script = await bundleChild();
  const figures: CrashFigures = { trials, acknowledged: 0, lost: [], failedOpens: [], duringSnapshot: 0, duringBackup: 0, duringIndexRebuild: 0, unacknowledgedStored: 0, snapshotsWritten: 0 };
  const acknowledged = new Set<string>();
  const snapshotVersions = new Set<number>();
  const snapshot = path.join(dir, SNAPSHOT_FILE);

  await seedWorkspace(dir);
  for (let trial = 0; trial < trials; trial++) {
    const backupDue = fs.existsSync(snapshot) && random() < 0.25;
    if (backupDue) {
      const then = new Date(Date.now() - (1 + Math.floor(random() * 9)) * 86_400_000);
      fs.utimesSync(snapshot, then, then);
    }
    const child = new Child(script, dir);
    if (!(await child.ready)) {
      figures.failedOpens.push(`trial ${trial}: child did not start: ${child.stderr.slice(-2000)}`);
      break;
    }
    // The kill comes a random while after a random number of acknowledged writes: a moment in
    // the child's work that does not depend on how fast this machine is.
    const killAfterWrites = Math.floor(random() * 25);
    let killer: ReturnType<typeof setTimeout> | undefined;
    for (let n = 0; ; n++) {
      const value = `t${trial}-${n}`;
      const pad = 'x'.repeat(random() < 0.05 ? 100_000 : Math.floor(random() * 2000));
      if (!(await child.request({ kind: 'write', value, pad }))) break;
      acknowledged.add(value);
      // Pauses let the idle snapshot start, so some kills land inside one.
      if (random() < 0.2) await new Promise((resolve) => setTimeout(resolve, random() * 15));
      if (n !== killAfterWrites) continue;
      // Now and then the indexes are dropped first, so that the kill meets their rebuild.
      if (random() < 0.3) await child.request({ kind: 'defer' });
      // Or a pause first, so that the idle snapshot has begun when the kill comes.
      else if (random() < 0.5) await new Promise((resolve) => setTimeout(resolve, 2 + random() * 5));
      killer = setTimeout(() => child.process.kill('SIGKILL'), random() * 40);
    }
    clearTimeout(killer);
    await child.exited;
    if (child.inSnapshot) figures.duringSnapshot++;
    // The first snapshot after the snapshot was aged keeps it as a new day's backup (and prunes).
    if (child.inSnapshot && backupDue) figures.duringBackup++;
    if (fs.existsSync(snapshot)) snapshotVersions.add(fs.statSync(snapshot).mtimeMs);

    // What the next start does: open (read-only here, so the next trial meets the state as the kill left it).
    try {
      const db = await DurableDatabase.open(dir, { migrations: crashMigrations, readOnly: true });
      const stored = new Set(db.all<{ value: string }>(SELECT_PROBES).map((row) => row.value));
      for (const value of acknowledged) if (!stored.has(value)) figures.lost.push(value);
      if (db.get<{ n: number }>('SELECT count(*) AS n FROM deferred_indexes')!.n > 0) figures.duringIndexRebuild++;
      await db.close();
    } catch (error) {
      figures.failedOpens.push(`trial ${trial}: ${String(error)}`);
      break;
    }
    if (figures.lost.length) break;
  }
  figures.acknowledged = acknowledged.size;
  figures.snapshotsWritten = snapshotVersions.size;
  // Finally as the app opens it: writable, torn tails cut, pending indexes rebuilt.
  const db = await DurableDatabase.open(dir, { migrations: crashMigrations });
  try {
    if (db.get<{ integrity_check: string }>('PRAGMA integrity_check')?.integrity_check !== 'ok') figures.failedOpens.push('integrity check failed');
    const stored = new Set(db.all<{ value: string }>(SELECT_PROBES).map((row) => row.value));
    for (const value of acknowledged) if (!stored.has(value) && !figures.lost.includes(value)) figures.lost.push(value);
    figures.unacknowledgedStored = [...stored].filter((value) => !acknowledged.has(value) && !value.startsWith('seed-')).length;
  } finally {
    await db.close();
  }
  return figures;
}
