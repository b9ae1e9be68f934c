import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';

/**
 * A real file system that runs out of space: a 2 MB tmpfs. Needs root and permission to mount
 * (CI containers without CAP_SYS_ADMIN cannot), otherwise skipped with that reason.
 */
const simple = [{ version: 1, name: 't', sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);' }];
// Not tempDir(): that is removed after each test, while the file system is still mounted.
const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-tmpfs-'));
const mounted = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('disk full (real tmpfs)', () => {
  beforeAll(() => {
    if (!mounted) console.warn('disk-full test skipped: mounting a tmpfs needs root and CAP_SYS_ADMIN (not available here)');
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mountPoint]);
    fs.rmSync(mountPoint, { recursive: true, force: true });
  });

  it.skipIf(!mounted)('refuses the write that does not fit with disk_full, keeps every acknowledged one, and writes again once space is freed', async () => {
    const dir = path.join(mountPoint, 'ws');
    // Space to give back later: what a user deleting files would do.
    const filler = path.join(mountPoint, 'filler');
    fs.writeFileSync(filler, Buffer.alloc(256 * 1024));
    const db = await DurableDatabase.open(dir, { migrations: simple, checkpointJournalBytes: 1 << 30 });
    const acknowledged: string[] = [];
    let refusal: { code?: string; message?: string } | undefined;
    for (let i = 0; i < 10_000 && !refusal; i++) {
      const value = `${i}:${'数据'.repeat(3000)}`;
      try {
        db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', [value]));
        acknowledged.push(value);
      } catch (error) {
        refusal = error as { code?: string; message?: string };
      }
    }
    expect(refusal?.code).toBe('disk_full');
    expect(refusal?.message).toContain('磁盘已满');
    expect(acknowledged.length).toBeGreaterThan(50);
    // Still full: the snapshot fails, and says so in the status line.
    await expect(db.checkpoint()).rejects.toMatchObject({ code: 'disk_full' });
    expect(db.status().lastBackgroundError?.code).toBe('disk_full');
    expect(db.needsCheckpoint()).toBe(true);

    fs.rmSync(filler);
    db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['after freeing space']));
    await db.close({ checkpoint: false });
    const reopened = await DurableDatabase.open(dir, { migrations: simple, checkpointJournalBytes: 1 << 30 });
    const stored = reopened.all<{ v: string }>('SELECT v FROM t ORDER BY id').map((row) => row.v);
    expect(stored).toEqual([...acknowledged, 'after freeing space']);
    await reopened.close({ checkpoint: false });
  });
});
