import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackendClient } from '../../electron/services/backend/backend.client';
import { buildDemoWorkspace } from '../../electron/services/demo/demo-builder';
import { Workspace } from '../../electron/services/workspace/workspace';
import { distElectron } from '../support/build';
import { tempDir } from '../support/temp';

const KILLS = 60;
const hostScript = path.join(distElectron, 'backend-host.mjs');

/** Seeded so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('crash durability', () => {
  it(`keeps every acknowledged write through ${KILLS} SIGKILLs of the database process`, { timeout: 600_000 }, async () => {
    const random = prng(20261121);
    // A small demo district: real regions and staff (intake needs an operator), few cases.
    const workspaceDir = path.join(tempDir(), 'ws');
    await buildDemoWorkspace({ outDir: workspaceDir, caseCount: 2_000 });
    const options = {
      configDir: tempDir(),
      resourcesDir: path.join(distElectron, '..', 'resources'),
      // Small journal and a short idle delay so snapshots (and kills during them) happen often.
      checkpointJournalBytes: 4 * 1024,
      idleCheckpointMs: 1,
    };
    const acknowledged = new Set<string>();
    const snapshotVersions = new Set<number>();
    const titles = (i: number, n: number) => `压力测试 ${i}-${n}`;

    for (let round = 0; round < KILLS; round++) {
      const snapshot = path.join(workspaceDir, 'griddesk.db');
      if (fs.existsSync(snapshot)) snapshotVersions.add(fs.statSync(snapshot).mtimeMs);
      const client = BackendClient.startProcess(hostScript, options);
      await client.ready;
      const opened = await client.call('workspace:open', { dir: workspaceDir });
      expect(opened.ok, JSON.stringify(opened)).toBe(true);

      const killAfterMs = 5 + random() * 120;
      const killer = setTimeout(() => client.child.kill('SIGKILL'), killAfterMs);
      let n = 0;
      for (;;) {
        const title = titles(round, n++);
        const result = await client.call('cases:create', { source: 'patrol', title, description: 'x'.repeat(Math.floor(random() * 2000)) });
        if (!result.ok && result.error.code === 'backend_exited') break; // killed: never acknowledged
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
        acknowledged.add(title);
        // Pauses now and then let the idle snapshot start, so some kills land inside one.
        if (random() < 0.2) await new Promise((resolve) => setTimeout(resolve, random() * 15));
      }
      clearTimeout(killer);
      if (client.child.exitCode === null && client.child.signalCode === null) await once(client.child, 'exit');
    }

    const workspace = await Workspace.open(workspaceDir);
    try {
      const db = workspace.db;
      expect(db.get<{ integrity_check: string }>('PRAGMA integrity_check')?.integrity_check).toBe('ok');
      const stored = new Set(
        db.all<{ title: string }>(`SELECT title FROM cases WHERE title LIKE '压力测试 %'`).map((row) => row.title),
      );
      const missing = [...acknowledged].filter((title) => !stored.has(title));
      expect(missing).toEqual([]);
      // Each case was written with its first event in one transaction: never one without the other.
      const orphans = db.get<{ n: number }>(
        `SELECT count(*) AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id)`,
      )!.n;
      expect(orphans).toBe(0);
      // At most the one write in flight at each kill may be present without an acknowledgement.
      expect(stored.size - acknowledged.size).toBeLessThanOrEqual(KILLS);
      expect(acknowledged.size).toBeGreaterThan(KILLS);
      // The kills must also have met the snapshot path, not only journal appends.
      expect(snapshotVersions.size).toBeGreaterThan(10);
    } finally {
      await workspace.close();
    }
  });
});
