import type { Geometry, ImportProblem } from '../../contract';
import { caseNoPrefix } from '../cases/case-number';
import { lastCaseSerial } from '../cases/case-number.repository';
import { DeferredIndexesRepository } from '../db/deferred-indexes.repository';
import type { DurableDatabase, SqlValue, Transaction } from '../db/durable-database';
import { tickHlc } from '../clock/hlc';
import { readHlc, writeHlc } from '../clock/workspace-clock.repository';
import { SELECT_COLUMNS, SET_COLUMNS, changedColumns } from './case-columns.repository';
import type { GridShape } from './grid-index';
import { CASE_COLUMNS, PreparedRow, caseValues } from './prepared-row';
import type { RegionRow } from './region-matcher';
import type { RowStore } from './row-store';
import { ImportHistoryRepository } from './import-history.repository';
import { RosterRepository } from './roster.repository';
import type { CategoryRow, DepartmentRow } from './row-preparer';

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

  /** The batches already written: listing, scope, and undo. */
  history(): ImportHistoryRepository {
    return new ImportHistoryRepository(this.db);
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
