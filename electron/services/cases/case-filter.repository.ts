import type { CaseFilter } from '../../contract';
import type { Scope } from '../auth/scope';
import { scopeClause } from '../auth/scope.repository';
import type { DurableDatabase, SqlValue } from '../db/durable-database';
import { textClause } from './case-search.repository';

/** Open cases due within this window are near-due (yellow); past it, overdue (red). */
export const NEAR_DUE_MS = 24 * 3_600_000;

/**
 * The moment a case's clock is read at: its closing, else the start of a suspension (the clock
 * stands still while 挂账), else now. Overdue = that moment is past the handling deadline.
 */
export const CLOCK_SQL = 'coalesce(c.closed_at, c.paused_since, ?)';
const OVERDUE_SQL = `(c.handling_due_at IS NOT NULL AND ${CLOCK_SQL} > c.handling_due_at)`;
const NEAR_SQL = `(c.handling_due_at IS NOT NULL AND c.closed_at IS NULL AND c.paused_since IS NULL AND ? <= c.handling_due_at AND c.handling_due_at - ? <= ${NEAR_DUE_MS})`;

/** For the map coloured by deadline: 0 no deadline or closed, 1 in time, 2 near-due, 3 overdue (params: now ×3). */
export const DUE_INDEX_SQL = `CASE WHEN c.handling_due_at IS NULL OR c.closed_at IS NOT NULL THEN 0
  WHEN ${OVERDUE_SQL} THEN 3 WHEN ${NEAR_SQL} THEN 2 ELSE 1 END`;

/**
 * The WHERE of a case list, count or map for a filter: the one place a CaseFilter becomes SQL.
 * `scopeAs`: the scope's predicate served by an index, tested on each case (see scopeClause), or left out.
 */
export function caseFilterWhere(
  db: Pick<DurableDatabase, 'get'>, filter: CaseFilter, now: number,
  options: { scope: Scope; unindexedAbove: number | undefined; textAsFilter: boolean; scopeAs: 'index' | 'filter' | 'none' },
): { sql: string; params: SqlValue[] } {
  const { scope, unindexedAbove, textAsFilter, scopeAs } = options;
  const clauses: string[] = ['c.merged_into_id IS NULL'];
  const params: SqlValue[] = [];
  if (filter.status?.length) {
    clauses.push(`c.status IN (${filter.status.map(() => '?').join(', ')})`);
    params.push(...filter.status);
  }
  if (filter.source?.length) {
    clauses.push(`c.source IN (${filter.source.map(() => '?').join(', ')})`);
    params.push(...filter.source);
  }
  if (filter.categoryId !== undefined) {
    clauses.push('c.category_id IN (SELECT id FROM categories WHERE id = ? OR parent_id = ?)');
    params.push(filter.categoryId, filter.categoryId);
  }
  if (filter.regionId !== undefined) {
    const level = db.get<{ level: string }>('SELECT level FROM regions WHERE id = ?', [filter.regionId])?.level;
    const column = { grid: 'c.grid_id', community: 'c.community_id', street: 'c.street_id' }[level ?? ''];
    if (column) {
      clauses.push(`${column} = ?`);
      params.push(filter.regionId);
    } else if (level !== 'district') {
      clauses.push('0');
    }
  }
  if (filter.receivedFrom !== undefined) {
    clauses.push('c.received_at >= ?');
    params.push(filter.receivedFrom);
  }
  if (filter.receivedTo !== undefined) {
    clauses.push('c.received_at < ?');
    params.push(filter.receivedTo);
  }
  if (filter.overdueOnly) {
    clauses.push(OVERDUE_SQL);
    params.push(now);
  }
  if (filter.dueState?.length) {
    const parts = filter.dueState.map((state) => {
      if (state === 'overdue') {
        params.push(now);
        return OVERDUE_SQL;
      }
      if (state === 'near') {
        params.push(now, now);
        return NEAR_SQL;
      }
      if (state === 'none') return 'c.handling_due_at IS NULL';
      params.push(now, now, now);
      return `(c.handling_due_at IS NOT NULL AND NOT ${OVERDUE_SQL} AND NOT ${NEAR_SQL})`;
    });
    clauses.push(`(${parts.join(' OR ')})`);
  }
  if (filter.departmentId !== undefined) {
    // The accountable unit (first-receiver responsibility), as the rates count it.
    clauses.push('c.lead_department_id = ?');
    params.push(filter.departmentId);
  }
  if (filter.assigneeStaffId !== undefined) {
    clauses.push('c.assignee_staff_id = ?');
    params.push(filter.assigneeStaffId);
  }
  if (filter.whistleOpen) clauses.push(`c.id IN (SELECT case_id FROM whistles WHERE status = 'open')`);
  if (filter.satisfaction?.length) {
    clauses.push(`c.satisfaction IN (${filter.satisfaction.map(() => '?').join(', ')})`);
    params.push(...filter.satisfaction);
  }
  const text = filter.text ? textClause(filter.text, unindexedAbove, textAsFilter) : undefined;
  if (text) {
    clauses.push(text.sql);
    params.push(...text.params);
  }
  if (scope.kind !== 'all' && scopeAs !== 'none') {
    const clause = scopeClause(scope, 'c', scopeAs === 'filter');
    clauses.push(clause.sql);
    params.push(...clause.params);
  }
  return { sql: clauses.join(' AND '), params };
}
