import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCrashTrials } from './crash/crash-harness';

/** `npm run crash-test` runs 200 trials; `npm test` runs fewer to stay within CI time. */
const TRIALS = Number(process.env.GRIDDESK_CRASH_TRIALS ?? 60);

// A SIGKILL is a process crash, not a power cut: what write() handed the kernel survives it on any
// file system. On a tmpfs (where this machine lets the test mount one) fsync costs nothing, so the
// trials measure the database's behaviour rather than the disk's queue.
const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-crash-'));
const onTmpfs = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('crash durability', () => {
  afterAll(() => {
    if (onTmpfs) execFileSync('umount', [mountPoint]);
    fs.rmSync(mountPoint, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write through ${TRIALS} SIGKILLs (journal appends, snapshots, backups, index rebuilds)`, { timeout: 3_600_000 }, async () => {
    const figures = await runCrashTrials(path.join(mountPoint, 'ws'), TRIALS);
    console.log(`crash trials on ${onTmpfs ? 'tmpfs' : 'the temp folder'}`);
    console.log(`crash trials: ${JSON.stringify({ ...figures, lost: figures.lost.length, failedOpens: figures.failedOpens.length })}`);
    expect(figures.failedOpens).toEqual([]);
    expect(figures.lost).toEqual([]);
    // At most the one write in flight at each kill may be stored without an acknowledgement.
    expect(figures.unacknowledgedStored).toBeLessThanOrEqual(TRIALS);
    expect(figures.acknowledged).toBeGreaterThan(TRIALS);
    // The kills must also have met the snapshot path and the index rebuilds, not only journal appends.
    expect(figures.snapshotsWritten).toBeGreaterThan(TRIALS / 6);
    expect(figures.duringSnapshot).toBeGreaterThan(0);
    expect(figures.duringIndexRebuild).toBeGreaterThan(0);
  });
});
