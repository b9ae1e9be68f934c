/**
 * The one SQL predicate that limits cases to a scope (lists, counts, maps, heat, rankings, search,
 * exports, the CLI all use it), and the reads that resolve a staff member's scope.
 */
import type { RegionLevel, StaffRole } from '../../contract';
import type { DurableDatabase, Transaction } from '../db/durable-database';
import type { Scope, ScopeDuty, ScopeStaff } from './scope';

export interface ScopeClause {
  /** A boolean SQL expression over the cases table aliased `alias`; `?` placeholders only. */
  sql: string;
  params: number[];
}

/** The whistles that summoned department `?` (their w.case_id): the second half of a department's scope. */
const WHISTLES_TO = 'FROM whistle_reports wr JOIN whistles w ON w.id = wr.whistle_id WHERE wr.department_id = ?';

/**
 * `WHERE … AND ${clause.sql}` with `clause.params` appended in order. A department sees the cases
 * it leads (dispatched to it; first-receiver responsibility keeps it there) and the cases whose
 * whistle summoned it. An empty list of places matches nothing.
 */
export function scopeClause(scope: Scope, alias = 'c', asFilter = false): ScopeClause {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(alias)) throw new Error(`Not a table alias: ${alias}`);
  // asFilter: the same test, written so that no index serves it (unary +): a list page that walks
  // its order index tests each case instead of fetching all the scope's cases and sorting them
  // (in received order a department's test reads index entries only: migration 012).
  const c = asFilter ? `+${alias}` : alias;
  switch (scope.kind) {
    case 'all':
      return { sql: '1 = 1', params: [] };
    case 'department':
      return {
        sql: `(${c}.lead_department_id = ? OR ${c}.id IN (SELECT w.case_id ${WHISTLES_TO}))`,
        params: [scope.departmentId, scope.departmentId],
      };
    default: {
      const column = { street: 'street_id', community: 'community_id', grid: 'grid_id' }[scope.kind];
      if (scope.regionIds.length === 0) return { sql: '0 = 1', params: [] };
      return { sql: `${c}.${column} IN (${scope.regionIds.map(() => '?').join(', ')})`, params: [...scope.regionIds] };
    }
  }
}

/**
 * A department's scope as two disjoint parts: the cases it leads (an index range in received
 * order, migration 002) and the few it was only whistled to. Their union is scopeClause's.
 */
export function departmentScopeParts(departmentId: number, alias = 'c'): { led: ScopeClause; summonedOnly: ScopeClause } {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(alias)) throw new Error(`Not a table alias: ${alias}`);
  return {
    led: { sql: `${alias}.lead_department_id = ?`, params: [departmentId] },
    summonedOnly: {
      sql: `${alias}.lead_department_id IS NOT ? AND ${alias}.id IN (SELECT w.case_id ${WHISTLES_TO})`,
      params: [departmentId, departmentId],
    },
  };
}

/**
 * The ids of the cases in a scope as queries of their own, each with one column `id`, whose union is
 * the scope (merged cases included; an id may come twice): the same rule as scopeClause, for a
 * caller that needs the ids only (the analytics mask). A department's are its two index ranges;
 * through the OR, SQLite reads the row of each of its cases too (at 1M: 300k row reads, 60–250 ms).
 */
export function scopeIdQueries(scope: Scope): { sql: string; params: number[] }[] {
  if (scope.kind === 'department') {
    return [
      { sql: 'SELECT c.id AS id FROM cases c WHERE c.lead_department_id = ?', params: [scope.departmentId] },
      { sql: `SELECT w.case_id AS id ${WHISTLES_TO}`, params: [scope.departmentId] },
    ];
  }
  const clause = scopeClause(scope);
  return [{ sql: `SELECT c.id AS id FROM cases c WHERE ${clause.sql}`, params: clause.params }];
}

/** The same predicate with named parameters (`:scope0`, `:scope1` …), for queries written with names. */
export function namedScopeClause(scope: Scope, alias = 'c'): { sql: string; params: Record<string, number> } {
  const clause = scopeClause(scope, alias);
  const params: Record<string, number> = {};
  let n = 0;
  const sql = clause.sql.replace(/\?/g, () => {
    const name = `:scope${n}`;
    params[name] = clause.params[n++]!;
    return name;
  });
  return { sql, params };
}

type Reader = Pick<DurableDatabase, 'get' | 'all'> | Transaction;

export class ScopeRepository {
  constructor(private readonly db: Reader) {}

  /** The staff row as resolveScope needs it; undefined when there is no such staff member. */
  staff(staffId: number): ScopeStaff | undefined {
    const row = this.db.get<{ role: StaffRole; departmentId: number | null; regionId: number | null; level: RegionLevel | null }>(
      `SELECT s.role, s.department_id AS "departmentId", s.region_id AS "regionId", r.level
       FROM staff s LEFT JOIN regions r ON r.id = s.region_id WHERE s.id = ?`,
      [staffId],
    );
    if (!row) return undefined;
    return {
      role: row.role, departmentId: row.departmentId,
      region: row.regionId !== null && row.level !== null ? { id: row.regionId, level: row.level } : null,
    };
  }

  /** Duty assignments running at `now`. */
  activeDuties(staffId: number, now: number): ScopeDuty[] {
    return this.db
      .all<{ regionId: number | null; level: RegionLevel | null; lineStreetId: number | null }>(
        `SELECT d.region_id AS "regionId", r.level, l.street_id AS "lineStreetId"
         FROM duty_assignments d LEFT JOIN regions r ON r.id = d.region_id LEFT JOIN street_lines l ON l.id = d.street_line_id
         WHERE d.staff_id = ? AND d.since <= ? AND (d.until IS NULL OR d.until > ?) ORDER BY d.id`,
        [staffId, now, now],
      )
      .map((row) => ({
        region: row.regionId !== null && row.level !== null ? { id: row.regionId, level: row.level } : null,
        lineStreetId: row.lineStreetId,
      }));
  }

  /** Whether one case is in scope: the same predicate as every list, for a call naming a case id. */
  caseInScope(scope: Scope, caseId: number): boolean {
    const clause = scopeClause(scope);
    return this.db.get(`SELECT 1 AS ok FROM cases c WHERE c.id = ? AND ${clause.sql}`, [caseId, ...clause.params]) !== undefined;
  }

  /** Live (not merged) cases in scope. */
  countInScope(scope: Scope): number {
    const clause = scopeClause(scope);
    return this.db.get<{ n: number }>(`SELECT count(*) AS n FROM cases c WHERE c.merged_into_id IS NULL AND ${clause.sql}`, clause.params)!.n;
  }

  /** Region names in the order of `ids` (the id itself when a region is gone). */
  regionNames(ids: number[]): string[] {
    if (ids.length === 0) return [];
    const rows = this.db.all<{ id: number; name: string }>(`SELECT id, name FROM regions WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
    const byId = new Map(rows.map((r) => [r.id, r.name]));
    return ids.map((id) => byId.get(id) ?? String(id));
  }

  departmentName(id: number): string | undefined {
    return this.db.get<{ name: string }>('SELECT name FROM departments WHERE id = ?', [id])?.name;
  }
}
