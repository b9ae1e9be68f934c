import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ArchiveRepository } from '../../electron/services/archive/archive.repository';
import { ArchiveService } from '../../electron/services/archive/archive.service';
import { SNAPSHOT_FILE } from '../../electron/services/db/durable-database';
import { SyncRepository } from '../../electron/services/sync/sync.repository';
import { Workspace } from '../../electron/services/workspace/workspace';
import type { BenchTable } from './bench-table';

/** Months kept in full in this measurement: half the demo's year is archived. */
const KEEP_MONTHS = 6;

/**
 * Issue 14: what a case costs a desk, before and after its older closed cases are archived. Both
 * figures are of the same workspace, compacted, so the difference is the archive's alone; the
 * archive files' bytes are shown per archived case beside them (they stay on the same disk, but
 * outside the memory sql.js holds, which is the ceiling that matters).
 */
export async function benchArchive(table: BenchTable, baseWorkspace: string, scratch: string): Promise<void> {
  const dir = path.join(scratch, 'archive');
  fs.cpSync(baseWorkspace, dir, { recursive: true, filter: (source) => !source.endsWith('.griddesk.lock') });
  const workspace = await Workspace.open(dir);
  try {
    const db = workspace.db;
    const snapshot = () => fs.statSync(path.join(dir, SNAPSHOT_FILE)).size;
    const cases = db.get<{ n: number }>('SELECT count(*) AS n FROM cases')!.n;
    await db.compact();
    const before = snapshot();
    const syncRepo = new SyncRepository(db);
    const archive = new ArchiveService(new ArchiveRepository(db), dir, () => syncRepo.identity().id, Date.now, () => db.compact());
    const started = performance.now();
    const run = await archive.run(KEEP_MONTHS);
    const ms = performance.now() - started;
    const after = snapshot();
    const fileBytes = run.files.reduce((sum, f) => sum + f.bytes, 0);
    const share = `${run.cases.toLocaleString('en-US')} of ${cases.toLocaleString('en-US')} cases slim, ${KEEP_MONTHS} months kept`;
    process.stderr.write(`    snapshot ${(before / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MiB; ${run.files.length} archive files, ${(fileBytes / 2 ** 20).toFixed(1)} MiB\n`);
    table.add({ issue: '#14', name: `workspace bytes per case, without archive (${cases.toLocaleString('en-US')} cases, compacted)`, value: before / cases, unit: 'B' });
    table.add({
      issue: '#14', name: `workspace bytes per case, with archive (${share})`, value: after / cases, unit: 'B',
      reference: { name: 'without archive', value: before / cases },
    });
    table.add({ issue: '#14', name: 'archive file bytes per archived case (outside the database)', value: fileBytes / Math.max(1, run.cases), unit: 'B' });
    table.add({ issue: '#14', name: `archiving ${run.cases.toLocaleString('en-US')} cases (files written and synced, cases slimmed, database compacted)`, value: ms, unit: 'ms' });
  } finally {
    await workspace.close({ checkpoint: false });
  }
}
