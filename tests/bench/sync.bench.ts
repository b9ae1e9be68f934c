import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { buildDemoWorkspace } from '../../electron/services/demo/demo-builder';
import { ExchangeRepository } from '../../electron/services/exchange/exchange.repository';
import { ExchangeService } from '../../electron/services/exchange/exchange.service';
import { HubCursorRepository } from '../../electron/services/hub/hub-cursor.repository';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { HubSyncService } from '../../electron/services/hub/hub-sync.service';
import { changesAfter } from '../../electron/services/hub/hub.repository';
import { hubMigrations, hubPostgisScript } from '../../electron/services/hub/migrations';
import { SyncRepository } from '../../electron/services/sync/sync.repository';
import { SyncService } from '../../electron/services/sync/sync.service';
import { Workspace } from '../../electron/services/workspace/workspace';
import { createTestDatabase, startPgCluster } from '../support/pg-cluster.mjs';
import { BenchTable, type BenchRow } from './bench-table';

/** Exchange package written or applied (issue 14 goal). */
const EXCHANGE_GOAL_MS = 10_000;
/** Hub push or pull of the same rows, against PostgreSQL's COPY of them. */
const HUB_GOAL_RATIO = 3;

interface Desk {
  workspace: Workspace;
  sync: SyncService;
}

/** Cases in this section's own demo: with their events, over 100k changes (the issue asks for 100k). */
const SYNC_CASES = 12_000;

/** `node bench.mjs --sync-bench DEMO SCRATCH`: this section's measurements in a process of their own. */
export const SYNC_BENCH_CHILD = '--sync-bench';

/**
 * Issue 14: moving cases between workstations at size. A demo's whole history (12k cases and
 * their ~95k events) pushed to a throwaway PostgreSQL hub and pulled into a second workspace,
 * each beside COPY of the same rows into a bare table in the same process; the same history as
 * one exchange package, written and applied in another workspace; and what a case costs on disk.
 *
 * Measured in a fresh child process: this one has built and worked on large workspaces before,
 * and its heap (garbage collection took ~16 s of the section here) is no part of what a desk
 * pays to sync. The reference (COPY) runs in the same child, so the ratio compares like with like.
 */
export async function benchSync(table: BenchTable, _baseWorkspace: string, scratch: string): Promise<void> {
  const demo = path.join(scratch, 'demo-sync');
  process.stderr.write(`    building a ${SYNC_CASES.toLocaleString('en-US')}-case demo workspace for this section…\n`);
  await buildDemoWorkspace({ outDir: demo, caseCount: SYNC_CASES });
  const out = execFileSync(process.execPath, [process.argv[1]!, SYNC_BENCH_CHILD, demo, scratch], {
    stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24,
  }).toString();
  const rows = JSON.parse(out.trim().split('\n').at(-1)!) as BenchRow[];
  for (const row of rows) table.add(row);
}

/** The child: measures and prints its rows as one JSON line on stdout (progress goes to stderr). */
export async function runSyncBenchChild(baseWorkspace: string, scratch: string): Promise<void> {
  const table = new BenchTable();
  await measureSync(table, baseWorkspace, scratch);
  process.stdout.write(`${JSON.stringify(table.rows)}\n`);
}

async function measureSync(table: BenchTable, baseWorkspace: string, scratch: string): Promise<void> {
  const open = async (name: string): Promise<Desk> => {
    const dir = path.join(scratch, `sync-${name}`);
    fs.cpSync(baseWorkspace, dir, { recursive: true, filter: (source) => !source.endsWith('.griddesk.lock') });
    const workspace = await Workspace.open(dir);
    const sync = new SyncService(new SyncRepository(workspace.db));
    new SyncRepository(workspace.db).rename(name);
    return { workspace, sync };
  };
  const cluster = await startPgCluster();
  const desks: Desk[] = [];
  const client = new pg.Client({ connectionString: await createTestDatabase(cluster.url, 'bench') });
  try {
    await client.connect();
    await migrateHub(client, hubMigrations, hubPostgisScript);
    const [street, district, peer] = [await open('street'), await open('district'), await open('peer')];
    desks.push(street, district, peer);
    benchBytesPerCase(table, street);
    await benchHub(table, client, street, district);
    benchExchange(table, street, peer);
  } finally {
    await client.end().catch(() => undefined);
    for (const desk of desks) await desk.workspace.close({ checkpoint: false });
    await cluster.stop();
  }
}

function benchBytesPerCase(table: BenchTable, desk: Desk): void {
  const cases = desk.workspace.db.get<{ n: number }>('SELECT count(*) AS n FROM cases')!.n;
  const bytes = fs.statSync(path.join(desk.workspace.dir, 'griddesk.db')).size;
  process.stderr.write(`    workspace snapshot ${(bytes / 2 ** 20).toFixed(1)} MiB for ${cases} cases\n`);
  // With the archive: the archive section, on a workspace of its own.
  table.add({ issue: '#14', name: `workspace bytes per case, as the demo builder wrote it (${cases.toLocaleString('en-US')} cases)`, value: bytes / cases, unit: 'B' });
}

async function benchHub(table: BenchTable, client: pg.Client, from: Desk, to: Desk): Promise<void> {
  const hub = 'bench-hub';
  const sender = new HubSyncService(from.sync, new HubCursorRepository(from.workspace.db), { hub });
  const receiver = new HubSyncService(to.sync, new HubCursorRepository(to.workspace.db), { hub });
  receiver.skipHistory();
  let started = performance.now();
  const pushed = await sender.push(client);
  const pushMs = performance.now() - started;
  started = performance.now();
  const pulled = await receiver.pull(client);
  const pullMs = performance.now() - started;
  if (pulled.changes !== pushed.sent || pulled.newCases !== pushed.cases) {
    throw new Error(`hub bench: pulled ${pulled.changes} changes / ${pulled.newCases} new cases, pushed ${pushed.sent} / ${pushed.cases}`);
  }
  process.stderr.write(
    `    hub: ${pushed.sent} changes of ${pushed.cases} cases; push = extract ${pushed.ms.extract.toFixed(0)} + insert ${pushed.ms.insert.toFixed(0)} + fold ${pushed.ms.fold.toFixed(0)} ms, ` +
      `pull = hub reads ${pulled.ms.hub.toFixed(0)} + local apply ${pulled.ms.apply.toFixed(0)} ms\n`,
  );
  const copyMs = await copyReference(client, pushed.sent);
  const reference = { name: "PostgreSQL COPY of the same rows into a table like the hub's", value: copyMs };
  const goal = `≤ ${HUB_GOAL_RATIO}× COPY`;
  const label = `${pushed.sent.toLocaleString('en-US')} changes (${pushed.cases.toLocaleString('en-US')} cases)`;
  table.add({ issue: '#14', name: `hub push of ${label}`, value: pushMs, unit: 'ms', reference, goal, pass: pushMs <= HUB_GOAL_RATIO * copyMs });
  table.add({ issue: '#14', name: `hub pull of ${label} into a second workspace`, value: pullMs, unit: 'ms', reference, goal, pass: pullMs <= HUB_GOAL_RATIO * copyMs });
}

/**
 * COPY (text format through psql's stdin) of the hub's rows into a table like `changes`: the same
 * columns, keys, indexes and seq default, so that it does the work any bulk load of those rows
 * there must do. COPY into a bare table (key only) is printed beside it for comparison.
 */
async function copyReference(client: pg.Client, expected: number): Promise<number> {
  const rows = (await changesAfter(client, 0, 10_000_000)).map((c) =>
    [c.changeId, c.hlc, c.origin, c.kind, c.entity, c.streetCode, c.communityCode, c.gridCode, JSON.stringify(c.payload)].map(copyText).join('\t'),
  );
  if (rows.length !== expected) throw new Error(`hub bench: the hub holds ${rows.length} changes, ${expected} were pushed`);
  await client.query('CREATE TABLE changes_copy (LIKE changes INCLUDING ALL)');
  await client.query(`CREATE TABLE changes_bare (change_id text PRIMARY KEY, hlc text, origin text, kind text, entity text,
    street_code text, community_code text, grid_code text, payload jsonb)`);
  const url = `postgres://${client.user}@${client.host}:${client.port}/${client.database}`;
  const copyInto = (table: string) => {
    const started = performance.now();
    execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c',
      `COPY ${table} (change_id, hlc, origin, kind, entity, street_code, community_code, grid_code, payload) FROM STDIN`],
    { input: rows.join('\n') + '\n', maxBuffer: 1 << 28 });
    return performance.now() - started;
  };
  const bareMs = copyInto('changes_bare');
  const likeMs = copyInto('changes_copy');
  process.stderr.write(`    COPY of the same rows: ${likeMs.toFixed(0)} ms into a table like changes, ${bareMs.toFixed(0)} ms into a bare table (key only)\n`);
  return likeMs;
}

function benchExchange(table: BenchTable, from: Desk, to: Desk): void {
  const sender = new ExchangeService(new ExchangeRepository(from.workspace.db), from.sync);
  const receiver = new ExchangeService(new ExchangeRepository(to.workspace.db), to.sync);
  const receiverId = to.sync.identity().id;
  receiver.pair(sender.card(), 'all');
  sender.pair(receiver.card(), 'all', { history: true });
  let started = performance.now();
  const bytes = sender.writePackage(receiverId);
  const writeMs = performance.now() - started;
  started = performance.now();
  const report = receiver.receivePackage(bytes);
  const applyMs = performance.now() - started;
  if (report.newCases !== report.caseCount) throw new Error(`exchange bench: ${report.newCases} new of ${report.caseCount} cases`);
  const label = `${report.changeCount.toLocaleString('en-US')} changes (${report.caseCount.toLocaleString('en-US')} cases, ${(bytes.length / 2 ** 20).toFixed(1)} MiB)`;
  const goal = `≤ ${EXCHANGE_GOAL_MS / 1000} s`;
  table.add({ issue: '#14', name: `exchange package of ${label} written`, value: writeMs / 1000, unit: 's', goal, pass: writeMs <= EXCHANGE_GOAL_MS });
  table.add({ issue: '#14', name: `exchange package of ${label} checked and applied in a second workspace`, value: applyMs / 1000, unit: 's', goal, pass: applyMs <= EXCHANGE_GOAL_MS });
}

/** A value in COPY's text format: \N for null; backslash, tab and line breaks escaped. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
