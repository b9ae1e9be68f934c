import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthServices, type AuthServices } from '../../../../electron/services/auth/auth-services';
import type { Scope } from '../../../../electron/services/auth/scope';
import { scopeClause } from '../../../../electron/services/auth/scope.repository';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { DEMO_PASSWORD } from '../../../../electron/services/demo/demo-accounts';
import { copyDemoWorkspace } from '../../../../electron/services/workspace/demo-workspace';
import { repoRoot } from '../../../support/build';
import { tempDir } from '../../../support/temp';
import { buildSmallDemo, cleanup, type BuiltDemo } from '../demo/demo-fixture';

/**
 * The demo's documented accounts sign in with the published password and get the scopes the
 * docs promise; the one SQL predicate counts exactly the cases a direct reading of the rows gives.
 */
let demo: BuiltDemo | undefined;
let auth: AuthServices;
const id = (sql: string, params: (string | number)[] = []) => demo!.db.get<{ id: number }>(sql, params)!.id;

beforeAll(async () => {
  demo = await buildSmallDemo(20251101);
  auth = createAuthServices(demo.db, () => Date.UTC(2026, 9, 31));
});
afterAll(() => cleanup([demo]));

interface CaseRow { id: number; street: number | null; community: number | null; grid: number | null; lead: number | null }

/** What a scope should see, computed from the rows without the predicate. */
function directCount(scope: Scope): number {
  const rows = demo!.db.all<CaseRow>(
    `SELECT id, street_id AS street, community_id AS community, grid_id AS grid, lead_department_id AS lead FROM cases WHERE merged_into_id IS NULL`,
  );
  const whistled = new Map<number, Set<number>>();
  for (const r of demo!.db.all<{ caseId: number; dept: number }>(
    'SELECT w.case_id AS "caseId", wr.department_id AS dept FROM whistles w JOIN whistle_reports wr ON wr.whistle_id = w.id',
  )) {
    if (!whistled.has(r.caseId)) whistled.set(r.caseId, new Set());
    whistled.get(r.caseId)!.add(r.dept);
  }
  return rows.filter((row) => {
    switch (scope.kind) {
      case 'all': return true;
      case 'street': return row.street !== null && scope.regionIds.includes(row.street);
      case 'community': return row.community !== null && scope.regionIds.includes(row.community);
      case 'grid': return row.grid !== null && scope.regionIds.includes(row.grid);
      case 'department': return row.lead === scope.departmentId || (whistled.get(row.id)?.has(scope.departmentId) ?? false);
    }
  }).length;
}

describe('demo accounts and scopes', () => {
  it('has one account per role, each signs in with the demo password, with the documented scope', async () => {
    const dongHuaMen = id(`SELECT id FROM regions WHERE code = '110101001'`);
    const chengGuan = id(`SELECT id FROM departments WHERE code = 'F01'`);
    expect(demo!.result.counts.accounts).toBe(10);
    const expected: Record<string, { role: string; scope: Scope['kind']; regionIds?: number[]; departmentId?: number }> = {
      admin: { role: 'admin', scope: 'all' },
      operator0: { role: 'operator', scope: 'all' },
      operator1: { role: 'operator', scope: 'street', regionIds: [dongHuaMen] },
      dispatcher1: { role: 'dispatcher', scope: 'street', regionIds: [dongHuaMen] },
      dept1: { role: 'department_staff', scope: 'department', departmentId: chengGuan },
      grid1: { role: 'grid_worker', scope: 'grid' },
      chief1: { role: 'street_chief', scope: 'street', regionIds: [dongHuaMen] },
      steward1: { role: 'alley_steward', scope: 'street', regionIds: [dongHuaMen] },
      leader1: { role: 'leader', scope: 'street', regionIds: [dongHuaMen] },
      analyst1: { role: 'analyst', scope: 'all' },
    };
    expect(auth.accounts.list().map((a) => a.username).sort()).toEqual(Object.keys(expected).sort());
    for (const [username, want] of Object.entries(expected)) {
      const session = await auth.accounts.signIn(username, DEMO_PASSWORD);
      expect(session.role, username).toBe(want.role);
      expect(session.mustChangePassword, username).toBe(false);
      expect(session.scope.kind, username).toBe(want.scope);
      if (want.regionIds) expect(session.scope, username).toMatchObject({ regionIds: want.regionIds });
      if (want.departmentId) expect(session.scope, username).toMatchObject({ departmentId: want.departmentId });
      if (username === 'grid1' && session.scope.kind === 'grid') {
        // Their grids lie in 东华门街道.
        for (const grid of session.scope.regionIds) {
          expect(id(`SELECT p.parent_id AS id FROM regions g JOIN regions p ON p.id = g.parent_id WHERE g.id = ?`, [grid])).toBe(dongHuaMen);
        }
      }
    }
  });

  it('scopeClause counts the same cases as a direct reading of the rows, for every kind', () => {
    const community = id(`SELECT id FROM regions WHERE level = 'community' ORDER BY code LIMIT 1`);
    const grids = demo!.db.all<{ id: number }>(`SELECT grid_id AS id FROM cases GROUP BY grid_id ORDER BY count(*) DESC LIMIT 3`).map((r) => r.id);
    // The department summoned by the most whistles: its scope must include cases it only was whistled to.
    const whistledDept = id(`SELECT department_id AS id FROM whistle_reports GROUP BY department_id ORDER BY count(*) DESC LIMIT 1`);
    const scopes: Scope[] = [
      { kind: 'all' },
      { kind: 'street', regionIds: [id(`SELECT id FROM regions WHERE code = '110101001'`), id(`SELECT id FROM regions WHERE code = '110101013'`)] },
      { kind: 'community', regionIds: [community] },
      { kind: 'grid', regionIds: grids },
      { kind: 'grid', regionIds: [] },
      { kind: 'department', departmentId: id(`SELECT id FROM departments WHERE code = 'F01'`) },
      { kind: 'department', departmentId: whistledDept },
    ];
    const total = demo!.db.get<{ n: number }>('SELECT count(*) AS n FROM cases WHERE merged_into_id IS NULL')!.n;
    for (const scope of scopes) {
      const n = auth.scopes.countInScope(scope);
      expect(n, JSON.stringify(scope)).toBe(directCount(scope));
      if (scope.kind !== 'all' && !(scope.kind === 'grid' && scope.regionIds.length === 0)) {
        expect(n, JSON.stringify(scope)).toBeGreaterThan(0);
        expect(n, JSON.stringify(scope)).toBeLessThan(total);
      }
    }
    const leadOnly = demo!.db.get<{ n: number }>('SELECT count(*) AS n FROM cases WHERE merged_into_id IS NULL AND lead_department_id = ?', [whistledDept])!.n;
    expect(auth.scopes.countInScope({ kind: 'department', departmentId: whistledDept })).toBeGreaterThan(leadOnly);
  });

  it('caseInScope agrees with the predicate, with the table aliased as asked', () => {
    const street = id(`SELECT id FROM regions WHERE code = '110101001'`);
    const inside = id('SELECT id FROM cases WHERE street_id = ? LIMIT 1', [street]);
    const outside = id('SELECT id FROM cases WHERE street_id <> ? LIMIT 1', [street]);
    const scope: Scope = { kind: 'street', regionIds: [street] };
    expect(auth.scopes.caseInScope(scope, inside)).toBe(true);
    expect(auth.scopes.caseInScope(scope, outside)).toBe(false);
    expect(scopeClause(scope, 'k').sql).toBe('k.street_id IN (?)');
    expect(() => scopeClause(scope, 'c; DROP TABLE cases')).toThrow(/alias/);
  });
});

describe('the bundled demo workspace', () => {
  it('ships the documented accounts; each scope counts what the rows say', async () => {
    const dir = path.join(tempDir('griddesk-auth-bundled-'), 'demo');
    copyDemoWorkspace(path.join(repoRoot, 'resources'), dir);
    const db = await DurableDatabase.open(dir, { migrations });
    try {
      const bundled = createAuthServices(db, () => Date.UTC(2026, 9, 31));
      const seen = new Map<string, number>();
      for (const username of ['admin', 'operator1', 'dept1', 'grid1', 'leader1', 'analyst1']) {
        const session = await bundled.accounts.signIn(username, DEMO_PASSWORD);
        const clause = scopeClause(session.scope, 'k');
        const n = db.get<{ n: number }>(`SELECT count(*) AS n FROM cases k WHERE k.merged_into_id IS NULL AND ${clause.sql}`, clause.params)!.n;
        expect(n, username).toBe(bundled.scopes.countInScope(session.scope));
        seen.set(username, n);
      }
      const total = db.get<{ n: number }>('SELECT count(*) AS n FROM cases WHERE merged_into_id IS NULL')!.n;
      const street = db.get<{ n: number }>(`SELECT count(*) AS n FROM cases c JOIN regions r ON r.id = c.street_id WHERE r.code = '110101001' AND c.merged_into_id IS NULL`)!.n;
      expect(seen.get('admin')).toBe(total);
      expect(seen.get('analyst1')).toBe(total);
      expect(seen.get('operator1')).toBe(street);
      expect(seen.get('leader1')).toBe(street);
      expect(seen.get('grid1')).toBeGreaterThan(0);
      expect(seen.get('grid1')).toBeLessThan(street);
      expect(seen.get('dept1')).toBeGreaterThan(0);
      expect(seen.get('dept1')).toBeLessThan(total);
    } finally {
      await db.close({ checkpoint: false });
    }
  });
});
