import type { DurableDatabase } from '../db/durable-database';
import type { Transaction } from '../db/transaction';
import type { StoredEvent } from '../sync/sync.repository';
import { SLIMMED_COLUMNS, type ArchivedCase, type SlimmedColumn } from './archive-file';

type Reader = Pick<Transaction, 'all' | 'get'>;

/** Many ids as one parameter: one statement text whatever the batch size. */
const JSON_IDS = '(SELECT value FROM json_each(?))';
/**
 * Events a slim case keeps: the rates' dispatcher breakdown and dispatch accuracy read dispatched,
 * returned and reopened; the whistle views read whistled and whistle_reported; received keeps every
 * case visible to the queries that walk events (a new peer's first package, the hub's first push).
 */
export const KEPT_ACTIONS = ['received', 'dispatched', 'returned', 'reopened', 'whistled', 'whistle_reported'] as const;
const KEPT_LIST = KEPT_ACTIONS.map((a) => `'${a}'`).join(', ');
const KEEP_MONTHS_KEY = 'archive.keep_months';
const EVENT_COLUMNS = `id, uid, hlc, at, actor_staff_id AS "actorStaffId", actor_name AS "actorName", action, from_status AS "from",
  to_status AS "to", note, data, patch`;

export class ArchiveRepository {
  constructor(private readonly db: DurableDatabase) {}

  within<T>(work: (tx: Transaction) => T): T {
    return this.db.transaction(work);
  }

  reader(): Reader {
    return this.db;
  }

  keepMonths(): number | null {
    const value = this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [KEEP_MONTHS_KEY])?.value;
    return value === undefined ? null : Number(value);
  }

  setKeepMonths(months: number): void {
    this.db.transaction((tx) => tx.run(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [KEEP_MONTHS_KEY, String(months)],
    ));
  }

  /** Closed cases before `cutoff` still in full, by the Beijing month they closed in. Conflicted cases wait for a person. */
  eligibleByMonth(cutoff: number): { month: string; cases: number }[] {
    return this.db.all<{ month: string; cases: number }>(
      `SELECT strftime('%Y-%m', (closed_at + 28800000) / 1000, 'unixepoch') AS month, count(*) AS cases
       FROM cases c
       WHERE c.status = 'closed' AND c.closed_at < ? AND c.sync_conflict = 0
         AND NOT EXISTS (SELECT 1 FROM case_archive a WHERE a.case_id = c.id)
       GROUP BY month ORDER BY month`,
      [cutoff],
    );
  }

  eligibleIds(from: number, to: number): number[] {
    return this.db.all<{ id: number }>(
      `SELECT id FROM cases c
       WHERE c.status = 'closed' AND c.closed_at >= ? AND c.closed_at < ? AND c.sync_conflict = 0
         AND NOT EXISTS (SELECT 1 FROM case_archive a WHERE a.case_id = c.id)
       ORDER BY id`,
      [from, to],
    ).map((r) => r.id);
  }

  /** What leaves the database for these cases: their slimmed columns and every event. */
  caseParts(ids: readonly number[]): ArchivedCase[] {
    const cases = new Map<number, ArchivedCase>();
    const rows = this.db.all<Record<SlimmedColumn, string | null> & { id: number; caseNo: string }>(
      `SELECT id, case_no AS "caseNo", ${SLIMMED_COLUMNS.join(', ')} FROM cases WHERE id IN ${JSON_IDS} ORDER BY id`, [JSON.stringify(ids)],
    );
    for (const { id, caseNo, ...columns } of rows) cases.set(id, { id, caseNo, columns, events: [] });
    for (const { caseId, ...event } of this.db.all<StoredEvent & { caseId: number }>(
      `SELECT case_id AS "caseId", ${EVENT_COLUMNS} FROM case_events WHERE case_id IN ${JSON_IDS} ORDER BY case_id, id`, [JSON.stringify(ids)],
    )) cases.get(caseId)?.events.push(event);
    return [...cases.values()];
  }

  /**
   * Makes these cases slim, in one transaction. The newest event of the workspace is never removed:
   * SQLite hands out max(id) + 1, and an id handed out again would repeat an event's name.
   */
  slim(ids: readonly number[], file: string, at: number): void {
    const param = JSON.stringify(ids);
    this.db.transaction((tx) => {
      tx.run(`INSERT INTO case_archive (case_id, file, archived_at) SELECT value, ?, ? FROM json_each(?)`, [file, at, param]);
      tx.run(`UPDATE cases SET ${SLIMMED_COLUMNS.map((c) => `${c} = NULL`).join(', ')} WHERE id IN ${JSON_IDS}`, [param]);
      tx.run(
        `DELETE FROM case_events WHERE case_id IN ${JSON_IDS} AND action NOT IN (${KEPT_LIST})
           AND id <> (SELECT max(id) FROM case_events)`,
        [param],
      );
    });
  }

  /** The slim ones among these cases, with their files. */
  archivedAmong(tx: Reader, ids: readonly number[]): Map<number, { file: string; archivedAt: number }> {
    if (ids.length === 0) return new Map();
    return new Map(tx.all<{ id: number; file: string; archivedAt: number }>(
      `SELECT case_id AS id, file, archived_at AS "archivedAt" FROM case_archive WHERE case_id IN ${JSON_IDS}`, [JSON.stringify(ids)],
    ).map((r) => [r.id, { file: r.file, archivedAt: r.archivedAt }]));
  }

  anyArchived(tx: Reader): boolean {
    return tx.get('SELECT 1 AS one FROM case_archive LIMIT 1') !== undefined;
  }

  /**
   * A slim case back in full: the columns nobody wrote since (a later correction wins), the events
   * it lacks (the kept ones are still there), and no longer marked. The archive file stays.
   */
  restore(tx: Transaction, cases: readonly ArchivedCase[]): void {
    if (cases.length === 0) return;
    const sets = SLIMMED_COLUMNS.map((c) => `${c} = coalesce(${c}, json_extract(value, '$.columns.${c}'))`).join(', ');
    const param = JSON.stringify(cases);
    tx.run(`UPDATE cases SET ${sets} FROM json_each(?) WHERE cases.id = json_extract(value, '$.id')`, [param]);
    tx.run(
      `INSERT OR IGNORE INTO case_events (id, case_id, uid, hlc, at, actor_staff_id, actor_name, action, from_status, to_status, note, data, patch)
       SELECT json_extract(e.value, '$.id'), json_extract(c.value, '$.id'), json_extract(e.value, '$.uid'), json_extract(e.value, '$.hlc'),
              json_extract(e.value, '$.at'), json_extract(e.value, '$.actorStaffId'), json_extract(e.value, '$.actorName'),
              json_extract(e.value, '$.action'), json_extract(e.value, '$.from'), json_extract(e.value, '$.to'),
              json_extract(e.value, '$.note'), json_extract(e.value, '$.data'), json_extract(e.value, '$.patch')
       FROM json_each(?) c, json_each(c.value, '$.events') e`,
      [param],
    );
    tx.run(`DELETE FROM case_archive WHERE case_id IN (SELECT json_extract(value, '$.id') FROM json_each(?))`, [param]);
  }

  /** Slim cases, and the archive files they name. */
  totals(): { cases: number; files: number } {
    return this.db.get<{ cases: number; files: number }>('SELECT count(*) AS cases, count(DISTINCT file) AS files FROM case_archive')!;
  }
}
