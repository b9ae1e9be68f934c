import type { SqlValue } from '../db/database-types';
import type { Transaction } from '../db/transaction';
import type { CaseColumns, FoldConflict, FoldWhistle } from './case-fold';
import type { NewEvent, StoredBase } from './sync.repository';

/**
 * Rows per multi-row INSERT. Each statement is one call into sql.js, one journal row and one bind
 * of its values; a hundred thousand received events as 2,000 statements rather than 100,000.
 */
const ROWS_PER_STATEMENT = 50;
const EVENT_COLUMNS = ['case_id', 'uid', 'hlc', 'at', 'actor_staff_id', 'actor_name', 'action', 'from_status', 'to_status', 'note', 'data', 'patch'];
const BASE_COLUMNS = ['case_id', 'hlc', 'origin', 'body'];

/** The SQL of writing many sync rows at once (a received batch: cases in their replayed state, bases, events; bases made for sharing), many rows per statement. */
export class BatchRowsRepository {
  /** Cases may name cases of the same batch that are written later (merged_into_id): checked at COMMIT. */
  deferForeignKeys(tx: Transaction): void {
    tx.script('PRAGMA defer_foreign_keys = ON');
  }

  maxCaseId(tx: Transaction): number {
    return tx.get<{ id: number | null }>('SELECT max(id) AS id FROM cases')?.id ?? 0;
  }

  /** Which of these case numbers this workspace already uses. */
  caseNosTaken(tx: Transaction, caseNos: readonly string[]): Set<string> {
    if (caseNos.length === 0) return new Set();
    return new Set(tx.all<{ caseNo: string }>(
      'SELECT case_no AS "caseNo" FROM cases WHERE case_no IN (SELECT value FROM json_each(?))', [JSON.stringify(caseNos)],
    ).map((r) => r.caseNo));
  }

  /** Whole case rows with their ids; rows with the same columns share statements. */
  insertCases(tx: Transaction, rows: readonly CaseColumns[]): void {
    const byColumns = new Map<string, { columns: string[]; values: SqlValue[][] }>();
    for (const row of rows) {
      const columns = Object.keys(row);
      const key = columns.join(',');
      let group = byColumns.get(key);
      if (!group) byColumns.set(key, (group = { columns, values: [] }));
      group.values.push(columns.map((c) => row[c] ?? null));
    }
    for (const { columns, values } of byColumns.values()) insertRows(tx, 'cases', columns, values);
  }

  insertBases(tx: Transaction, bases: readonly (StoredBase & { caseId: number })[]): void {
    insertRows(tx, 'case_bases', BASE_COLUMNS, bases.map((b) => [b.caseId, b.hlc, b.origin, b.body]));
  }

  insertEvents(tx: Transaction, events: readonly { caseId: number; event: NewEvent }[]): void {
    insertRows(tx, 'case_events', EVENT_COLUMNS, events.map(({ caseId, event: e }) => [
      caseId, e.uid, e.hlc, e.at, e.actorStaffId, e.actorName, e.action, e.from, e.to, e.note,
      e.data ? JSON.stringify(e.data) : null, e.patch ? JSON.stringify(e.patch) : null,
    ]));
  }

  /** The whistles and conflicts of a case that has none yet (one this batch brings). */
  insertWhistlesAndConflicts(tx: Transaction, caseId: number, whistles: readonly FoldWhistle[], conflicts: readonly FoldConflict[]): void {
    for (const w of whistles) {
      const whistleId = tx.insert(
        'INSERT INTO whistles (case_id, raised_at, raised_by, reason, report_due_at, status, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [caseId, w.raisedAt, w.raisedBy, w.reason, w.reportDueAt, w.status, w.closedAt],
      );
      for (const r of w.reports) {
        tx.run('INSERT INTO whistle_reports (whistle_id, department_id, reported_at, reported_by, action_taken) VALUES (?, ?, ?, ?, ?)',
          [whistleId, r.departmentId, r.reportedAt, r.reportedBy, r.actionTaken]);
      }
    }
    for (const c of conflicts) {
      tx.run('INSERT INTO case_conflicts (case_id, event_uid, found_status, before_state, after_state) VALUES (?, ?, ?, ?, ?)',
        [caseId, c.eventUid, c.foundStatus, JSON.stringify(c.before), JSON.stringify(c.after)]);
    }
  }
}

/** Full statements of ROWS_PER_STATEMENT rows, the rest one by one: two statement texts per table, prepared once. */
function insertRows(tx: Transaction, table: string, columns: readonly string[], rows: readonly SqlValue[][]): void {
  const one = `(${columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  let i = 0;
  if (rows.length >= ROWS_PER_STATEMENT) {
    const full = head + Array.from({ length: ROWS_PER_STATEMENT }, () => one).join(', ');
    for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) tx.run(full, rows.slice(i, i + ROWS_PER_STATEMENT).flat());
  }
  for (; i < rows.length; i++) tx.run(head + one, rows[i]!);
}
