import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { CaseRepository } from '../../electron/services/cases/case.repository';
import { Backend } from '../../electron/services/backend/backend';
import { CaseService } from '../../electron/services/cases/case.service';
import { GridLocator } from '../../electron/services/regions/grid-locator';
import { RegionRepository } from '../../electron/services/regions/region.repository';
import { Workspace } from '../../electron/services/workspace/workspace';
import { writeFileAtomic } from '../../electron/services/workspace/workspace-files';
import { BenchRepository } from './bench.repository';
import { percentile, type BenchTable } from './bench-table';

const WRITES = 300;

/**
 * Issue 2: a durable single write must not cost more as the database grows. Measured through the
 * real intake service (grid lookup, case + event insert, journal fsync) at 10k and 1M cases, next
 * to the naive alternative measured on the same database: export the whole database and write it.
 */
export async function benchDurability(table: BenchTable, baseWorkspace: string, scratch: string): Promise<void> {
  const small = copyWorkspace(baseWorkspace, path.join(scratch, 'ws-10k'));
  const at10k = await measureWrites(table, small, '10k');

  const large = copyWorkspace(baseWorkspace, path.join(scratch, 'ws-1m'));
  let workspace = await Workspace.open(large);
  const grow = performance.now();
  new BenchRepository(workspace.db).growCasesTo(1_000_000);
  process.stderr.write(`  (grew to 1M cases in ${((performance.now() - grow) / 1000).toFixed(1)} s)\n`);
  const checkpointStart = performance.now();
  await workspace.close();
  process.stderr.write(`  (snapshot written in ${((performance.now() - checkpointStart) / 1000).toFixed(1)} s)\n`);
  const snapshotFile = path.join(large, 'griddesk.db');
  table.add({ issue: '#2', name: 'snapshot file at 1M cases', value: fs.statSync(snapshotFile).size / 2 ** 20, unit: 'MiB' });
  await benchOpen(table, large, snapshotFile);
  const memory = JSON.parse(
    execFileSync(process.execPath, [process.argv[1]!, OPEN_WORKSPACE_CHILD, large], { env: { ...process.env, GRIDDESK_CONFIG_DIR: path.join(scratch, 'config') } }).toString(),
  ) as { afterOpenMiB: number; peakMiB: number };
  table.add({ issue: '#2', name: 'database worker memory, 1M cases: RSS after open + first case page', value: memory.afterOpenMiB, unit: 'MiB' });
  table.add({ issue: '#2', name: 'database worker memory, 1M cases: peak RSS while opening', value: memory.peakMiB, unit: 'MiB' });

  const at1m = await measureWrites(table, large, '1M');
  const growth = at1m / at10k;
  table.add({
    issue: '#2', name: 'durable write p50: 1M cases ÷ 10k cases', value: growth, unit: '×',
    goal: '≤ 2× (does not grow with size)', pass: growth <= 2,
  });

  // measureWrites left its writes in the journal: opening now replays them.
  const replayStart = performance.now();
  workspace = await Workspace.open(large);
  const replayMs = performance.now() - replayStart;
  const exportStart = performance.now();
  workspace.db.exportBytes();
  const exportPauseMs = performance.now() - exportStart;
  await workspace.close({ checkpoint: false });
  table.add({ issue: '#2', name: `open workspace, 1M cases + ${WRITES} journaled writes`, value: replayMs, unit: 'ms' });
  table.add({ issue: '#2', name: 'snapshot: worker busy exporting at 1M cases (idle time only)', value: exportPauseMs, unit: 'ms' });
}

/** Returns the p50 latency in ms. */
async function measureWrites(table: BenchTable, dir: string, label: string): Promise<number> {
  const workspace = await Workspace.open(dir);
  const regions = new RegionRepository(workspace.db);
  const cases = new CaseService(new CaseRepository(workspace.db), new GridLocator(regions));
  const grids = regions.tree().filter((node) => node.level === 'grid' && node.centroid);
  const latencies: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const [lng, lat] = grids[i % grids.length]!.centroid!;
    const start = performance.now();
    cases.create({ source: 'patrol', title: `基准写入 ${i}`, description: '井盖缺失，需尽快处置', location: { lng, lat, crs: 'wgs84' } }, 'bench');
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);

  const referenceMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    writeFileAtomic(path.join(dir, 'export-reference.db'), workspace.db.exportBytes());
    referenceMs.push(performance.now() - start);
  }
  referenceMs.sort((a, b) => a - b);
  fs.rmSync(path.join(dir, 'export-reference.db'));
  await workspace.close({ checkpoint: false });

  const reference = { name: 'full export + write', value: referenceMs[1]! };
  table.add({ issue: '#2', name: `durable write p50 at ${label} cases`, value: percentile(latencies, 50), unit: 'ms', reference });
  table.add({ issue: '#2', name: `durable write p99 at ${label} cases`, value: percentile(latencies, 99), unit: 'ms', reference });
  return percentile(latencies, 50);
}

/**
 * Opening is mostly reading the snapshot (sql.js needs it whole), so it is measured both from the
 * page cache (an app restarted) and cold (the first start after a reboot), each next to a plain
 * sequential read of the same file from the same cache state.
 */
async function benchOpen(table: BenchTable, dir: string, snapshotFile: string): Promise<void> {
  const openMs = async (): Promise<number> => {
    const start = performance.now();
    const workspace = await Workspace.open(dir);
    const elapsed = performance.now() - start;
    await workspace.close({ checkpoint: false });
    return elapsed;
  };
  const sequentialReadMs = (): number => {
    const start = performance.now();
    const fd = fs.openSync(snapshotFile, 'r');
    const buffer = Buffer.allocUnsafe(1 << 24);
    while (fs.readSync(fd, buffer, 0, buffer.length, null) > 0);
    fs.closeSync(fd);
    return performance.now() - start;
  };
  const median = async (measure: () => number | Promise<number>, prepare: () => void = () => undefined): Promise<number> => {
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      prepare();
      samples.push(await measure());
    }
    return samples.sort((a, b) => a - b)[1]!;
  };

  sequentialReadMs();
  const warmRead = await median(sequentialReadMs);
  const warmOpen = await median(openMs);
  table.add({
    issue: '#2', name: 'open workspace, 1M cases, snapshot in the page cache (median of 3)', value: warmOpen, unit: 'ms',
    reference: { name: 'sequential read of the snapshot', value: warmRead },
  });
  if (!evictFromPageCache(snapshotFile)) {
    process.stderr.write('  (cold open skipped: cannot evict a file from the page cache here)\n');
    return;
  }
  const evict = () => evictFromPageCache(snapshotFile);
  const coldRead = await median(sequentialReadMs, evict);
  const coldOpen = await median(openMs, evict);
  table.add({
    issue: '#2', name: 'open workspace, 1M cases, cold (snapshot evicted from the page cache, median of 3)', value: coldOpen, unit: 'ms',
    reference: { name: 'sequential read of the snapshot', value: coldRead }, goal: '≤ 5000 ms', pass: coldOpen <= 5000,
  });
}

/** `node bench.mjs --open-workspace DIR`: a fresh process, so its memory is the workspace's alone. */
export const OPEN_WORKSPACE_CHILD = '--open-workspace';

/** The child: opens the workspace as the app's database worker does, shows the first page, reports its memory. */
export async function openWorkspaceAndReportMemory(dir: string): Promise<void> {
  const backend = new Backend({ configDir: process.env.GRIDDESK_CONFIG_DIR ?? os.tmpdir(), resourcesDir: path.join(path.dirname(process.argv[1]!), '..', 'resources') });
  await backend.openWorkspace(dir);
  await backend.call('cases:list', { filter: {}, offset: 0, limit: 100, sort: 'received' });
  const afterOpenMiB = process.memoryUsage.rss() / 2 ** 20;
  // maxRSS is in KiB.
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  await backend.closeWorkspace();
  process.stdout.write(JSON.stringify({ afterOpenMiB, peakMiB }));
}

/** GNU dd's `iflag=nocache` asks the kernel to drop the file's cached pages (posix_fadvise DONTNEED). */
function evictFromPageCache(file: string): boolean {
  try {
    execFileSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function copyWorkspace(from: string, to: string): string {
  fs.cpSync(from, to, { recursive: true, filter: (source) => !source.endsWith('.griddesk.lock') });
  return to;
}
