import { performance } from 'node:perf_hooks';
import { CaseRepository } from '../../electron/services/cases/case.repository';
import type { DurableDatabase } from '../../electron/services/db/durable-database';
import { percentile, type BenchTable } from './bench-table';
import { CaseTextLikeRepository } from './case-text-like.repository';

/** Queries of one, two, three and more characters, mixed with digits, as operators type them. */
const QUERIES = ['井盖', '噪音', '停车', '垃圾', '供暖', '灯', '积水', '占道经营', '路12', '楼道堆物', '施工扰民', '号院'];
const LIKE_QUERIES = ['井盖', '噪音', '停车'];

/**
 * Issue 4, full-text search at 1M cases: the FTS4 bigram index's catch-up from nothing (a
 * workspace upgraded to schema 6, or a first search after a million-row import), then a text
 * search page (count + 100 rows) with a fresh total each time, against the LIKE scan it replaced.
 */
export function benchCaseText(table: BenchTable, db: DurableDatabase, now: number, streets: number[]): void {
  const repo = new CaseRepository(db);
  const catchUpStart = performance.now();
  repo.search.catchUp();
  const catchUpMs = performance.now() - catchUpStart;
  const indexed = repo.search.progress().indexedTo;
  process.stderr.write(`    full-text index catch-up: ${(catchUpMs / 1000).toFixed(1)} s for ${indexed} case ids\n`);

  const like = new CaseTextLikeRepository(db);
  const likeTimes: number[] = [];
  for (const text of LIKE_QUERIES) {
    const start = performance.now();
    like.page(text, 100);
    likeTimes.push(performance.now() - start);
  }
  likeTimes.sort((a, b) => a - b);
  const reference = { name: 'text search page (LIKE scan) p50', value: percentile(likeTimes, 50) };

  const times: number[] = [];
  const withStreet: number[] = [];
  const perQuery = new Map<string, { total: number; times: number[]; street: number[] }>();
  for (let round = 0; round < 3; round++) {
    QUERIES.forEach((text, i) => {
      // A new repository each time: the page's total is counted afresh, not taken from the cache.
      let start = performance.now();
      const { total } = new CaseRepository(db).list({ text }, 0, 100, now);
      times.push(performance.now() - start);
      const one = perQuery.get(text) ?? perQuery.set(text, { total, times: [], street: [] }).get(text)!;
      one.times.push(times[times.length - 1]!);
      start = performance.now();
      new CaseRepository(db).list({ text, regionId: streets[(i + round) % streets.length] }, 0, 100, now);
      withStreet.push(performance.now() - start);
      one.street.push(withStreet[withStreet.length - 1]!);
    });
  }
  // Per query, to tell a slow kind of query (one character, a mixed prefix) from noise.
  for (const [text, one] of perQuery) {
    const ms = (list: number[]) => list.map((t) => t.toFixed(1)).join(' / ');
    process.stderr.write(`      "${text}": ${one.total} matches, ${ms(one.times)} ms; + street ${ms(one.street)} ms\n`);
  }
  // The incremental catch-up a search pays after a few writes (nothing to do here: the cost of looking).
  const idle: number[] = [];
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    repo.search.catchUp();
    idle.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  withStreet.sort((a, b) => a - b);
  idle.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  process.stderr.write(`    FTS text page: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms; LIKE p50 ${reference.value.toFixed(0)} ms\n`);
  table.add({ issue: '#4', name: 'full-text index catch-up, 1M cases from empty', value: catchUpMs / 1000, unit: 's' });
  table.add({ issue: '#4', name: 'text search page at 1M (FTS4 bigrams) p50', value: percentile(times, 50), unit: 'ms', reference });
  table.add({ issue: '#4', name: 'text search page at 1M (FTS4 bigrams) p95', value: p95, unit: 'ms', reference, goal: '≤ 50 ms', pass: p95 <= 50 });
  table.add({ issue: '#4', name: 'text + street page at 1M p95', value: percentile(withStreet, 95), unit: 'ms', reference });
  table.add({ issue: '#4', name: 'index check before a search, nothing new p95', value: percentile(idle, 95), unit: 'ms' });
}
