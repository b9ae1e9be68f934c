import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoWorkspace } from '../../electron/services/demo/demo-builder';
import { benchArchive } from './archive.bench';
import { BenchTable, MemoryWatch } from './bench-table';
import { OPEN_WORKSPACE_CHILD, benchDurability, openWorkspaceAndReportMemory } from './durability.bench';
import { benchImport } from './import.bench';
import { benchCases } from './cases.bench';
import { benchMap } from './map.bench';
import { benchAnalytics } from './analytics.bench';
import { benchDemoPresent } from './demo-present.bench';
import { benchScope } from './scope.bench';
import { SYNC_BENCH_CHILD, benchSync, runSyncBenchChild } from './sync.bench';
import { benchHubRates } from './hub-rates.bench';

/**
 * `npm run bench`: speed and memory figures, each next to a reference measured in the same run
 * (these machines are shared and noisy, so absolute numbers alone mean little).
 * Prints a table and writes tests/bench/results.json.
 */
if (process.argv[2] === OPEN_WORKSPACE_CHILD) {
  await openWorkspaceAndReportMemory(process.argv[3]!);
  process.exit(0);
}
if (process.argv[2] === SYNC_BENCH_CHILD) {
  await runSyncBenchChild(process.argv[3]!, process.argv[4]!);
  process.exit(0);
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const table = new BenchTable();
const memory = new MemoryWatch();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-bench-'));
/** BENCH_ONLY=cases,import runs only those sections (the machines are shared; a full run is long). */
const only = (section: string) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(section);

try {
  const base = path.join(scratch, 'demo-10k');
  process.stderr.write('Building a 10k-case demo workspace…\n');
  await buildDemoWorkspace({ outDir: base, caseCount: 10_000 });
  process.stderr.write('Durability (issue 2)…\n');
  if (only('durability')) await benchDurability(table, base, scratch);
  process.stderr.write('Analytics (issue 6)…\n');
  if (only('analytics')) await benchAnalytics(table, base, scratch);
  process.stderr.write('Map layers in Chromium (issue 3)…\n');
  if (only('map')) await benchMap(table, repoRoot, scratch);
  process.stderr.write('Case list at 1M cases (issue 4)…\n');
  if (only('cases')) await benchCases(table, base, scratch);
  process.stderr.write('Spreadsheet import, 1M rows (issue 5)…\n');
  if (only('import')) await benchImport(table, scratch);
  process.stderr.write('Demo moved to today on first start (issue 13)…\n');
  if (only('demo')) await benchDemoPresent(table, repoRoot, scratch);
  process.stderr.write('Cases in a person\'s scope at 1M (issue 12)…\n');
  if (only('scope')) await benchScope(table, base, scratch);
  process.stderr.write('City three rates on a 5M-case PostgreSQL hub (issue 14)…\n');
  if (only('hubrates')) await benchHubRates(table, base);
  process.stderr.write('Workstations: hub push/pull and exchange of 100k+ changes (issue 14)…\n');
  if (only('sync')) await benchSync(table, base, scratch);
  process.stderr.write('The working set: bytes per case with and without the archive (issue 14)…\n');
  if (only('archive')) await benchArchive(table, base, scratch);
  // ── feature areas insert their bench sections above this line (see durability.bench.ts) ──
  const peak = memory.stop();
  table.add({ issue: '#2', name: 'peak memory (RSS) of the whole bench', value: peak / 2 ** 20, unit: 'MiB' });
  table.print();
  // A partial run must not overwrite the full run's figures.
  if (!process.env.BENCH_ONLY) table.write(path.join(repoRoot, 'tests', 'bench', 'results.json'), {
    node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  });
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
