import { describe, expect, it } from 'vitest';
import type { Scope } from '../../../../electron/services/auth/scope';
import { departmentScopeParts, scopeClause, scopeIdQueries } from '../../../../electron/services/auth/scope.repository';
import { CaseRepository } from '../../../../electron/services/cases/case.repository';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { tempDir } from '../../../support/temp';

const NOW = Date.UTC(2026, 10, 1);
const CASES = 3_300;
const SUMMONED = [3, 4, 30, 33, 300, 1_500, 3_297];

/**
 * Issue 12: the scope predicate at scale. Its speed is measured by `npm run bench` (BENCH_ONLY=scope);
 * here: the plans that make it fast, and that the page walked in order (a department's cases
 * tested one by one instead of fetched and sorted) holds exactly the cases in scope, in order.
 */
async function workspace(): Promise<DurableDatabase> {
  const db = await DurableDatabase.open(tempDir(), { migrations });
  db.transaction((tx) => {
    tx.run(`INSERT INTO departments (id, code, name) VALUES (1, 'D1', '城管'), (2, 'D2', '水务')`);
    for (let i = 1; i <= CASES; i++) {
      // Department 1 leads two in three; a few cases are received at the same moment (ties on the id).
      tx.run(
        `INSERT INTO cases (id, case_no, source, title, status, received_at, handling_due_at, lead_department_id, grid_id, created_at, updated_at)
         VALUES (?, ?, 'hotline', 't', 'received', ?, ?, ?, NULL, 0, 0)`,
        [i, `C${i}`, NOW - Math.floor(i / 3) * 60_000, i % 7 === 0 ? null : NOW + ((i * 7919) % 1000) * 60_000, i % 3 === 0 ? 2 : 1],
      );
    }
    // Department 1 was whistled to cases led by department 2 (3 first; the others spread over the
    // list, 3_297 among the oldest) and to case 4, which it leads anyway; case 6 is merged away.
    SUMMONED.forEach((caseId, i) => {
      tx.run(`INSERT INTO whistles (id, case_id, raised_at, reason, report_due_at) VALUES (?, ?, 0, '吹哨', 0)`, [i + 1, caseId]);
      tx.run(`INSERT INTO whistle_reports (whistle_id, department_id) VALUES (?, 1)`, [i + 1]);
    });
    tx.run(`UPDATE cases SET merged_into_id = 9 WHERE id = 6`);
  });
  return db;
}

describe('the scope predicate at scale', () => {
  it("counts a department's cases from its indexes, not by reading every case", async () => {
    const db = await workspace();
    const department = scopeClause({ kind: 'department', departmentId: 1 });
    const plan = db.all<{ detail: string }>(
      `EXPLAIN QUERY PLAN SELECT count(*) FROM cases c WHERE c.merged_into_id IS NULL AND ${department.sql}`, department.params,
    ).map((row) => row.detail);
    expect(plan.filter((detail) => /^SCAN c\b/.test(detail))).toEqual([]);
    expect(plan.join('\n')).toMatch(/MULTI-INDEX OR[\s\S]*idx_cases_lead/);
    await db.close();
  });

  it("walks a department's cases in received order on index entries alone (migration 012), never reading their rows", async () => {
    const db = await workspace();
    // The query CaseRepository.pageIds runs for a department's list: its scope as a filter on the walk.
    const department = scopeClause({ kind: 'department', departmentId: 1 }, 'c', true);
    for (const order of ['c.received_at DESC, c.id DESC', 'c.received_at, c.id']) {
      const plan = db.all<{ detail: string }>(
        `EXPLAIN QUERY PLAN SELECT c.id FROM cases c WHERE c.merged_into_id IS NULL AND ${department.sql} ORDER BY ${order} LIMIT 100 OFFSET 1000`,
        department.params,
      ).map((row) => row.detail);
      expect(plan[0]).toBe('SCAN c USING COVERING INDEX idx_cases_live_received_lead');
      expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    }
    await db.close();
  });

  it("reads a department's page as the range of its own cases in its lead index plus the few it was only whistled to", async () => {
    const db = await workspace();
    const { led, summonedOnly } = departmentScopeParts(1);
    for (const order of ['c.received_at DESC, c.id DESC', 'c.received_at, c.id']) {
      const ledPlan = db.all<{ detail: string }>(
        `EXPLAIN QUERY PLAN SELECT c.id, c.received_at FROM cases c WHERE c.merged_into_id IS NULL AND ${led.sql} ORDER BY ${order} LIMIT 100 OFFSET 1000`,
        led.params,
      ).map((row) => row.detail);
      expect(ledPlan.join('\n')).toMatch(/^SEARCH c USING (COVERING )?INDEX idx_cases_live_lead \(lead_department_id=\?\)/);
      expect(ledPlan.join('\n')).not.toMatch(/TEMP B-TREE/);
      const summonedPlan = db.all<{ detail: string }>(
        `EXPLAIN QUERY PLAN SELECT c.id FROM cases c WHERE c.merged_into_id IS NULL AND ${summonedOnly.sql} ORDER BY ${order}`,
        summonedOnly.params,
      ).map((row) => row.detail);
      expect(summonedPlan[0]).toMatch(/^SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    }
    // Its count: the part it leads from index entries alone, without gathering its ids into a set first.
    const countPlan = db.all<{ detail: string }>(
      `EXPLAIN QUERY PLAN SELECT count(*) FROM cases c WHERE c.merged_into_id IS NULL AND ${led.sql}`, led.params,
    ).map((row) => row.detail);
    expect(countPlan).toEqual([expect.stringMatching(/^SEARCH c USING COVERING INDEX idx_cases_(live_)?lead \(lead_department_id=\?/)]);
    const repo = new CaseRepository(db, () => ({ kind: 'department', departmentId: 1 }));
    const inScope = (from: number) => db.get<{ n: number }>(
      `SELECT count(*) AS n FROM cases WHERE merged_into_id IS NULL AND received_at >= ? AND (lead_department_id = 1 OR id IN (${SUMMONED.join(', ')}))`, [from],
    )!.n;
    for (const from of [0, NOW - 500 * 60_000]) expect(repo.list({ receivedFrom: from }, 0, 0, NOW).total).toBe(inScope(from));
    await db.close();
  });

  it('lists the ids of a scope exactly as the predicate selects them (the analytics mask reads them so)', async () => {
    const db = await workspace();
    const scopes: Scope[] = [
      { kind: 'department', departmentId: 1 }, { kind: 'department', departmentId: 2 }, { kind: 'department', departmentId: 3 },
      { kind: 'all' }, { kind: 'grid', regionIds: [] },
    ];
    for (const scope of scopes) {
      const clause = scopeClause(scope);
      const expected = db.all<{ id: number }>(`SELECT c.id FROM cases c WHERE ${clause.sql} ORDER BY c.id`, clause.params).map((r) => r.id);
      const rows = scopeIdQueries(scope).flatMap((query) => db.all<{ id: number }>(query.sql, query.params));
      const ids = [...new Set(rows.map((r) => r.id))].sort((a, b) => a - b);
      expect(ids, JSON.stringify(scope)).toEqual(expected);
    }
    // Department 1's: case 3 by its whistle (led by department 2), not case 9 (led by department 2).
    const ids = scopeIdQueries({ kind: 'department', departmentId: 1 }).flatMap((query) => db.all<{ id: number }>(query.sql, query.params)).map((r) => r.id);
    expect(ids).toContain(3);
    expect(ids).not.toContain(9);
    await db.close();
  });

  it("pages through a department's cases in both orders: exactly the cases in scope, in order", async () => {
    const db = await workspace();
    const scope: Scope = { kind: 'department', departmentId: 1 };
    const rows = db.all<{ id: number; receivedAt: number; due: number | null }>(
      `SELECT id, received_at AS "receivedAt", handling_due_at AS due FROM cases
       WHERE merged_into_id IS NULL AND (lead_department_id = 1 OR id IN (${SUMMONED.join(', ')}))`,
    );
    const received = [...rows].sort((a, b) => b.receivedAt - a.receivedAt || b.id - a.id).map((r) => r.id);
    const due = [...rows].sort((a, b) => (a.due === null ? 1 : 0) - (b.due === null ? 1 : 0) || (a.due ?? 0) - (b.due ?? 0) || a.id - b.id).map((r) => r.id);
    expect(received.length).toBeGreaterThan(2_000); // enough to walk the order (CaseRepository.scanInOrderAbove)
    const repo = new CaseRepository(db, () => scope);
    for (const [sort, expected] of [['received', received], ['due', due]] as const) {
      // Every offset near a summoned case's place, where the lead part's slice and the merge meet.
      const near = SUMMONED.map((id) => expected.indexOf(id)).flatMap((at) => [at - 101, at - 100, at - 99, at - 7, at, at + 1]);
      for (const offset of [0, 1, 5, 6, 7, 1_000, expected.length - 50, expected.length - 1, ...near].filter((o) => o >= 0 && o < expected.length)) {
        const page = repo.list({}, offset, 100, NOW, sort);
        expect(page.total).toBe(expected.length);
        expect(page.rows.map((r) => r.id), `${sort} at ${offset}`).toEqual(expected.slice(offset, offset + 100));
      }
    }
    await db.close();
  });
});
