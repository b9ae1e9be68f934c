import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import zlib from 'node:zlib';
import type { Geometry } from '../../electron/contract';
import { ImportMapping } from '../../electron/contract';
import { DeferredIndexesRepository } from '../../electron/services/db/deferred-indexes.repository';
import { CsvParser } from '../../electron/services/import/csv-parser';
import { GridIndex } from '../../electron/services/import/grid-index';
import { ImportRepository } from '../../electron/services/import/import.repository';
import { ImportService } from '../../electron/services/import/import.service';
import { Workspace } from '../../electron/services/workspace/workspace';
import { BOSTON_CSV_GZ } from '../fixtures/boston';
import { FixtureRegionsRepository } from '../fixtures/fixture-regions.repository';
import { bareInsertMs } from './bare-import.repository';
import type { BenchTable } from './bench-table';
import { RssSampler } from './rss-sampler';

/** BENCH_IMPORT_ROWS shrinks the file while profiling; the bench figure is at 1M. */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const GRID_SIDE = 100; // 100 × 100 = 10,000 grids
/** Boston's extent (the neighbourhoods' bounding box). */
const BOX = { minLng: -71.1912, maxLng: -70.9860, minLat: 42.2279, maxLat: 42.3974 };

/**
 * Issue 5: a 1M-row CSV (the real Boston rows repeated, numbers made unique, points jittered — the
 * City Hall default point left as it is) through parse → validate → grid assignment against 10,000
 * grids → one-transaction commit, next to sqlite3's own `.import` of the same file into a bare
 * table; and the spatial join alone.
 */
export async function benchImport(table: BenchTable, scratch: string): Promise<void> {
  const csv = path.join(scratch, 'boston-1m.csv');
  const t0 = performance.now();
  const { points } = buildCsv(csv);
  process.stderr.write(`  (1M-row CSV, ${(fs.statSync(csv).size / 2 ** 20).toFixed(0)} MiB, built in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);

  const grids = squareGrids();
  const joinIndex = new GridIndex(grids.map((g, i) => ({ id: i + 1, geometry: g.geometry, communityId: null, streetId: null })));
  const joinStart = performance.now();
  let hits = 0;
  for (let i = 0; i < points.length; i += 2) if (joinIndex.locate(points[i]!, points[i + 1]!) >= 0) hits++;
  const joinMs = performance.now() - joinStart;
  table.add({ issue: '#5', name: `spatial join alone: 1M points × 10,000 grids (flatbush + point-in-polygon; ${hits} hits)`, value: joinMs, unit: 'ms' });

  const reference = sqliteImport(csv, path.join(scratch, 'sqlite-ref.db'));
  const referenceCpu = reference ? sqliteCpu(csv, path.join(scratch, 'sqlite-cpu.db')) : null;
  const bare = await bareInsertMs(csv);
  if (bare.rows !== ROWS) throw new Error(`import bench: bare insert wrote ${bare.rows} rows`);
  // The Boston rows the file was built from are garbage now: collect them so the peak below is the import's.
  collectGarbage();

  const workspace = await Workspace.open(path.join(scratch, 'ws-import'), { create: true });
  new FixtureRegionsRepository(workspace.db).loadGrids('Boston 10k', grids);
  const service = new ImportService(new ImportRepository(workspace.db), workspace.dir);
  const sampler = new RssSampler();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const inspected = service.inspect({ path: csv }, {});
  const mapping = ImportMapping.parse({ ...inspected.mapping, timeZone: 'America/New_York' });
  const { jobId } = service.start({ path: csv }, {}, mapping);
  const progress = await service.wait(jobId);
  const analysedMs = performance.now() - start;
  if (progress.state !== 'ready') throw new Error(`import bench: ${progress.error}`);
  const result = service.commit(jobId, 'bench');
  const totalMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const peakImportMiB = sampler.peakMiB();
  sampler.restart();
  // What the app then does between requests: the indexes the commit deferred, one transaction each.
  const indexStart = performance.now();
  const indexesBuilt = new DeferredIndexesRepository(workspace.db).buildAll();
  const indexMs = performance.now() - indexStart;
  const peakIndexMiB = sampler.peakMiB();
  await sampler.stop();
  if (indexesBuilt !== result.indexesDeferred) throw new Error(`import bench: ${result.indexesDeferred} indexes deferred, ${indexesBuilt} rebuilt`);
  await workspace.close({ checkpoint: false });
  const report = progress.report!;
  if (report.rowsTotal !== ROWS || result.inserted + report.refused !== ROWS) throw new Error(`import bench: rows not accounted for (${JSON.stringify(result)})`);

  const rate = ROWS / (totalMs / 1000);
  table.add({ issue: '#5', name: 'import 1M rows: parse + validate + 10k-grid join (analysis)', value: analysedMs, unit: 'ms' });
  table.add({ issue: '#5', name: `import 1M rows: commit (one durable transaction; ${indexesBuilt} indexes deferred)`, value: totalMs - analysedMs, unit: 'ms' });
  table.add({ issue: '#5', name: `after the commit: ${indexesBuilt} deferred indexes rebuilt (between requests, one transaction each)`, value: indexMs, unit: 'ms' });
  table.add({ issue: '#5', name: 'import 1M rows: whole pipeline incl. one-transaction durable commit', value: totalMs, unit: 'ms', reference: reference ? { name: 'sqlite3 CLI .import into a bare table', value: reference } : undefined });
  table.add({ issue: '#5', name: 'import throughput', value: Math.round(rate), unit: 'rows/s' });
  if (reference) {
    const ratio = totalMs / reference;
    table.add({ issue: '#5', name: 'import time (to the durable commit) ÷ sqlite3 CLI .import time', value: ratio, unit: '×', goal: '≤ 1.5×', pass: ratio <= 1.5 });
    table.add({ issue: '#5', name: 'import time + index rebuild ÷ sqlite3 CLI .import time', value: (totalMs + indexMs) / reference, unit: '×' });
  }
  if (reference) {
    // What sql.js itself costs: the same rows, parsed already, into a bare table. The goal above
    // cannot be met when this alone is past it.
    table.add({ issue: '#5', name: 'sql.js floor: the same rows, already parsed, into a bare table (no parsing, no schema, no journal)', value: bare.ms, unit: 'ms', reference: { name: 'sqlite3 CLI .import into a bare table', value: reference } });
    table.add({ issue: '#5', name: 'import time (to the durable commit) ÷ sql.js floor', value: totalMs / bare.ms, unit: '×' });
  }
  if (referenceCpu) {
    // CPU time is what a shared, loaded machine does not distort: the same ratio without the waiting.
    table.add({ issue: '#5', name: 'import CPU time (user + system) ÷ sqlite3 CLI .import CPU time', value: cpuMs / referenceCpu, unit: '×' });
  }
  table.add({ issue: '#5', name: 'peak RSS during the 1M-row import, to the commit (whole process, sampled from a thread)', value: peakImportMiB, unit: 'MiB', goal: '< 1536 MiB', pass: peakImportMiB < 1536 });
  table.add({ issue: '#5', name: 'peak RSS while the deferred indexes are rebuilt (whole process)', value: peakIndexMiB, unit: 'MiB', goal: '< 1536 MiB', pass: peakIndexMiB < 1536 });
  process.stderr.write(`  (located by coordinates ${report.located.byCoordinates}, suspicious points ${report.suspiciousPoints.length}, warnings ${report.warnings}, refused ${report.refused})\n`);
  fs.rmSync(csv, { force: true });
}

function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** Writes the 1M-row file; returns the jittered points for the join-alone measurement. */
function buildCsv(file: string): { points: Float64Array } {
  const parser = new CsvParser(',');
  const records = [...parser.push(zlib.gunzipSync(fs.readFileSync(BOSTON_CSV_GZ)).toString('utf8')), ...parser.end()];
  const header = records.shift()!;
  const [idCol, latCol, lngCol] = ['CASE_ENQUIRY_ID', 'LATITUDE', 'LONGITUDE'].map((h) => header.indexOf(h)) as [number, number, number];
  const out = fs.openSync(file, 'w');
  const points = new Float64Array(ROWS * 2);
  let seed = 12345;
  const jitter = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.004;
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  let chunk: string[] = [header.map(quote).join(',')];
  for (let n = 0; n < ROWS; n++) {
    const rep = Math.floor(n / records.length);
    const row = [...records[n % records.length]!];
    row[idCol] = `${rep}${row[idCol]}`;
    const lat = Number(row[latCol]);
    const lng = Number(row[lngCol]);
    // City Hall stays exactly where Boston's file puts it: the default point must still be caught.
    if (rep > 0 && !(lat === 42.3594 && lng === -71.0587) && Number.isFinite(lat) && Number.isFinite(lng)) {
      row[latCol] = (lat + jitter()).toFixed(6);
      row[lngCol] = (lng + jitter()).toFixed(6);
    }
    points[2 * n] = Number(row[lngCol]);
    points[2 * n + 1] = Number(row[latCol]);
    chunk.push(row.map(quote).join(','));
    if (chunk.length >= 20_000) {
      fs.writeSync(out, `${chunk.join('\r\n')}\r\n`);
      chunk = [];
    }
  }
  if (chunk.length) fs.writeSync(out, `${chunk.join('\r\n')}\r\n`);
  fs.closeSync(out);
  return { points };
}

function squareGrids(): { code: string; name: string; geometry: Geometry }[] {
  const dx = (BOX.maxLng - BOX.minLng) / GRID_SIDE;
  const dy = (BOX.maxLat - BOX.minLat) / GRID_SIDE;
  const grids: { code: string; name: string; geometry: Geometry }[] = [];
  for (let i = 0; i < GRID_SIDE; i++) {
    for (let j = 0; j < GRID_SIDE; j++) {
      const [x, y] = [BOX.minLng + i * dx, BOX.minLat + j * dy];
      grids.push({
        code: `G${String(i).padStart(3, '0')}${String(j).padStart(3, '0')}`,
        name: `网格 ${i}-${j}`,
        geometry: { type: 'Polygon', coordinates: [[[x, y], [x + dx, y], [x + dx, y + dy], [x, y + dy], [x, y]]] },
      });
    }
  }
  return grids;
}

/** CPU time (user + system, ms) of sqlite3's .import of the file, via /usr/bin/time; null when unavailable. */
function sqliteCpu(csv: string, db: string): number | null {
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S', 'sqlite3', db, '.mode csv', `.import ${csv} t`], { stdio: ['ignore', 'ignore', 'pipe'] });
  fs.rmSync(db, { force: true });
  const times = /([\d.]+) ([\d.]+)\s*$/.exec(run.stderr?.toString() ?? '');
  if (run.error || run.status !== 0 || !times) return null;
  return (Number(times[1]) + Number(times[2])) * 1000;
}

/** sqlite3's own CSV import of the same file into a bare table, in ms; null when sqlite3 is missing. */
function sqliteImport(csv: string, db: string): number | null {
  const start = performance.now();
  const run = spawnSync('sqlite3', [db, '.mode csv', `.import ${csv} t`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (run.error || run.status !== 0) {
    process.stderr.write(`  (sqlite3 CLI not available: ${run.error?.message ?? run.stderr.toString()})\n`);
    return null;
  }
  const count = spawnSync('sqlite3', [db, 'SELECT count(*) FROM t']).stdout.toString().trim();
  process.stderr.write(`  (sqlite3 .import: ${count} rows in ${(ms / 1000).toFixed(1)} s)\n`);
  fs.rmSync(db, { force: true });
  return ms;
}
