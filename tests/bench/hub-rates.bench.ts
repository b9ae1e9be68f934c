import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { hubMonthRates, type HubMonthRates } from '../../electron/services/hub/hub-rates.service';
import { hubMigrations } from '../../electron/services/hub/migrations';
import { DEFAULT_RATE_SETTINGS } from '../../electron/services/rates/rate-formulas';
import { Workspace } from '../../electron/services/workspace/workspace';
import { createTestDatabase, startPgCluster } from '../support/pg-cluster.mjs';
import { percentile, type BenchTable } from './bench-table';
import { benchHubHeat } from './hub-heat.bench';
import { caseCount, demoCategories, demoGrids, dropIndexesUnusedByRates, generateCases, settle } from './hub-rates-bench.repository';

const RUNS = 7;
/** BENCH_HUB_CASES to try another size. */
const CASES = Number(process.env.BENCH_HUB_CASES ?? 5_000_000);
// Twelve months up to a Beijing midnight inside the thirteenth (so that month is in progress).
const FROM = '2025-11-20T00:00:00+08:00';
const TO = '2026-11-20T00:00:00+08:00';
const MONTH = '2026-10';

/**
 * Issue 14: the city's three rates for one month on a hub of 5M cases (the demo's 17 Dongcheng
 * streets, 205 communities and 589 grids, a year of work), read from the aggregate of migration 002
 * beside the plain count over the month's case rows in the same run. Goal: ≤ 1 s for the aggregate.
 */
export async function benchHubRates(table: BenchTable, baseWorkspace: string): Promise<void> {
  const workspace = await Workspace.open(baseWorkspace);
  const grids = demoGrids(workspace.db);
  const categories = demoCategories(workspace.db);
  await workspace.close({ checkpoint: false });

  const cluster = await startPgCluster();
  const client = new pg.Client({ connectionString: await createTestDatabase(cluster.url, 'hubrates') });
  try {
    await client.connect();
    await migrateHub(client, hubMigrations, null);
    await dropIndexesUnusedByRates(client);
    let started = performance.now();
    await generateCases(client, grids, categories, CASES, FROM, TO, 0.14);
    const loadMs = performance.now() - started;
    started = performance.now();
    await settle(client);
    const total = await caseCount(client);
    process.stderr.write(`    ${total} cases in ${grids.length} grids loaded and aggregated in ${(loadMs / 1000).toFixed(1)} s, vacuum ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

    const now = Date.parse(TO);
    const options = { settings: DEFAULT_RATE_SETTINGS, now };
    const time = async (from: 'aggregate' | 'cases') => {
      const times: number[] = [];
      let result: HubMonthRates | undefined;
      for (let run = 0; run < RUNS; run++) {
        const t = performance.now();
        result = await hubMonthRates(client, MONTH, { ...options, from });
        times.push(performance.now() - t);
      }
      return { ms: percentile(times.sort((a, b) => a - b), 50), result: result! };
    };
    const reference = await time('cases');
    const aggregate = await time('aggregate');
    if (JSON.stringify(aggregate.result) !== JSON.stringify(reference.result)) {
      throw new Error('hub rates: the aggregate and the plain count over the case rows disagree');
    }
    const t = aggregate.result.total;
    process.stderr.write(
      `    ${MONTH}: ${t.counts.cases} cases in ${aggregate.result.streets.length} streets (${aggregate.result.coverage.state}); ` +
        `response ${pct(t.response)}, resolution ${pct(t.resolution)}, satisfaction ${pct(t.satisfaction)}\n`,
    );
    table.add({
      issue: '#14', name: `hub: city three rates of a month by street, ${(total / 1e6).toFixed(1)}M cases (p50)`,
      value: aggregate.ms, unit: 'ms', reference: { name: 'plain SQL count over the month\'s case rows', value: reference.ms },
      goal: '≤ 1000 ms', pass: aggregate.ms <= 1000,
    });
    table.add({ issue: '#14', name: `hub: ${(total / 1e6).toFixed(1)}M cases generated, inserted and aggregated`, value: loadMs / 1000, unit: 's' });
    // The city's heat on the same hub (hub-heat.bench.ts).
    await benchHubHeat(table, client, total, MONTH, categories);
  } finally {
    await client.end().catch(() => undefined);
    await cluster.stop();
  }
}

function pct(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)} %`;
}
