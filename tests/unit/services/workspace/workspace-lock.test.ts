import { spawnSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, UNREADABLE_GRACE_MS, acquireLock, breakForeignLock, lockHolder } from '../../../../electron/services/workspace/workspace-lock';
import { tempDir } from '../../../support/temp';

/** The pid of a process that has exited (reuse within a test is not expected). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeLock(dir: string, holder: object | string, ageMs = 0): string {
  const file = path.join(dir, LOCK_FILE);
  fs.writeFileSync(file, typeof holder === 'string' ? holder : JSON.stringify(holder));
  if (ageMs) {
    const at = new Date(Date.now() - ageMs);
    fs.utimesSync(file, at, at);
  }
  return file;
}

function errorOf(run: () => unknown): { code?: string; message: string; details?: unknown } {
  try {
    run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected an error');
}

describe('workspace lock', () => {
  it('is created whole with who holds it, refused to a second opener, and removed on release', () => {
    const dir = tempDir();
    const release = acquireLock(dir, { app: 'cli' });
    const holder = lockHolder(dir)!;
    expect(holder).toMatchObject({ pid: process.pid, host: os.hostname(), app: 'cli' });
    expect(holder.nonce).toMatch(/^[0-9a-f]{24}$/);
    expect(errorOf(() => acquireLock(dir)).code).toBe('workspace_locked');
    release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    // No temp or guard files are left behind.
    expect(fs.readdirSync(dir)).toEqual([]);
    acquireLock(dir)();
  });

  it('never takes a lock written by another computer (regression: it was always taken over)', () => {
    const dir = tempDir();
    const since = Date.UTC(2026, 11, 4, 1, 30);
    const file = writeLock(dir, { pid: deadPid(), host: 'GRID-PC-07', user: 'wangfang', app: 'app', since, nonce: 'abc' }, 3_600_000);
    const before = fs.readFileSync(file, 'utf8');
    const error = errorOf(() => acquireLock(dir));
    expect(error.code).toBe('workspace_locked_elsewhere');
    expect(error.message).toContain('GRID-PC-07');
    expect(error.message).toContain('wangfang');
    expect(error.message).toContain('2026-12-04 09:30');
    expect(error.message).toContain('只读');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('removes another computer\'s lock only on purpose, naming that computer', () => {
    const dir = tempDir();
    writeLock(dir, { pid: 1, host: 'GRID-PC-07', user: 'wangfang', app: 'app', since: 1, nonce: 'far' });
    expect(errorOf(() => breakForeignLock(dir, 'GRID-PC-08')).code).toBe('lock_not_broken');
    expect(lockHolder(dir)?.host).toBe('GRID-PC-07');
    expect(breakForeignLock(dir, 'grid-pc-07')).toMatchObject({ host: 'GRID-PC-07', user: 'wangfang' });
    expect(fs.readdirSync(dir)).toEqual([]);
    const release = acquireLock(dir);
    // Never this computer's own lock: that one is released by its process, or taken over when the process is dead.
    expect(errorOf(() => breakForeignLock(dir, os.hostname())).code).toBe('lock_not_broken');
    release();
  });

  it('takes over a stale lock of this computer (dead process), also in the earlier format', () => {
    for (const holder of [
      { pid: deadPid(), host: os.hostname(), user: 'x', app: 'app', since: 1, nonce: 'old' },
      { pid: deadPid(), host: os.hostname(), at: 1 },
    ]) {
      const dir = tempDir();
      writeLock(dir, holder);
      const release = acquireLock(dir);
      expect(lockHolder(dir)?.pid).toBe(process.pid);
      release();
      expect(fs.readdirSync(dir)).toEqual([]);
    }
  });

  it('refuses a live process of this computer', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeLock(dir, { pid: child.pid, host: os.hostname(), user: 'li', app: 'cli', since: Date.now(), nonce: 'live' });
      const error = errorOf(() => acquireLock(dir));
      expect(error.code).toBe('workspace_locked');
      expect(error.message).toContain(`PID ${child.pid}`);
      expect(error.message).toContain('命令行');
    } finally {
      child.kill();
      await once(child, 'exit');
    }
    // Once that process is gone its lock is stale.
    acquireLock(dir)();
  });

  it('waits out an empty lock file (a writer between create and write) and takes it over after the grace period', () => {
    const dir = tempDir();
    writeLock(dir, '');
    expect(errorOf(() => acquireLock(dir)).code).toBe('workspace_locked');
    writeLock(dir, '{"pid":', UNREADABLE_GRACE_MS + 1000);
    const release = acquireLock(dir);
    expect(lockHolder(dir)?.pid).toBe(process.pid);
    release();
  });

  it('gets past a takeover guard left by a process that died while taking over', () => {
    const dir = tempDir();
    writeLock(dir, { pid: deadPid(), host: os.hostname(), user: 'x', app: 'app', since: 1, nonce: 'stale' });
    const guards = () => fs.readdirSync(dir).filter((name) => name.includes('.takeover-'));
    // Plant a dead process's guard under the name the lock's nonce gives (first generation).
    const id = crypto.createHash('sha256').update('n-stale').digest('hex').slice(0, 16);
    fs.writeFileSync(path.join(dir, `${LOCK_FILE}.takeover-${id}-1`), JSON.stringify({ pid: deadPid(), host: os.hostname(), nonce: 'g' }));
    const again = acquireLock(dir);
    expect(lockHolder(dir)?.pid).toBe(process.pid);
    expect(guards()).toEqual([]);
    again();
  });

  it('a release leaves a lock that is not its own in place', () => {
    const dir = tempDir();
    const release = acquireLock(dir);
    const file = path.join(dir, LOCK_FILE);
    fs.rmSync(file);
    writeLock(dir, { pid: process.pid + 1, host: 'OTHER', user: 'y', app: 'app', since: 2, nonce: 'theirs' });
    release();
    expect(fs.existsSync(file)).toBe(true);
  });
});
