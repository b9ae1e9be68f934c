import { describe, expect, it } from 'vitest';
import { AnalyticsContext } from '../../../../electron/services/analytics/analytics-context';
import { AnalyticsRepository } from '../../../../electron/services/analytics/analytics.repository';
import type { Scope } from '../../../../electron/services/auth/scope';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { tempDir } from '../../../support/temp';

const NOW = Date.UTC(2026, 10, 1);
const CASES = 2_345;

/**
 * Issue 12: every analytics selection is limited to the signed-in person's scope by a mask over the
 * case columns (AnalyticsContext.inScope), computed from the ids the one scope predicate returns.
 * Here the mask is checked against the rules applied by hand to the rows, for each kind of scope,
 * and again after writes that move cases into and out of a department's scope.
 */
async function workspace(): Promise<DurableDatabase> {
  const db = await DurableDatabase.open(tempDir(), { migrations });
  db.transaction((tx) => {
    tx.run(`INSERT INTO departments (id, code, name) VALUES (1, 'D1', '城管'), (2, 'D2', '水务')`);
    tx.run(`INSERT INTO regions (id, level, code, name, created_at, updated_at) VALUES (10, 'street', 'S10', '甲街道', 0, 0), (11, 'street', 'S11', '乙街道', 0, 0)`);
    for (let i = 1; i <= CASES; i++) {
      tx.run(
        `INSERT INTO cases (id, case_no, source, title, status, received_at, lead_department_id, street_id, lng, lat, created_at, updated_at)
         VALUES (?, ?, 'hotline', 't', 'received', ?, ?, ?, 116.4, 39.9, 0, 0)`,
        [i, `C${i}`, NOW - (i % 400) * 86_400_000, i % 5 === 0 ? null : i % 3 === 0 ? 2 : 1, i % 4 === 0 ? 11 : 10],
      );
    }
  });
  return db;
}

/** The department rule by hand: live cases it leads or whose whistle summoned it. */
function byHand(db: DurableDatabase, scope: Scope): number[] {
  const rows = db.all<{ id: number; lead: number | null; street: number | null }>(
    'SELECT id, lead_department_id AS lead, street_id AS street FROM cases WHERE merged_into_id IS NULL ORDER BY id',
  );
  const whistled = new Set(db.all<{ caseId: number; dept: number }>(
    'SELECT w.case_id AS "caseId", r.department_id AS dept FROM whistles w JOIN whistle_reports r ON r.whistle_id = w.id',
  ).filter((r) => scope.kind === 'department' && r.dept === scope.departmentId).map((r) => r.caseId));
  return rows.filter((r) => {
    if (scope.kind === 'all') return true;
    if (scope.kind === 'department') return r.lead === scope.departmentId || whistled.has(r.id);
    if (scope.kind === 'street') return r.street !== null && scope.regionIds.includes(r.street);
    return false;
  }).map((r) => r.id);
}

function selectedIds(ctx: AnalyticsContext): number[] {
  const cube = ctx.cube();
  return Array.from(ctx.select({}), (i) => cube.id[i]!);
}

describe('analytics in a person scope', () => {
  it('selects exactly the cases of each kind of scope, and follows writes into and out of a department', async () => {
    const db = await workspace();
    let scope: Scope = { kind: 'street', regionIds: [11] };
    const ctx = new AnalyticsContext(new AnalyticsRepository(db), { clock: () => NOW, personScope: () => scope });
    expect(selectedIds(ctx)).toEqual(byHand(db, scope));

    scope = { kind: 'department', departmentId: 1 };
    const before = selectedIds(ctx);
    expect(before).toEqual(byHand(db, scope));
    expect(before).not.toContain(2_001); // led by department 2
    expect(before).toContain(2_341);

    // Department 1 is whistled to case 2,001; case 2,341 (its own) is merged into another.
    db.transaction((tx) => {
      tx.run(`INSERT INTO whistles (id, case_id, raised_at, reason, report_due_at) VALUES (1, 2001, ?, '吹哨', ?)`, [NOW, NOW]);
      tx.run('INSERT INTO whistle_reports (whistle_id, department_id) VALUES (1, 1), (1, 2)');
      // A merge appends its timeline event, as every write that changes a case does (the cube's patch reads them).
      tx.run('UPDATE cases SET merged_into_id = 1 WHERE id = 2341');
      tx.run(`INSERT INTO case_events (case_id, at, action) VALUES (2341, ?, 'merged')`, [NOW]);
      // Case 2,004 (department 2's) is dispatched anew to department 1: the cube's lead column follows.
      tx.run('UPDATE cases SET lead_department_id = 1 WHERE id = 2004');
      tx.run(`INSERT INTO case_events (case_id, at, action) VALUES (2004, ?, 'dispatch')`, [NOW]);
    });
    const after = selectedIds(ctx);
    expect(after).toEqual(byHand(db, scope));
    expect(after).toContain(2_001);
    expect(after).toContain(2_004);
    expect(after).not.toContain(2_341);
    expect(after.length).toBe(before.length + 1); // two in, one out

    scope = { kind: 'department', departmentId: 2 };
    expect(selectedIds(ctx)).toEqual(byHand(db, scope));
    scope = { kind: 'grid', regionIds: [] };
    expect(selectedIds(ctx)).toEqual([]);
    scope = { kind: 'all' };
    expect(selectedIds(ctx)).toEqual(byHand(db, scope));
    await db.close();
  });

  it('reads the ids of a scope whole, whatever their number of digits', async () => {
    const db = await workspace();
    const ids = Array.from(new AnalyticsRepository(db).caseIdsInScope({ kind: 'street', regionIds: [10] })).sort((a, b) => a - b);
    expect(ids).toEqual(byHand(db, { kind: 'street', regionIds: [10] }));
    expect(ids.slice(0, 3)).toEqual([1, 2, 3]);
    expect(ids[ids.length - 1]).toBe(2_345);
    expect(new AnalyticsRepository(db).caseIdsInScope({ kind: 'street', regionIds: [99] })).toEqual(new Int32Array(0));
    await db.close();
  });
});
