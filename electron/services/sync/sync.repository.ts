import type { SqlValue } from '../db/database-types';
import type { DurableDatabase } from '../db/durable-database';
import type { Transaction } from '../db/transaction';
import { type CaseColumns, type FoldConflict, type FoldResult, type FoldWhistle } from './case-fold';
import type { Era } from './local-names';
import { ID_KEY, meta, NAME_KEY, setMeta, workspaceId } from '../clock/workspace-clock.repository';

const ERAS_KEY = 'workspace.eras';

export interface StoredEvent {
  id: number;
  uid: string | null;
  hlc: string | null;
  at: number;
  actorStaffId: number | null;
  actorName: string | null;
  action: string;
  from: string | null;
  to: string | null;
  note: string | null;
  data: string | null;
  patch: string | null;
}

export type StoredWhistle = Omit<FoldWhistle, 'eventUid'> & { id: number };
type Reader = Pick<Transaction, 'all' | 'get'>;

/** Many ids as one parameter (a JSON array): one statement text, prepared once, whatever the batch size. */
const JSON_IDS = '(SELECT value FROM json_each(?))';
const EVENT_COLUMNS = `id, uid, hlc, at, actor_staff_id AS "actorStaffId", actor_name AS "actorName", action, from_status AS "from",
  to_status AS "to", note, data, patch`;
const WHISTLE_COLUMNS = 'id, raised_at AS "raisedAt", raised_by AS "raisedBy", reason, report_due_at AS "reportDueAt", status, closed_at AS "closedAt"';
const REPORT_COLUMNS = 'department_id AS "departmentId", reported_at AS "reportedAt", reported_by AS "reportedBy", action_taken AS "actionTaken"';

export interface StoredBase {
  hlc: string;
  origin: string;
  body: string;
}

export interface NewEvent {
  /** null: born here, named by its local id. */
  uid: string | null;
  hlc: string;
  at: number;
  actorStaffId: number | null;
  actorName: string | null;
  action: string;
  from: string | null;
  to: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
  patch: Record<string, SqlValue> | null;
}

/** All SQL of the change model: identity, bases, received rows and replayed state (the clock: workspace-meta.repository.ts). */
export class SyncRepository {
  constructor(private readonly db: DurableDatabase) {}

  within<T>(work: (tx: Transaction) => T): T {
    return this.db.transaction(work);
  }

  /** The workspace's identity, made on first need (a copied demo gets its own when first used). */
  identity(): { id: string; name: string } {
    const id = meta(this.db, ID_KEY);
    if (id) return { id, name: meta(this.db, NAME_KEY) ?? '' };
    return this.db.transaction((tx) => ({ id: workspaceId(tx), name: meta(tx, NAME_KEY) ?? '' }));
  }

  /** The boundaries of the eras begun by restores and salvages, oldest first (local-names.ts). */
  eras(): Era[] {
    const text = meta(this.db, ERAS_KEY);
    return text ? (JSON.parse(text) as Era[]) : [];
  }

  /** A new era from the highest ids the workspace holds now; none for a workspace without an identity yet. */
  beginEra(): void {
    this.db.transaction((tx) => {
      if (meta(tx, ID_KEY) === null) return;
      const max = (table: string) => tx.get<{ id: number | null }>(`SELECT max(id) AS id FROM ${table}`)?.id ?? 0;
      const era: Era = { caseAfter: max('cases'), eventAfter: max('case_events'), whistleAfter: max('whistles') };
      const text = meta(tx, ERAS_KEY);
      setMeta(tx, ERAS_KEY, JSON.stringify([...(text ? (JSON.parse(text) as Era[]) : []), era]));
    });
  }

  rename(name: string): void {
    this.db.transaction((tx) => setMeta(tx, NAME_KEY, name));
  }

  /** Rows of these cases by id (one query per batch, the ids as one JSON parameter). */
  caseRows(tx: Reader, ids: readonly number[]): Map<number, CaseColumns> {
    const rows = tx.all<CaseColumns>(`SELECT * FROM cases WHERE id IN ${JSON_IDS}`, [JSON.stringify(ids)]);
    return new Map(rows.map((row) => [Number(row.id), row]));
  }

  /** Local ids of the cases with these uids: born here (uid NULL, by local id) or received (by uid). */
  caseIdsByUid(tx: Reader, uids: readonly string[], localIds: readonly number[]): { byUid: Map<string, number>; local: Set<number> } {
    const byUid = new Map(tx.all<{ id: number; uid: string }>(
      `SELECT id, uid FROM cases WHERE uid IS NOT NULL AND uid IN ${JSON_IDS}`, [JSON.stringify(uids)],
    ).map((r) => [r.uid, r.id]));
    const local = new Set(tx.all<{ id: number }>(
      `SELECT id FROM cases WHERE uid IS NULL AND id IN ${JSON_IDS}`, [JSON.stringify(localIds)],
    ).map((r) => r.id));
    return { byUid, local };
  }

  /** Which of these events this workspace has: by uid, and born here by local id. */
  eventsHeld(tx: Reader, uids: readonly string[], localIds: readonly number[]): { uids: Set<string>; local: Set<number> } {
    // A batch of cases new here asks about none: no query.
    if (uids.length === 0 && localIds.length === 0) return { uids: new Set(), local: new Set() };
    const held = new Set(tx.all<{ uid: string }>(
      `SELECT uid FROM case_events WHERE uid IS NOT NULL AND uid IN ${JSON_IDS}`, [JSON.stringify(uids)],
    ).map((r) => r.uid));
    const local = new Set(tx.all<{ id: number }>(
      `SELECT id FROM case_events WHERE uid IS NULL AND id IN ${JSON_IDS}`, [JSON.stringify(localIds)],
    ).map((r) => r.id));
    return { uids: held, local };
  }

  /** Events of these cases, each case's in id order. */
  eventsOf(tx: Reader, caseIds: readonly number[]): Map<number, StoredEvent[]> {
    const out = new Map<number, StoredEvent[]>();
    const rows = tx.all<StoredEvent & { caseId: number }>(
      `SELECT case_id AS "caseId", ${EVENT_COLUMNS} FROM case_events WHERE case_id IN ${JSON_IDS} ORDER BY case_id, id`,
      [JSON.stringify(caseIds)],
    );
    for (const { caseId, ...event } of rows) {
      const list = out.get(caseId);
      if (list) list.push(event);
      else out.set(caseId, [event]);
    }
    return out;
  }

  basesOf(tx: Reader, caseIds: readonly number[]): Map<number, StoredBase> {
    const rows = tx.all<StoredBase & { caseId: number }>(
      `SELECT case_id AS "caseId", hlc, origin, body FROM case_bases WHERE case_id IN ${JSON_IDS}`, [JSON.stringify(caseIds)],
    );
    return new Map(rows.map(({ caseId, ...base }) => [caseId, base]));
  }

  /** Whistles (with their reports) of these cases, each case's in id order. */
  whistlesOf(tx: Reader, caseIds: readonly number[]): Map<number, StoredWhistle[]> {
    const out = new Map<number, StoredWhistle[]>();
    if (caseIds.length === 0) return out;
    const whistles = tx.all<Omit<StoredWhistle, 'reports'> & { caseId: number }>(
      `SELECT case_id AS "caseId", ${WHISTLE_COLUMNS} FROM whistles WHERE case_id IN ${JSON_IDS} ORDER BY case_id, id`, [JSON.stringify(caseIds)],
    );
    const reports = new Map<number, StoredWhistle['reports']>();
    if (whistles.length > 0) {
      for (const { whistleId, ...r } of tx.all<StoredWhistle['reports'][number] & { whistleId: number }>(
        `SELECT whistle_id AS "whistleId", ${REPORT_COLUMNS} FROM whistle_reports WHERE whistle_id IN ${JSON_IDS} ORDER BY whistle_id, id`,
        [JSON.stringify(whistles.map((w) => w.id))],
      )) {
        const list = reports.get(whistleId);
        if (list) list.push(r);
        else reports.set(whistleId, [r]);
      }
    }
    for (const { caseId, ...w } of whistles) {
      const list = out.get(caseId) ?? [];
      list.push({ ...w, reports: reports.get(w.id) ?? [] });
      out.set(caseId, list);
    }
    return out;
  }

  caseRow(tx: Transaction, id: number): CaseColumns | undefined {
    return tx.get<CaseColumns>('SELECT * FROM cases WHERE id = ?', [id]);
  }

  caseIdByUid(tx: Pick<Transaction, 'get'>, uid: string): number | undefined {
    return tx.get<{ id: number }>('SELECT id FROM cases WHERE uid = ?', [uid])?.id;
  }

  /** The uid a received case came with (null: born here). */
  storedCaseUid(tx: Pick<Transaction, 'get'>, id: number): string | null {
    return tx.get<{ uid: string | null }>('SELECT uid FROM cases WHERE id = ?', [id])?.uid ?? null;
  }

  /** A case born here (uid NULL) with this local id. */
  localCaseExists(tx: Pick<Transaction, 'get'>, id: number): boolean {
    return tx.get<{ id: number }>('SELECT id FROM cases WHERE id = ? AND uid IS NULL', [id]) !== undefined;
  }

  eventUidExists(tx: Transaction, uid: string): boolean {
    return tx.get('SELECT 1 AS x FROM case_events WHERE uid = ?', [uid]) !== undefined;
  }

  localEventExists(tx: Transaction, id: number): boolean {
    return tx.get('SELECT 1 AS x FROM case_events WHERE id = ? AND uid IS NULL', [id]) !== undefined;
  }

  events(tx: Pick<Transaction, 'all'>, caseId: number): StoredEvent[] {
    return tx.all<StoredEvent>(
      `SELECT ${EVENT_COLUMNS} FROM case_events WHERE case_id = ? ORDER BY id`,
      [caseId],
    );
  }

  whistles(tx: Reader, caseId: number): StoredWhistle[] {
    return this.whistlesOf(tx, [caseId]).get(caseId) ?? [];
  }

  base(tx: Pick<Transaction, 'get'>, caseId: number): StoredBase | undefined {
    return tx.get<StoredBase>('SELECT hlc, origin, body FROM case_bases WHERE case_id = ?', [caseId]);
  }

  insertBase(tx: Transaction, caseId: number, base: StoredBase): void {
    tx.run('INSERT INTO case_bases (case_id, hlc, origin, body) VALUES (?, ?, ?, ?)', [caseId, base.hlc, base.origin, base.body]);
  }

  caseNoTaken(tx: Transaction, caseNo: string): boolean {
    return tx.get('SELECT 1 AS x FROM cases WHERE case_no = ?', [caseNo]) !== undefined;
  }

  insertCase(tx: Transaction, row: CaseColumns): number {
    const columns = Object.keys(row);
    return tx.insert(`INSERT INTO cases (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((c) => row[c] ?? null));
  }

  insertEvent(tx: Transaction, caseId: number, e: NewEvent): void {
    tx.run(
      `INSERT INTO case_events (case_id, uid, hlc, at, actor_staff_id, actor_name, action, from_status, to_status, note, data, patch)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [caseId, e.uid, e.hlc, e.at, e.actorStaffId, e.actorName, e.action, e.from, e.to, e.note,
        e.data ? JSON.stringify(e.data) : null, e.patch ? JSON.stringify(e.patch) : null],
    );
  }

  /**
   * The attachment rows of received 'attached' events (their data names kind and files), for
   * these cases: a file already on the case with the same hash and kind is not added twice, a
   * malformed entry is left out (the event keeps it). The bytes come separately (a package's
   * files, the hub's files table); until they do, the row is there and the file is not.
   */
  materialiseAttachments(tx: Transaction, caseIds: readonly number[]): void {
    if (caseIds.length === 0) return;
    tx.run(
      `INSERT INTO attachments (case_id, event_id, sha256, file_name, mime, size, kind, created_at)
       SELECT e.case_id, e.id, f.sha256, f.file_name, f.mime, f.size, f.kind, e.at
       FROM case_events e,
            (SELECT json_extract(j.value, '$.sha256') AS sha256, coalesce(json_extract(j.value, '$.fileName'), '') AS file_name,
                    coalesce(json_extract(j.value, '$.mime'), 'application/octet-stream') AS mime, coalesce(json_extract(j.value, '$.size'), 0) AS size,
                    json_extract(ev.data, '$.kind') AS kind, ev.id AS event_id
             FROM case_events ev, json_each(ev.data, '$.files') j
             WHERE ev.action = 'attached' AND ev.case_id IN ${JSON_IDS}) f
       WHERE e.id = f.event_id AND length(f.sha256) = 64 AND f.sha256 NOT GLOB '*[^0-9a-f]*' AND f.kind IN ('before', 'after', 'document')
         AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.case_id = e.case_id AND a.sha256 = f.sha256 AND a.kind = f.kind)`,
      [JSON.stringify(caseIds)],
    );
  }

  /** Writes a replayed case: its columns, its whistles and its conflicts, as the fold computed them. */
  writeFold(tx: Transaction, caseId: number, fold: FoldResult, columns: readonly string[]): void {
    const sets = [...columns, 'updated_at', 'sync_conflict'].map((c) => `${c} = ?`);
    tx.run(
      `UPDATE cases SET ${sets.join(', ')} WHERE id = ?`,
      [...columns.map((c) => fold.row[c] ?? null), fold.updatedAt, fold.conflicts.length ? 1 : 0, caseId],
    );
    tx.run('DELETE FROM whistle_reports WHERE whistle_id IN (SELECT id FROM whistles WHERE case_id = ?)', [caseId]);
    tx.run('DELETE FROM whistles WHERE case_id = ?', [caseId]);
    for (const w of fold.whistles) {
      const whistleId = tx.insert(
        'INSERT INTO whistles (case_id, raised_at, raised_by, reason, report_due_at, status, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [caseId, w.raisedAt, w.raisedBy, w.reason, w.reportDueAt, w.status, w.closedAt],
      );
      for (const r of w.reports) {
        tx.run('INSERT INTO whistle_reports (whistle_id, department_id, reported_at, reported_by, action_taken) VALUES (?, ?, ?, ?, ?)',
          [whistleId, r.departmentId, r.reportedAt, r.reportedBy, r.actionTaken]);
      }
    }
    tx.run('DELETE FROM case_conflicts WHERE case_id = ?', [caseId]);
    for (const c of fold.conflicts) {
      tx.run('INSERT INTO case_conflicts (case_id, event_uid, found_status, before_state, after_state) VALUES (?, ?, ?, ?, ?)',
        [caseId, c.eventUid, c.foundStatus, JSON.stringify(c.before), JSON.stringify(c.after)]);
    }
  }

  conflicts(caseId: number): (Omit<FoldConflict, 'before' | 'after'> & { before: string; after: string })[] {
    return this.db.all(
      `SELECT event_uid AS "eventUid", found_status AS "foundStatus", before_state AS before, after_state AS after
       FROM case_conflicts WHERE case_id = ? ORDER BY event_uid`,
      [caseId],
    );
  }

  conflictCaseNos(tx: Transaction, caseIds: readonly number[]): string[] {
    if (caseIds.length === 0) return [];
    return tx.all<{ caseNo: string }>(
      `SELECT case_no AS "caseNo" FROM cases WHERE sync_conflict = 1 AND id IN ${JSON_IDS} ORDER BY case_no`, [JSON.stringify(caseIds)],
    ).map((r) => r.caseNo);
  }

  /** Cases with an event or a base newer than `afterEventId` (the local event id): what a peer may lack. */
  casesChangedAfter(afterEventId: number): number[] {
    return this.db.all<{ id: number }>('SELECT DISTINCT case_id AS id FROM case_events WHERE id > ? ORDER BY case_id', [afterEventId]).map((r) => r.id);
  }

  lastEventId(): number {
    return this.db.get<{ id: number | null }>('SELECT max(id) AS id FROM case_events')?.id ?? 0;
  }
}
