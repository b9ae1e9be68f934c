import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AnalyticsServices } from '../../electron/services/analytics/analytics-services';
import type { Scope } from '../../electron/services/auth/scope';
import { beijingTime } from '../../electron/services/calendar/work-calendar';
import { CaseRepository } from '../../electron/services/cases/case.repository';
import type { DurableDatabase } from '../../electron/services/db/durable-database';
import { Workspace } from '../../electron/services/workspace/workspace';
import { BenchRepository } from './bench.repository';
import { percentile, type BenchTable } from './bench-table';

const RUNS = 7;
const PAGE = 100;

/**
 * Issue 12: the case list, count, map points and one analytics call at 1M cases, limited to a
 * person's scope (a street, a grid, a department) by the one scope predicate, each beside the
 * same query unscoped in the same run. Goals: those of the list (≤ 50 ms) and of analytics
 * (≤ 150 ms); map points, which have no goal of their own, must not be slower than unscoped.
 */
export async function benchScope(table: BenchTable, baseWorkspace: string, scratch: string): Promise<void> {
  // BENCH_SCOPE_DIR keeps the grown workspace between runs (before/after a schema change).
  let dir = process.env.BENCH_SCOPE_DIR ?? path.join(scratch, 'ws-1m');
  if (!fs.existsSync(path.join(dir, 'griddesk.db'))) {
    dir = process.env.BENCH_SCOPE_DIR ?? path.join(scratch, 'ws-scope-1m');
    fs.cpSync(baseWorkspace, dir, { recursive: true, filter: (source) => !source.endsWith('.griddesk.lock') });
  }
  const workspace = await Workspace.open(dir);
  try {
    const bench = new BenchRepository(workspace.db);
    if (bench.caseCount() < 1_000_000) bench.growCasesTo(1_000_000);
    const db = workspace.db;
    const street = db.get<{ id: number }>(`SELECT street_id AS id FROM cases GROUP BY street_id ORDER BY count(*) DESC LIMIT 1`)!.id;
    const grid = db.get<{ id: number }>(`SELECT grid_id AS id FROM cases WHERE grid_id IS NOT NULL GROUP BY grid_id ORDER BY count(*) DESC LIMIT 1`)!.id;
    // The department leading the most cases (the worst case for its list), whistle summons included.
    const department = db.get<{ id: number }>(
      `SELECT lead_department_id AS id FROM cases WHERE lead_department_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)!.id;
    const scopes: [string, Scope][] = [
      ['street', { kind: 'street', regionIds: [street] }],
      ['grid', { kind: 'grid', regionIds: [grid] }],
      ['department', { kind: 'department', departmentId: department }],
    ];
    const now = beijingTime(2026, 11, 1);
    const unscoped = measureAll(db, { kind: 'all' }, now);
    for (const [name, scope] of scopes) {
      const scoped = measureAll(db, scope, now);
      const n = new CaseRepository(db, () => scope).list({}, 0, 0, now).total;
      process.stderr.write(`    ${name} scope: ${n} cases\n`);
      for (const [query, goal] of QUERIES) {
        const value = scoped[query];
        const reference = { name: 'unscoped, same query', value: unscoped[query] };
        const limit = goal === 'unscoped' ? unscoped[query] : goal;
        table.add({
          issue: '#12', name: `${name} scope (${n.toLocaleString('en-US')} cases) at 1M: ${query}`, value, unit: 'ms', reference,
          goal: goal === 'unscoped' ? '≤ unscoped' : `≤ ${goal} ms`, pass: value <= limit,
        });
      }
    }
  } finally {
    await workspace.close({ checkpoint: false });
  }
}

const QUERIES = [
  ['first page, received order, new filter (count not cached) p95', 50],
  ['first page, due order, new filter p95', 50],
  ['count p95', 50],
  ['deep page (mid and end, count cached) p95', 50],
  ['map points p95', 'unscoped'],
  ['heat + choropleth, first call (scope rows read)', 150],
  ['heat + choropleth, warm p95', 150],
] as const;

type Query = (typeof QUERIES)[number][0];

function measureAll(db: DurableDatabase, scope: Scope, now: number): Record<Query, number> {
  const fresh = () => new CaseRepository(db, () => scope);
  const time = (runs: number, work: (i: number) => void) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      work(i);
      times.push(performance.now() - start);
    }
    return percentile(times.sort((a, b) => a - b), 95);
  };
  const result = {} as Record<Query, number>;
  result[QUERIES[0][0]] = time(RUNS, () => fresh().list({}, 0, PAGE, now, 'received'));
  result[QUERIES[1][0]] = time(RUNS, () => fresh().list({}, 0, PAGE, now, 'due'));
  result[QUERIES[2][0]] = time(RUNS, () => fresh().list({}, 0, 0, now));
  const pager = fresh();
  const total = pager.list({}, 0, 0, now).total;
  result[QUERIES[3][0]] = time(RUNS, (i) => {
    const offset = Math.max(0, i % 2 ? total - PAGE - i : Math.floor(total / 2) - i * 7);
    pager.list({}, offset, PAGE, now, 'received');
  });
  result[QUERIES[4][0]] = time(3, () => fresh().points({}, now));
  const analytics = new AnalyticsServices(db, () => now, () => scope);
  analytics.context.cube(); // built once per database version: the analytics bench reports it
  const call = () => {
    analytics.maps.heat({}, 250, undefined, 'quartic');
    analytics.maps.choropleth({}, 'grid', 'count', 'quantile', 5);
  };
  result[QUERIES[5][0]] = time(1, call);
  result[QUERIES[6][0]] = time(RUNS, call);
  process.stderr.write(`    ${scope.kind}: ${JSON.stringify(result)}\n`);
  return result;
}
