import type { Geometry, ImportBatch, ImportProblem } from '../../contract';
import { caseNoPrefix } from '../cases/case-number';
import { lastCaseSerial } from '../cases/case-number.repository';
import { DeferredIndexesRepository } from '../db/deferred-indexes.repository';
import type { Scope } from '../auth/scope';
import { scopeClause } from '../auth/scope.repository';
import type { DurableDatabase, SqlValue, Transaction } from '../db/durable-database';
import { tickHlc } from '../sync/hlc';
import { readHlc, stampHlc, writeHlc } from '../sync/sync.repository';
import type { GridShape } from './grid-index';
import { CASE_COLUMNS, PreparedRow, caseValues } from './prepared-row';
import type { RegionRow } from './region-matcher';
import type { RowStore } from './row-store';
import { RosterRepository } from './roster.repository';
import type { CategoryRow, DepartmentRow } from './row-preparer';

/** The case columns whose value `values` (in CASE_COLUMNS order) changes from `before`: an event's patch. */
function changedColumns(before: Record<string, SqlValue>, values: readonly SqlValue[]): Record<string, SqlValue> {
  const patch: Record<string, SqlValue> = {};
  CASE_COLUMNS.forEach((column, i) => {
    if ((before[column] ?? null) !== (values[i] ?? null)) patch[column] = values[i] ?? null;
  });
  return patch;
}

export interface ExistingCases {
  byNumber: Map<string, { id: number; values: SqlValue[] }>;
  unnumbered: { id: number; values: SqlValue[] }[];
}

export interface NearbyCase {
  id: number;
  caseNo: string;
  receivedAt: number;
  title: string;
  description: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
}

export interface CommitInput {
  fileName: string;
  encoding: string | null;
  sheet: string | null;
  mapping: string;
  source: string;
  rows: RowStore;
  problems: ImportProblem[];
  rowsTotal: number;
  refused: number;
  actorName: string;
  /** The signed-in account's staff member (null: a tool without one): the batch and its events name them. */
  actorStaffId: number | null;
  startedAt: number;
  now: number;
}

const SET_COLUMNS = CASE_COLUMNS.map((c) => `${c} = ?`).join(', ');
const SELECT_COLUMNS = CASE_COLUMNS.join(', ');
const INSERT_BATCH = 100;
/** Bulk path (indexes dropped and rebuilt): at least this many new cases… */
const BULK_MIN_ROWS = 20_000;
/** …and at least this share of the cases already in the workspace. */
const BULK_SHARE = 0.25;
/**
 * One multi-row INSERT of new cases. What every row shares (case number prefix, source, batch,
 * time) is bound once per statement as ?1–?4; each row binds its serial number, external number
 * and the case columns. Fewer bound values per row: strings are the dearest part of a sql.js call.
 */
const SHARED_PARAMS = 4;
const INSERT_WIDTH = CASE_COLUMNS.length + 2;
const insertStatements = new Map<number, string>();
function insertSql(rows: number): string {
  let sql = insertStatements.get(rows);
  if (!sql) {
    let n = SHARED_PARAMS;
    const row = () => {
      const serial = ++n;
      const values = Array.from({ length: INSERT_WIDTH - 1 }, () => `?${++n}`);
      return `(?1 || printf('%06d', ?${serial}), ?2, ${values.join(', ')}, ?3, ?4, ?4)`;
    };
    sql = `INSERT INTO cases (case_no, source, external_no, ${SELECT_COLUMNS}, import_batch_id, created_at, updated_at)
           VALUES ${Array.from({ length: rows }, row).join(', ')}`;
    insertStatements.set(rows, sql);
  }
  return sql;
}

export class ImportRepository {
  constructor(private readonly db: DurableDatabase) {}

  /** The staff-list and grid-list imports' SQL, on the same database. */
  roster(): RosterRepository {
    return new RosterRepository(this.db);
  }

  categories(): CategoryRow[] {
    return this.db.all(`SELECT id, name, name_en AS "nameEn", level, handling_limit_days AS "handlingLimitDays" FROM categories WHERE active = 1`);
  }

  departments(): DepartmentRow[] {
    return this.db.all('SELECT id, code, name FROM departments');
  }

  regions(): RegionRow[] {
    return this.db.all('SELECT id, parent_id AS "parentId", level, code, name FROM regions');
  }

  /** Every grid with an outline, with its community and street found through the tree. */
  gridShapes(regions: RegionRow[]): GridShape[] {
    const byId = new Map(regions.map((r) => [r.id, r]));
    const ancestor = (id: number, level: string): number | null => {
      for (let p = byId.get(id)?.parentId ?? null; p !== null; p = byId.get(p)?.parentId ?? null) {
        if (byId.get(p)?.level === level) return p;
      }
      return null;
    };
    return this.db
      .all<{ id: number; geometry: string }>(`SELECT id, geometry FROM regions WHERE level = 'grid' AND geometry IS NOT NULL`)
      .map((g) => ({ id: g.id, geometry: JSON.parse(g.geometry) as Geometry, communityId: ancestor(g.id, 'community'), streetId: ancestor(g.id, 'street') }));
  }

  /**
   * Cases already imported under this source with their current values: by external number, and
   * (for rows without one, matched by content key) those that have none.
   */
  existing(source: string, withUnnumbered = true): ExistingCases {
    const byNumber = new Map<string, { id: number; values: SqlValue[] }>();
    const unnumbered: { id: number; values: SqlValue[] }[] = [];
    // One JSON column per row: reading 20 columns one by one through sql.js costs ten times more.
    const rows = this.db.all<{ id: number; externalNo: string | null; v: string }>(
      `SELECT id, external_no AS "externalNo", json_array(${SELECT_COLUMNS}) AS v FROM cases WHERE source = ?${withUnnumbered ? '' : ' AND external_no IS NOT NULL'} ORDER BY id`,
      [source],
    );
    for (const row of rows) {
      const entry = { id: row.id, values: JSON.parse(row.v) as SqlValue[] };
      if (row.externalNo === null) unnumbered.push(entry);
      else byNumber.set(String(row.externalNo), entry);
    }
    return { byNumber, unnumbered };
  }

  /** Cases of any source received in [from, to]: candidates for "probably the same case" (not merged ones). */
  receivedBetween(from: number, to: number): NearbyCase[] {
    return this.db.all<NearbyCase>(
      `SELECT id, case_no AS "caseNo", received_at AS "receivedAt", title, description, address, lng, lat
       FROM cases WHERE received_at BETWEEN ? AND ? AND merged_into_id IS NULL`,
      [from, to],
    );
  }

  /**
   * Writes the whole import in one durable transaction: the batch, new cases, changed cases (each
   * change one 'import_updated' event holding the values it replaced, so undo can restore them),
   * the problems, and an audit entry.
   */
  commit(input: CommitInput, onProgress?: (done: number) => void): { batchId: number; inserted: number; updated: number; unchanged: number; indexesDeferred: number } {
    return this.db.transaction((tx) => {
      // The corrections' clocks move in memory and are stored once.
      const clock = { hlc: readHlc(tx) };
      const batchId = tx.insert(
        `INSERT INTO import_batches (kind, file_name, encoding, sheet, mapping, status, rows_total, rows_refused, started_at, committed_at, actor_staff_id)
         VALUES ('cases', ?, ?, ?, ?, 'committed', ?, ?, ?, ?, ?)`,
        [input.fileName, input.encoding, input.sheet, input.mapping, input.rowsTotal, input.refused, input.startedAt, input.now, input.actorStaffId],
      );
      let inserted = 0;
      let updated = 0;
      let unchanged = 0;
      const indexesDeferred = this.deferIndexesForBulk(tx, input.rows);
      // New cases go in INSERT_BATCH rows per statement: each sql.js call crosses into WASM, and
      // one call per row made the call overhead most of the commit's time at a million rows.
      // Numbered like every case (docs/case-numbers.md), after the last number of the month.
      const prefix = caseNoPrefix(input.now);
      const lastSerial = lastCaseSerial(tx, prefix);
      const shared: SqlValue[] = [prefix, input.source, batchId, input.now];
      let pending: SqlValue[] = [...shared];
      const flush = () => {
        const n = (pending.length - SHARED_PARAMS) / INSERT_WIDTH;
        if (n) tx.run(insertSql(n), pending);
        pending = [...shared];
      };
      const { rows } = input;
      const row = new PreparedRow(0);
      for (let i = 0; i < rows.length; i++) {
        rows.read(i, row);
        if (i % 10_000 === 0) onProgress?.(i);
        if (row.refused) continue; // set aside by the mapping: reported, not written
        if (row.existingId === null) {
          inserted++;
          pending.push(lastSerial + inserted, row.externalNo, ...caseValues(row));
          if (pending.length >= SHARED_PARAMS + INSERT_BATCH * INSERT_WIDTH) flush();
        } else if (row.changed) {
          updated++;
          clock.hlc = tickHlc(clock.hlc, input.now);
          this.update(tx, row, batchId, input, clock.hlc);
        } else unchanged++;
      }
      flush();
      if (updated) writeHlc(tx, clock.hlc!);
      for (const p of input.problems) {
        tx.run(
          `INSERT INTO import_row_errors (batch_id, row_no, column_name, value, severity, reason_code, message) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [batchId, p.rowNo, p.column, p.value, p.severity, p.code, p.message],
        );
      }
      tx.run('UPDATE import_batches SET rows_inserted = ?, rows_updated = ?, rows_unchanged = ? WHERE id = ?', [inserted, updated, unchanged, batchId]);
      tx.run(`INSERT INTO audit_log (at, actor_staff_id, action, entity, entity_id, detail) VALUES (?, ?, 'import_commit', 'import_batch', ?, ?)`, [
        // The numbers it gave: they stay given after an undo (lastCaseSerial), never handed to other cases.
        input.now, input.actorStaffId, batchId, JSON.stringify({ file: input.fileName, actor: input.actorName, inserted, updated, unchanged, casePrefix: prefix, lastSerial: lastSerial + inserted }),
      ]);
      return { batchId, inserted, updated, unchanged, indexesDeferred };
    });
  }

  /**
   * For a bulk insert, defers the secondary indexes of `cases` (see DeferredIndexesRepository):
   * only worth it when the new rows are many, both absolutely and relative to the cases already
   * there (rebuilding indexes over those costs too). Returns how many were deferred.
   */
  private deferIndexesForBulk(tx: Transaction, rows: RowStore): number {
    let newRows = 0;
    const row = new PreparedRow(0);
    for (let i = 0; i < rows.length; i++) if (rows.read(i, row, false).existingId === null && !row.refused) newRows++;
    if (newRows < BULK_MIN_ROWS) return 0;
    const existing = tx.get<{ n: number }>('SELECT count(*) AS n FROM cases')!.n;
    if (newRows < existing * BULK_SHARE) return 0;
    return new DeferredIndexesRepository(this.db).defer(tx, 'cases');
  }

  /**
   * A correction is a case event like any other: its clock and the columns it set (its patch)
   * travel to other workstations and replay there, and here, in clock order (docs/sync.md).
   */
  private update(tx: Transaction, row: PreparedRow, batchId: number, input: CommitInput, hlc: string): void {
    const before = tx.get<Record<string, SqlValue>>(`SELECT ${SELECT_COLUMNS} FROM cases WHERE id = ?`, [row.existingId])!;
    const values = caseValues(row);
    tx.run(`UPDATE cases SET ${SET_COLUMNS}, updated_at = ? WHERE id = ?`, [...values, input.now, row.existingId]);
    tx.run(
      `INSERT INTO case_events (case_id, at, actor_staff_id, actor_name, action, from_status, to_status, note, data, hlc, patch)
       VALUES (?, ?, ?, ?, 'import_updated', ?, ?, ?, ?, ?, ?)`,
      [row.existingId, input.now, input.actorStaffId, input.actorName, before.status, row.status, `重新导入 ${input.fileName} 第 ${row.rowNo} 行`,
        JSON.stringify({ batchId, before }), hlc, JSON.stringify(changedColumns(before, values))],
    );
  }

  /**
   * Batches, newest first. Within a scope: case batches its own staff member imported, or that
   * brought a case into it (lists of staff and grids are the whole workspace's, not a place's).
   */
  batches(scope: Scope = { kind: 'all' }, staffId: number | null = null, onlyId?: number): ImportBatch[] {
    const where: string[] = [];
    const params: number[] = [];
    if (onlyId !== undefined) {
      where.push('b.id = ?');
      params.push(onlyId);
    }
    if (scope.kind !== 'all') {
      const clause = scopeClause(scope, 'c');
      where.push(`b.kind = 'cases' AND (b.actor_staff_id = ? OR EXISTS (SELECT 1 FROM cases c WHERE c.import_batch_id = b.id AND ${clause.sql}))`);
      params.push(staffId ?? -1, ...clause.params);
    }
    return this.db.all<ImportBatch>(
      `SELECT b.id, b.kind, b.file_name AS "fileName", b.status, b.rows_total AS "rowsTotal", b.rows_inserted AS "rowsInserted",
              b.rows_updated AS "rowsUpdated", b.rows_unchanged AS "rowsUnchanged", b.rows_refused AS "rowsRefused",
              b.started_at AS "startedAt", b.committed_at AS "committedAt", b.undone_at AS "undoneAt"
       FROM import_batches b ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY b.id DESC`,
      params,
    );
  }

  batch(id: number): ImportBatch | undefined {
    return this.batches({ kind: 'all' }, null, id)[0];
  }

  /** How many of the cases a batch brought or updated lie outside a scope (an undo would change them). */
  casesOutsideScope(batchId: number, scope: Scope): number {
    if (scope.kind === 'all') return 0;
    const clause = scopeClause(scope, 'c');
    // IS NOT 1: a case with no street (NULL) is outside a street's scope too.
    const outside = `(${clause.sql}) IS NOT 1`;
    const brought = this.db.get<{ n: number }>(`SELECT count(*) AS n FROM cases c WHERE c.import_batch_id = ? AND ${outside}`, [batchId, ...clause.params])!.n;
    const updated = this.db.get<{ n: number }>(
      `SELECT count(*) AS n FROM case_events e JOIN cases c ON c.id = e.case_id
       WHERE e.action = 'import_updated' AND json_extract(e.data, '$.batchId') = ? AND ${outside}`,
      [batchId, ...clause.params],
    )!.n;
    return brought + updated;
  }

  /**
   * Cases of the batch that have history of their own since (events, whistles, attachments, merges),
   * or were sent to another workstation: deleting one would hand its local id, and so its uid, out again.
   */
  worked(batchId: number): { caseNo: string; why: string }[] {
    return this.db.all(
      `SELECT DISTINCT c.case_no AS "caseNo", 'event' AS why FROM cases c JOIN case_events e ON e.case_id = c.id WHERE c.import_batch_id = ?
       UNION SELECT c.case_no, 'whistle' FROM cases c JOIN whistles w ON w.case_id = c.id WHERE c.import_batch_id = ?
       UNION SELECT c.case_no, 'attachment' FROM cases c JOIN attachments a ON a.case_id = c.id WHERE c.import_batch_id = ?
       UNION SELECT c.case_no, 'merged' FROM cases m JOIN cases c ON c.id = m.merged_into_id
                 WHERE m.merged_into_id IS NOT NULL AND c.import_batch_id = ?
       UNION SELECT c.case_no, 'shared' FROM cases c JOIN case_bases b ON b.case_id = c.id WHERE c.import_batch_id = ?
       LIMIT 20`,
      [batchId, batchId, batchId, batchId, batchId],
    );
  }

  /** The batch's update events whose case has had no event since (otherwise restoring would erase later work). */
  updates(batchId: number): { eventId: number; caseId: number; caseNo: string; data: string; later: number }[] {
    return this.db.all(
      `SELECT e.id AS "eventId", e.case_id AS "caseId", c.case_no AS "caseNo", e.data,
              (SELECT count(*) FROM case_events l WHERE l.case_id = e.case_id AND l.id > e.id) AS later
       FROM case_events e JOIN cases c ON c.id = e.case_id
       WHERE e.action = 'import_updated' AND json_extract(e.data, '$.batchId') = ?`,
      [batchId],
    );
  }

  undo(
    batchId: number, restores: { caseId: number; before: Record<string, SqlValue>; status: string }[], actorName: string, now: number,
    actorStaffId: number | null = null,
  ): { removed: number; restored: number } {
    // Each delete looks for merged children through idx_cases_merged_into: without it (deferred by a
    // bulk import and not rebuilt yet) a large undo would scan the table once per deleted case.
    new DeferredIndexesRepository(this.db).buildAll();
    return this.db.transaction((tx) => {
      for (const r of restores) {
        const current = tx.get<Record<string, SqlValue>>(`SELECT ${SELECT_COLUMNS} FROM cases WHERE id = ?`, [r.caseId])!;
        const restored = CASE_COLUMNS.map((c) => r.before[c] ?? null);
        tx.run(`UPDATE cases SET ${SET_COLUMNS}, updated_at = ? WHERE id = ?`, [...restored, now, r.caseId]);
        tx.run(
          `INSERT INTO case_events (case_id, at, actor_staff_id, actor_name, action, from_status, to_status, note, data, hlc, patch)
           VALUES (?, ?, ?, ?, 'import_undone', ?, ?, ?, ?, ?, ?)`,
          [r.caseId, now, actorStaffId, actorName, r.status, r.before.status ?? null, `撤销导入批次 ${batchId}`, JSON.stringify({ batchId }),
            stampHlc(tx, now), JSON.stringify(changedColumns(current, restored))],
        );
      }
      const removed = tx.run('DELETE FROM cases WHERE import_batch_id = ?', [batchId]);
      tx.run(`UPDATE import_batches SET status = 'undone', undone_at = ? WHERE id = ?`, [now, batchId]);
      tx.run(`INSERT INTO audit_log (at, actor_staff_id, action, entity, entity_id, detail) VALUES (?, ?, 'import_undo', 'import_batch', ?, ?)`, [
        now, actorStaffId, batchId, JSON.stringify({ actor: actorName, removed, restored: restores.length }),
      ]);
      return { removed, restored: restores.length };
    });
  }

  templates(): { id: number; name: string; signature: string; mapping: string; updatedAt: number }[] {
    return this.db.all(`SELECT id, name, header_signature AS signature, mapping, updated_at AS "updatedAt" FROM import_templates WHERE kind = 'cases' ORDER BY updated_at DESC`);
  }

  saveTemplate(name: string, signature: string, mapping: string, now: number): number {
    return this.db.transaction((tx) => {
      tx.run(
        `INSERT INTO import_templates (name, kind, header_signature, mapping, created_at, updated_at) VALUES (?, 'cases', ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET header_signature = excluded.header_signature, mapping = excluded.mapping, updated_at = excluded.updated_at`,
        [name, signature, mapping, now, now],
      );
      return tx.get<{ id: number }>('SELECT id FROM import_templates WHERE name = ?', [name])!.id;
    });
  }

  /** "Same as last time": value maps remembered across imports. */
  rememberedValues(): string | null {
    return this.db.get<{ value: string }>(`SELECT value FROM settings WHERE key = 'import.value_maps'`)?.value ?? null;
  }

  rememberValues(json: string): void {
    this.db.transaction((tx) => {
      tx.run(`INSERT INTO settings (key, value) VALUES ('import.value_maps', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [json]);
    });
  }
}
