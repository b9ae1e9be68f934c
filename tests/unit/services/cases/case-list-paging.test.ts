import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFilter, CaseStatus } from '../../../../electron/contract';
import { CaseRepository } from '../../../../electron/services/cases/case.repository';
import { matchExpression } from '../../../../electron/services/cases/case-text-tokens';
import type { SqlValue } from '../../../../electron/services/db/durable-database';
import { buildSmallDemo, cleanup, type BuiltDemo } from '../demo/demo-fixture';

const NOW = Date.UTC(2026, 9, 1);
const CASES = 4000;
const BLOCK = 100;
const OPEN: CaseStatus[] = ['received', 'registered', 'dispatched', 'in_progress', 'handled', 'verified', 'returned', 'suspended', 'escalated'];

type Sort = 'received' | 'due';
const ORDER: Record<Sort, string> = {
  received: 'c.received_at DESC, c.id DESC',
  due: 'c.handling_due_at IS NULL, c.handling_due_at, c.id',
};

/** A filter, and the same filter written out by hand as SQL (independent of the repository's where()). */
interface Case {
  name: string;
  filter: CaseFilter;
  sql: string;
  params: SqlValue[];
}

/**
 * The case list reads a block at any offset (virtual scrolling over the whole result). Each block
 * must be exactly what the list's original single query (summary joins + ORDER BY + LIMIT/OFFSET)
 * returns, whatever plan the repository uses to get there.
 */
describe('case list blocks at any offset, on a demo workspace', () => {
  let demo: BuiltDemo;
  let cases: Case[];

  /** The original form of the list query: joins and summary columns, paged by OFFSET. */
  const reference = (c: Case, sort: Sort, offset: number, limit: number) => demo.db
    .all<{ id: number; overdue: number }>(
      `SELECT c.id, c.case_no AS "caseNo", cat.name AS "categoryName", g.name AS "gridName", s.name AS "streetName",
              c.received_at AS "receivedAt", c.handling_due_at AS "handlingDueAt",
              CASE WHEN c.handling_due_at IS NULL THEN 0 ELSE coalesce(c.closed_at, c.paused_since, ?) > c.handling_due_at END AS overdue
       FROM cases c
       LEFT JOIN categories cat ON cat.id = c.category_id
       LEFT JOIN regions g ON g.id = c.grid_id
       LEFT JOIN regions s ON s.id = c.street_id
       WHERE c.merged_into_id IS NULL AND ${c.sql} ORDER BY ${ORDER[sort]} LIMIT ? OFFSET ?`,
      [NOW, ...c.params, limit, offset],
    )
    .map((row) => ({ ...row, overdue: row.overdue === 1 }));

  const block = (c: Case, sort: Sort, offset: number, limit = BLOCK, repo = new CaseRepository(demo.db)) => {
    const page = repo.list(c.filter, offset, limit, NOW, sort);
    return {
      total: page.total,
      rows: page.rows.map((r) => ({
        id: r.id, caseNo: r.caseNo, categoryName: r.categoryName, gridName: r.gridName, streetName: r.streetName,
        receivedAt: r.receivedAt, handlingDueAt: r.handlingDueAt, overdue: r.overdue,
      })),
    };
  };

  beforeAll(async () => {
    demo = await buildSmallDemo(11, CASES);
    const db = demo.db;
    // Ties on both sort keys (the id decides among them, also when a block is read from the end),
    // cases without a deadline, and merged duplicates, which the list leaves out.
    db.transaction((tx) => {
      tx.run('UPDATE cases SET received_at = (SELECT received_at FROM cases WHERE id = 1) WHERE id % 13 = 0');
      tx.run('UPDATE cases SET handling_due_at = (SELECT max(handling_due_at) FROM cases) WHERE id % 11 = 0');
      tx.run('UPDATE cases SET handling_due_at = NULL WHERE id % 17 = 0');
      tx.run('UPDATE cases SET merged_into_id = id - 1 WHERE id % 19 = 0');
    });
    const repo = new CaseRepository(db);
    while (!repo.search.catchUp(1_000));
    const street = db.get<{ id: number; n: number }>(
      `SELECT street_id AS id, count(*) AS n FROM cases WHERE street_id IS NOT NULL GROUP BY street_id ORDER BY n DESC, id LIMIT 1`,
    )!.id;
    const parent = db.get<{ id: number }>(
      `SELECT p.id FROM categories p JOIN categories k ON k.parent_id = p.id JOIN cases c ON c.category_id = k.id
       GROUP BY p.id ORDER BY count(*) DESC, p.id LIMIT 1`,
    )!.id;
    const month = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 6, 1) };
    const common = db.get<{ caseNo: string }>('SELECT case_no AS "caseNo" FROM cases ORDER BY id LIMIT 1')!.caseNo.slice(0, 2);
    const fts = 'c.id IN (SELECT docid FROM case_text WHERE case_text MATCH ?)';
    const match = (text: string) => matchExpression(text)!;
    const overdue = '(c.handling_due_at IS NOT NULL AND coalesce(c.closed_at, c.paused_since, ?) > c.handling_due_at)';
    const inOpen = `c.status IN (${OPEN.map(() => '?').join(', ')})`;
    cases = [
      { name: 'all cases', filter: {}, sql: '1', params: [] },
      { name: 'street', filter: { regionId: street }, sql: 'c.street_id = ?', params: [street] },
      { name: 'open', filter: { status: OPEN }, sql: inOpen, params: OPEN },
      { name: 'category with its minor classes + period', filter: { categoryId: parent, receivedFrom: month.from, receivedTo: month.to },
        sql: 'c.category_id IN (SELECT id FROM categories WHERE id = ? OR parent_id = ?) AND c.received_at >= ? AND c.received_at < ?',
        params: [parent, parent, month.from, month.to] },
      { name: 'overdue', filter: { dueState: ['overdue'] }, sql: overdue, params: [NOW] },
      { name: 'closed + satisfied', filter: { status: ['closed'], satisfaction: ['satisfied'] },
        sql: `c.status = 'closed' AND c.satisfaction = 'satisfied'`, params: [] },
      // Matches nearly every case (the case number's prefix): the plan that walks the list's order.
      { name: 'text: the case-number prefix', filter: { text: common }, sql: fts, params: [match(common)] },
      { name: 'text "路"', filter: { text: '路' }, sql: fts, params: [match('路')] },
      { name: 'text "路" + street', filter: { text: '路', regionId: street }, sql: `c.street_id = ? AND ${fts}`, params: [street, match('路')] },
    ];
  }, 180_000);
  afterAll(async () => {
    await cleanup([demo]);
  });

  it('has filters with many matches, with few, and a text search that walks the order', () => {
    const totals = Object.fromEntries(cases.map((c) => [c.name, block(c, 'received', 0, 1).total]));
    expect(totals['all cases']).toBe(CASES - Math.floor(CASES / 19));
    // Above 2,000 matches a text search walks the list's order (SCAN_IN_ORDER_MIN in the repository).
    expect(totals['text: the case-number prefix']).toBeGreaterThan(2_000);
    const few = ['open', 'text "路" + street'];
    for (const c of cases) expect(totals[c.name], c.name).toBeGreaterThan(few.includes(c.name) ? 0 : BLOCK * 2);
  });

  for (const sort of ['received', 'due'] as const) {
    it(`returns the original query's rows at the start, middle and end (${sort})`, () => {
      for (const c of cases) {
        const total = reference(c, sort, 0, 1_000_000).length;
        const offsets = [0, 1, Math.floor(total / 2) - BLOCK, Math.floor(total / 2) - 50, Math.floor(total / 2), total - BLOCK - 1, total - BLOCK, total - 37, total - 1, total, total + 5]
          .map((offset) => Math.max(0, offset));
        for (const offset of offsets) {
          const got = block(c, sort, offset);
          expect(got.total, `${c.name} total`).toBe(total);
          expect(got.rows, `${c.name} @${offset}`).toEqual(reference(c, sort, offset, BLOCK));
        }
        // Odd block sizes too: a block that straddles the middle, one that runs past the end.
        for (const [offset, limit] of [[Math.floor(total / 2) - 3, 7], [total - 5, 50], [Math.floor(total / 3), 1]] as const) {
          expect(block(c, sort, offset, limit).rows, `${c.name} @${offset}+${limit}`).toEqual(reference(c, sort, offset, limit));
        }
      }
    });

    it(`yields every matching case exactly once when paged through block by block (${sort})`, () => {
      for (const c of cases) {
        const repo = new CaseRepository(demo.db);
        const ids: number[] = [];
        for (let offset = 0; ; offset += BLOCK) {
          const { total, rows } = block(c, sort, offset, BLOCK, repo);
          ids.push(...rows.map((r) => r.id));
          if (offset + BLOCK >= total) break;
        }
        const all = reference(c, sort, 0, 1_000_000).map((r) => r.id);
        expect(new Set(ids).size, c.name).toBe(ids.length);
        expect(ids, c.name).toEqual(all);
      }
    });
  }

  // Last: it adds a case.
  it('counts a text search again after a write (its count is remembered from block to block)', () => {
    const repo = new CaseRepository(demo.db);
    const road = cases.find((c) => c.name === 'text "路"')!;
    const before = block(road, 'received', 0, BLOCK, repo).total;
    const latest = demo.db.get<{ at: number }>('SELECT max(received_at) AS at FROM cases')!.at;
    const { id } = repo.insertReceived({
      source: 'hotline', externalNo: null, categoryId: null, title: '路灯不亮', description: null, address: null, lng: null, lat: null,
      sourceCrs: 'wgs84', sourceLng: null, sourceLat: null, gridId: null, communityId: null, streetId: null, reporterName: null,
      reporterPhone: null, caseNoPrefix: 'GD2610-', receivedAt: latest + 60_000, responseDueAt: null, handlingDueAt: null,
      actorStaffId: null, actorName: '值班员',
    });
    const after = block(road, 'received', 0, BLOCK, repo);
    expect(after.total).toBe(before + 1);
    expect(after.rows[0]!.id).toBe(id);
    const end = after.total - BLOCK;
    expect(block(road, 'received', end, BLOCK, repo).rows).toEqual(reference(road, 'received', end, BLOCK));
  });
});
