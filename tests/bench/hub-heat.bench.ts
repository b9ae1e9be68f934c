import { performance } from 'node:perf_hooks';
import type { ClientBase } from 'pg';
import { heatCellsFromAggregate, heatCellsFromCases, type HubHeatCell, type HubHeatQuery } from '../../electron/services/hub/hub-heat.repository';
import { heatFrame, rasterOf } from '../../electron/services/hub/hub-heat.service';
import { percentile, type BenchTable } from './bench-table';

const RUNS = 5;

/**
 * Issue 14: the city's heat on the 5M-case hub that hub-rates.bench.ts builds (its aggregates
 * rebuilt after the bulk load), read from migration 007's aggregates beside the plain count over
 * the raw case rows, each followed by the same kernel density (250 m). Two views: the panel's
 * opening one (every month, every category) and one month of one major class. Goal: ≤ 1 s.
 */
export async function benchHubHeat(table: BenchTable, client: ClientBase, cases: number, month: string, categories: string[]): Promise<void> {
  const major = categories[0]!.slice(0, 2);
  const views: { label: string; query: HubHeatQuery }[] = [
    { label: 'every month, every category', query: {} },
    { label: `${month}, major class ${major}`, query: { fromMonth: month, toMonth: month, categories: [major, ...categories.filter((c) => c.startsWith(major))] } },
  ];
  for (const { label, query } of views) {
    const time = async (read: typeof heatCellsFromAggregate) => {
      const times: number[] = [];
      let cells: HubHeatCell[] = [];
      for (let run = 0; run < RUNS; run++) {
        const t = performance.now();
        cells = await read(client, query);
        rasterOf(cells, heatFrame(cells)!, { bandwidthM: 250, kernel: 'quartic' });
        times.push(performance.now() - t);
      }
      return { ms: percentile(times.sort((a, b) => a - b), 50), cells };
    };
    const reference = await time(heatCellsFromCases);
    const aggregate = await time(heatCellsFromAggregate);
    if (JSON.stringify(aggregate.cells) !== JSON.stringify(reference.cells)) {
      throw new Error(`hub heat (${label}): the aggregate and the plain count over the case rows disagree`);
    }
    const total = aggregate.cells.reduce((sum, c) => sum + c.cases, 0);
    process.stderr.write(`    heat, ${label}: ${total} cases in ${aggregate.cells.length} cells\n`);
    table.add({
      issue: '#14', name: `hub: city heat, ${label}, ${(cases / 1e6).toFixed(1)}M cases (cells + 250 m density, p50)`,
      value: aggregate.ms, unit: 'ms', reference: { name: 'plain SQL count per cell over the case rows', value: reference.ms },
      goal: '≤ 1000 ms', pass: aggregate.ms <= 1000,
    });
  }
}
