/**
 * The access log: append-only by the table's triggers (009_accounts.sql), and by this file, which
 * only inserts and reads. There is deliberately no update or delete here.
 */
import type { AccessKind } from '../../contract/auth';
import type { DurableDatabase, Transaction } from '../db/durable-database';

export type { AccessKind };

export interface AccessEntry {
  at: number;
  accountId: number | null;
  actorName: string;
  role: string | null;
  caseId: number | null;
  field: string | null;
  reason: string | null;
  kind: AccessKind;
  detail: string | null;
}

export interface AccessLogRow extends AccessEntry {
  id: number;
  caseNo: string | null;
}

export interface AccessFilter {
  from?: number;
  to?: number;
  accountId?: number;
  caseId?: number;
  /** A fragment of the case number: administrators know case numbers, not internal ids. */
  caseNo?: string;
  kind?: AccessKind;
}

const INSERT = `INSERT INTO access_log (at, account_id, actor_name, role, case_id, field, reason, kind, detail)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Appends one entry inside a caller's transaction (an account change and its log row are one write). */
export function appendAccess(tx: Transaction, entry: AccessEntry): number {
  return tx.insert(INSERT, [
    entry.at, entry.accountId, entry.actorName, entry.role, entry.caseId, entry.field, entry.reason, entry.kind, entry.detail,
  ]);
}

function where(filter: AccessFilter): { sql: string; params: (number | string)[] } {
  const parts: string[] = [];
  const params: (number | string)[] = [];
  if (filter.from !== undefined) { parts.push('a.at >= ?'); params.push(filter.from); }
  if (filter.to !== undefined) { parts.push('a.at < ?'); params.push(filter.to); }
  if (filter.accountId !== undefined) { parts.push('a.account_id = ?'); params.push(filter.accountId); }
  if (filter.caseId !== undefined) { parts.push('a.case_id = ?'); params.push(filter.caseId); }
  if (filter.caseNo !== undefined) {
    // A look at a case read from the hub (not held here) names its number in the detail only.
    const like = `%${filter.caseNo.replace(/[\\%_]/g, '\\$&')}%`;
    parts.push(`(c.case_no LIKE ? ESCAPE '\\' OR (a.case_id IS NULL AND a.detail LIKE ? ESCAPE '\\'))`);
    params.push(like, like);
  }
  if (filter.kind !== undefined) { parts.push('a.kind = ?'); params.push(filter.kind); }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Both queries join the case, so the case-number filter reads the same in each. */
const FROM = 'FROM access_log a LEFT JOIN cases c ON c.id = a.case_id';

const COLUMNS = `a.id, a.at, a.account_id AS "accountId", a.actor_name AS "actorName", a.role, a.case_id AS "caseId",
  c.case_no AS "caseNo", a.field, a.reason, a.kind, a.detail`;

export class AccessLogRepository {
  constructor(private readonly db: DurableDatabase) {}

  append(entry: AccessEntry): number {
    return this.db.transaction((tx) => appendAccess(tx, entry));
  }

  /** Newest first. */
  page(filter: AccessFilter, offset: number, limit: number): { total: number; rows: AccessLogRow[] } {
    const w = where(filter);
    const total = this.db.get<{ n: number }>(`SELECT count(*) AS n ${FROM} ${w.sql}`, w.params)!.n;
    const rows = this.db.all<AccessLogRow>(
      `SELECT ${COLUMNS} ${FROM} ${w.sql} ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`,
      [...w.params, limit, offset],
    );
    return { total, rows };
  }

  /** Oldest first, every matching row (the export). */
  all(filter: AccessFilter): AccessLogRow[] {
    const w = where(filter);
    return this.db.all<AccessLogRow>(`SELECT ${COLUMNS} ${FROM} ${w.sql} ORDER BY a.at, a.id`, w.params);
  }
}
