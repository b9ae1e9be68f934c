import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/temp';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { dbFs } from '../../../../electron/services/db/db-fs';

/**
 * Fault injection at every write, fsync, rename, open (and truncate, link, copy, mkdir, remove)
 * the database makes to its journal, snapshot and backups: the workload runs once counting the
 * calls, then once per call with exactly that call failing (disk full, permission lost, I/O error
 * by turn). After each: the failing operation was not acknowledged, every acknowledged write
 * survives a reopen, nothing unacknowledged appears, and later writes work.
 */
const simple = [{ version: 1, name: 't', sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);' }];
const ASYNC = new Set(['open', 'write', 'fsync', 'rename', 'rm', 'link', 'copyFile', 'mkdir']);
const FAULT_POINTS = [
  'openSync', 'writeSync', 'fdatasyncSync', 'fsyncSync', 'ftruncateSync', 'mkdirSync', 'renameSync', 'copyFileSync',
  'open', 'write', 'fsync', 'rename', 'rm', 'link', 'copyFile', 'mkdir',
] as const;
const CODES = ['ENOSPC', 'EACCES', 'EIO'];
const STORAGE_CODES = ['disk_full', 'write_denied', 'disk_error'];
const originals = { ...dbFs };

type AnyFn = (...args: unknown[]) => unknown;

/** Counts every call; when `failAt` is given, that call (1-based) fails with `errno`. */
function inject(failAt?: number, errno = 'EIO'): string[] {
  const calls: string[] = [];
  for (const name of FAULT_POINTS) {
    const original = originals[name] as AnyFn;
    (dbFs as unknown as Record<string, AnyFn>)[name] = (...args: unknown[]) => {
      calls.push(`${name}(${typeof args[0] === 'string' ? path.basename(args[0]) : 'fd'})`);
      if (calls.length === failAt) {
        const error = Object.assign(new Error(`${errno}: injected at ${name}`), { code: errno });
        // A disk that fills up mid-write keeps the first part: half the bytes land, then the error.
        if (name === 'writeSync' && (args[3] as number) > 1) (original as AnyFn)(args[0], args[1], args[2], Math.floor((args[3] as number) / 2));
        if (ASYNC.has(name)) return Promise.reject(error);
        throw error;
      }
      return original(...args);
    };
  }
  return calls;
}

afterEach(() => Object.assign(dbFs, originals));

interface Outcome {
  acknowledged: string[];
  failures: { step: string; code: string }[];
  /** What the status line got wrong: a failed snapshot must show, a good one clears it. */
  statusProblems: string[];
}

/** Create, write, snapshot (with a daily backup), roll back, write, snapshot, write, close. */
async function workload(dir: string): Promise<Outcome> {
  const outcome: Outcome = { acknowledged: [], failures: [], statusProblems: [] };
  const fail = (step: string, error: unknown) => outcome.failures.push({ step, code: (error as { code?: string }).code ?? String(error) });
  const backupsDir = path.join(dir, 'backups');
  let db: DurableDatabase;
  try {
    db = await DurableDatabase.open(dir, { migrations: simple, backupsDir });
  } catch (error) {
    fail('open', error);
    db = await DurableDatabase.open(dir, { migrations: simple, backupsDir });
  }
  let n = 0;
  const write = () => {
    const value = `w${++n}`;
    try {
      db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', [value]));
      outcome.acknowledged.push(value);
    } catch (error) {
      fail(`write ${value}`, error);
    }
  };
  const checkpoint = async (step: string) => {
    try {
      await db.checkpoint();
      const left = db.status().lastBackgroundError;
      // Only the daily backup may have failed during a good snapshot.
      if (left && left.task !== 'backup') outcome.statusProblems.push(`${step} succeeded but status says ${left.message}`);
    } catch (error) {
      fail(step, error);
      const shown = db.status().lastBackgroundError;
      if (shown?.code !== (error as { code?: string }).code) outcome.statusProblems.push(`${step} failed but status says ${JSON.stringify(shown)}`);
    }
  };
  for (let i = 0; i < 3; i++) write();
  await checkpoint('checkpoint 1');
  write();
  try {
    db.transaction((tx) => {
      tx.run('INSERT INTO t (v) VALUES (?)', ['rolled back']);
      throw new Error('cancelled');
    });
  } catch (error) {
    if ((error as Error).message !== 'cancelled') fail('rollback', error);
  }
  for (let i = 0; i < 3; i++) write();
  await checkpoint('checkpoint 2');
  for (let i = 0; i < 2; i++) write();
  await db.close();
  return outcome;
}

async function stored(dir: string): Promise<string[]> {
  const db = await DurableDatabase.open(dir, { migrations: simple });
  try {
    return db.all<{ v: string }>('SELECT v FROM t ORDER BY id').map((row) => row.v);
  } finally {
    await db.close({ checkpoint: false });
  }
}

describe('filesystem faults', () => {
  it('loses nothing acknowledged when any one write, fsync, rename or open of the journal, snapshot or backups fails', async () => {
    const calls = inject();
    const clean = await workload(path.join(tempDir(), 'ws'));
    Object.assign(dbFs, originals);
    expect(clean.failures).toEqual([]);
    expect(calls.length).toBeGreaterThan(40);
    const kinds = new Set(calls.map((call) => call.replace(/\(.*/, '')));
    for (const kind of ['openSync', 'writeSync', 'fdatasyncSync', 'fsyncSync', 'open', 'write', 'fsync', 'rename', 'link']) expect(kinds).toContain(kind);
    console.log(`fault points enumerated: ${calls.length} (${[...kinds].join(', ')})`);

    for (let k = 1; k <= calls.length; k++) {
      const dir = path.join(tempDir(), 'ws');
      const errno = CODES[k % CODES.length]!;
      inject(k, errno);
      const outcome = await workload(dir);
      Object.assign(dbFs, originals);
      const where = `fault #${k} at ${calls[k - 1]} (${errno}): ${JSON.stringify(outcome.failures)}`;

      // One operation at most failed, with a clear error; every later write went through.
      expect(outcome.failures.length, where).toBeLessThanOrEqual(1);
      for (const failure of outcome.failures) expect(STORAGE_CODES, where).toContain(failure.code);
      const lost = outcome.failures.filter((f) => f.step.startsWith('write')).length;
      expect(outcome.acknowledged.length, where).toBe(clean.acknowledged.length - lost);
      expect(outcome.statusProblems, where).toEqual([]);

      // Exactly the acknowledged writes survive a reopen, and the workspace takes new ones.
      expect(await stored(dir), where).toEqual(outcome.acknowledged);
      const db = await DurableDatabase.open(dir, { migrations: simple });
      db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['after']));
      await db.close();
      expect(await stored(dir), where).toEqual([...outcome.acknowledged, 'after']);
    }
  }, 600_000);
});

describe('a write that fails and cannot even be cut back', () => {
  it('cuts the partial record off before the next write, so no bad record is ever followed by a good one', async () => {
    const dir = path.join(tempDir(), 'ws');
    const db = await DurableDatabase.open(dir, { migrations: simple });
    db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['before']));
    // The fsync fails (the record's bytes are in the file) and so does the cut back.
    const failing = new Set(['fdatasyncSync', 'ftruncateSync']);
    for (const name of failing) {
      (dbFs as unknown as Record<string, AnyFn>)[name] = () => {
        failing.delete(name);
        throw Object.assign(new Error(`EIO: injected at ${name}`), { code: 'EIO' });
      };
    }
    expect(() => db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['lost']))).toThrow(expect.objectContaining({ code: 'disk_error' }));
    Object.assign(dbFs, originals);
    expect(db.all('SELECT v FROM t')).toEqual([{ v: 'before' }]);
    db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['after']));
    await db.close({ checkpoint: false });
    expect(await stored(dir)).toEqual(['before', 'after']);
  });
});
