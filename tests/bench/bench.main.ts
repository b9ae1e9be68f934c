import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoWorkspace } from '../../electron/services/demo/demo-builder';
import { BenchTable, MemoryWatch } from './bench-table';
import { benchDurability } from './durability.bench';
import { benchImport } from './import.bench';
import { benchCases } from './cases.bench';
import { benchMap } from './map.bench';
import { benchAnalytics } from './analytics.bench';

/**
 * `npm run bench`: speed and memory figures, each next to a reference measured in the same run
 * (these machines are shared and noisy, so absolute numbers alone mean little).
 * Prints a table and writes tests/bench/results.json.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const table = new BenchTable();
const memory = new MemoryWatch();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-bench-'));

try {
  const base = path.join(scratch, 'demo-10k');
  process.stderr.write('Building a 10k-case demo workspace…\n');
  await buildDemoWorkspace({ outDir: base, caseCount: 10_000 });
  process.stderr.write('Durability (issue 2)…\n');
  await benchDurability(table, base, scratch);
  process.stderr.write('Analytics (issue 6)…\n');
  await benchAnalytics(table, base, scratch);
  process.stderr.write('Map layers in Chromium (issue 3)…\n');
  await benchMap(table, repoRoot, scratch);
  process.stderr.write('Case list at 1M cases (issue 4)…\n');
  await benchCases(table, base, scratch);
  process.stderr.write('Spreadsheet import, 1M rows (issue 5)…\n');
  await benchImport(table, scratch);
  // ── feature areas insert their bench sections above this line (see durability.bench.ts) ──
  const peak = memory.stop();
  table.add({ issue: '#2', name: 'peak memory (RSS) of the whole bench', value: peak / 2 ** 20, unit: 'MiB' });
  table.print();
  table.write(path.join(repoRoot, 'tests', 'bench', 'results.json'), {
    node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  });
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
