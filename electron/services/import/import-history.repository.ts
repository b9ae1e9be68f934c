import type { ImportBatch } from '../../contract';
import type { Scope } from '../auth/scope';
import { scopeClause } from '../auth/scope.repository';
import { DeferredIndexesRepository } from '../db/deferred-indexes.repository';
import type { DurableDatabase, SqlValue } from '../db/durable-database';
import { stampHlc } from '../clock/workspace-clock.repository';
import { SELECT_COLUMNS, SET_COLUMNS, changedColumns } from './case-columns.repository';
import { CASE_COLUMNS } from './prepared-row';

/** The SQL of import batches already written: listing them within a scope, and undoing one. */
export class ImportHistoryRepository {
  constructor(private readonly db: DurableDatabase) {}

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
}
