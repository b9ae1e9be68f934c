import type { PortableValue, ReferenceEdit, ReferenceKind } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';
import type { Transaction } from '../db/transaction';
import { casesWithCodesAside, unionIds } from './pending-codes.repository';
import { stampHlc, workspaceId } from '../clock/workspace-clock.repository';

type Reader = Pick<Transaction, 'all' | 'get'>;
type Values = Record<string, PortableValue>;

/** Many values as one parameter (a JSON array): one statement text whatever the count. */
const JSON_LIST = '(SELECT value FROM json_each(?))';
/** Clock, then id: a total order, so two desks stamping the same millisecond still agree on the winner. */
const STAMP = `(hlc || '|' || uid)`;
const EDIT_COLUMNS = `id AS "localId", uid AS id, hlc, origin, kind, key, "values"`;

/**
 * Settings that are the district's, not the desk's: only these travel and only these a received
 * edit may write. Accounts, the idle lock, the hub link, archive keep-months and basemaps stay per desk.
 */
export const SHARED_SETTINGS: readonly string[] = ['rates.settings'];

/** A reference edit with the local id of its log row (what peers' and the hub's watermarks count). */
export type LoggedReferenceEdit = ReferenceEdit & { localId: number };

interface EditRow { localId: number; id: string; hlc: string; origin: string; kind: ReferenceKind; key: string; values: string | null }

function toEdit(r: EditRow): LoggedReferenceEdit {
  return { ...r, values: r.values === null ? null : JSON.parse(r.values) as Values };
}

/** The log of reference edits (migration 017): what travels to peers and the hub, to every scope alike. */
export class ReferenceEditsRepository {
  constructor(private readonly db: DurableDatabase) {}

  /** Rows after this local id up to `upTo`, none born at `notFrom` (no echo). */
  after(afterId: number, notFrom: string | null, upTo = Number.MAX_SAFE_INTEGER): LoggedReferenceEdit[] {
    return this.db.all<EditRow>(
      `SELECT ${EDIT_COLUMNS} FROM reference_edits WHERE id > ? AND id <= ? AND origin <> ? ORDER BY id`,
      [afterId, upTo, notFrom ?? ''],
    ).map(toEdit);
  }

  lastId(): number {
    return this.db.get<{ id: number | null }>('SELECT max(id) AS id FROM reference_edits')?.id ?? 0;
  }
}

/** A row's shared values now, references by code (undefined: no such row, a deletion). */
function currentValues(tx: Reader, kind: ReferenceKind, key: string): Values | undefined {
  switch (kind) {
    case 'department':
      return tx.get<Values>('SELECT name, kind, phone, active FROM departments WHERE code = ?', [key]);
    case 'staff':
      // Never the account (username, password): accounts stay on their desk.
      return tx.get<Values>(
        `SELECT s.name, s.role, s.phone, d.code AS department, r.code AS region, s.active
         FROM staff s LEFT JOIN departments d ON d.id = s.department_id LEFT JOIN regions r ON r.id = s.region_id WHERE s.code = ?`, [key],
      );
    case 'category':
      return tx.get<Values>(
        `SELECT c.response_limit_hours AS "responseLimitHours", c.handling_limit_days AS "handlingLimitDays", c.time_basis AS "timeBasis",
                d.code AS "defaultDepartment"
         FROM categories c LEFT JOIN departments d ON d.id = c.default_department_id WHERE c.code = ?`, [key],
      );
    case 'calendar_day':
      return tx.get<Values>('SELECT kind, name FROM calendar_days WHERE day = ?', [key]);
    case 'setting':
      return tx.get<Values>('SELECT value FROM settings WHERE key = ?', [key]);
  }
}

/**
 * Logs what a local write left in this row, inside the write's transaction: the one call every
 * writer of the roster, the limits, the calendar and the shared settings makes.
 */
export function recordReferenceEdit(tx: Transaction, kind: ReferenceKind, key: string, at: number): void {
  if (kind === 'setting' && !SHARED_SETTINGS.includes(key)) return;
  const me = workspaceId(tx);
  const hlc = stampHlc(tx, at);
  insertReferenceEdit(tx, { id: `${me}:f${hlc}`, hlc, origin: me, kind, key, values: currentValues(tx, kind, key) ?? null }, false);
}

/** A staff member's code by local id (writers that hold the id). */
export function staffCode(tx: Reader, id: number): string {
  return tx.get<{ code: string }>('SELECT code FROM staff WHERE id = ?', [id])!.code;
}

export function insertReferenceEdit(tx: Transaction, e: ReferenceEdit, received: boolean): void {
  tx.run('INSERT INTO reference_edits (uid, hlc, origin, kind, key, "values", received) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    e.id, e.hlc, e.origin, e.kind, e.key, e.values === null ? null : JSON.stringify(e.values), received ? 1 : 0,
  ]);
}

/** Which of these edit uids the log holds. */
export function heldReferenceEdits(tx: Reader, uids: readonly string[]): Set<string> {
  if (uids.length === 0) return new Set();
  return new Set(tx.all<{ uid: string }>(`SELECT uid FROM reference_edits WHERE uid IN ${JSON_LIST}`, [JSON.stringify(uids)]).map((r) => r.uid));
}

/** The latest stamp (clock|id) logged per `kind:key`. */
export function latestReferenceStamps(tx: Reader, keys: readonly string[]): Map<string, string> {
  if (keys.length === 0) return new Map();
  return new Map(tx.all<{ k: string; stamp: string }>(
    `SELECT kind || ':' || key AS k, max(${STAMP}) AS stamp FROM reference_edits WHERE kind || ':' || key IN ${JSON_LIST} GROUP BY kind, key`,
    [JSON.stringify(keys)],
  ).map((r) => [r.k, r.stamp]));
}

/** The latest logged edits of staff members and categories naming one of these departments (to set it once the department is here). */
export function latestEditsNamingDepartments(tx: Reader, departments: readonly string[]): ReferenceEdit[] {
  if (departments.length === 0) return [];
  return tx.all<EditRow>(
    `SELECT ${EDIT_COLUMNS} FROM reference_edits e
     WHERE ((kind = 'staff' AND json_extract("values", '$.department') IN ${JSON_LIST})
         OR (kind = 'category' AND json_extract("values", '$.defaultDepartment') IN ${JSON_LIST}))
       AND NOT EXISTS (SELECT 1 FROM reference_edits l WHERE l.kind = e.kind AND l.key = e.key AND (l.hlc || '|' || l.uid) > (e.hlc || '|' || e.uid))
     ORDER BY id`,
    [JSON.stringify(departments), JSON.stringify(departments)],
  ).map(toEdit);
}

/** Local ids of these codes in a code table (departments, staff, regions). */
export function idsByCode(tx: Reader, table: 'departments' | 'staff' | 'regions', codes: readonly string[]): Map<string, number> {
  if (codes.length === 0) return new Map();
  return new Map(tx.all<{ id: number; code: string }>(`SELECT id, code FROM ${table} WHERE code IN ${JSON_LIST}`, [JSON.stringify(codes)]).map((r) => [r.code, r.id]));
}

/** Cases whose events keep one of these codes aside (`~column`) or whose base names one: replayed once the code is here. */
export function casesNamingReferences(tx: Reader, codes: readonly string[]): number[] {
  if (codes.length === 0) return [];
  const list = JSON.stringify(codes);
  const bases = tx.all<{ id: number }>(
    `SELECT case_id AS id FROM case_bases
       WHERE json_extract(body, '$.row.lead_department_id') IN ${JSON_LIST} OR json_extract(body, '$.row.assignee_department_id') IN ${JSON_LIST}
         OR json_extract(body, '$.row.assignee_staff_id') IN ${JSON_LIST} OR json_extract(body, '$.row.first_receiver_staff_id') IN ${JSON_LIST}`,
    [list, list, list, list],
  ).map((r) => r.id);
  return unionIds(casesWithCodesAside(tx, codes), bases);
}
