import type { CaseEvent } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';

/** The action of the synthesized first entry of an imported case's timeline. */
export const IMPORTED_ACTION = 'imported';

/**
 * An imported case's first timeline entry, read from its batch, never stored: an import writes no
 * events (undo tells a case that was worked on by its events, and a million inserts would double
 * an import's cost). It is at the batch's commit, by the account that imported it (the batch's
 * staff, else the name its audit entry recorded). id 0 sorts it before every stored event. The
 * batch keeps no file row per case, so the note names the file (and sheet) only.
 */
export function importEvent(db: DurableDatabase, caseId: number): CaseEvent | undefined {
  const batch = db.get<{ id: number; at: number; fileName: string; sheet: string | null; actorStaffId: number | null; actorName: string | null }>(
    `SELECT b.id, coalesce(b.committed_at, b.started_at) AS at, b.file_name AS "fileName", b.sheet,
            b.actor_staff_id AS "actorStaffId",
            coalesce(st.name, (SELECT json_extract(a.detail, '$.actor') FROM audit_log a
                               WHERE a.entity = 'import_batch' AND a.entity_id = b.id AND a.action = 'import_commit'
                               ORDER BY a.id LIMIT 1)) AS "actorName"
     FROM cases c JOIN import_batches b ON b.id = c.import_batch_id
     LEFT JOIN staff st ON st.id = b.actor_staff_id
     WHERE c.id = ?`,
    [caseId],
  );
  if (!batch) return undefined;
  const where = batch.sheet ? `${batch.fileName}（工作表 ${batch.sheet}）` : batch.fileName;
  return {
    id: 0,
    at: batch.at,
    actorStaffId: batch.actorStaffId,
    actorName: batch.actorName,
    action: IMPORTED_ACTION,
    fromStatus: null,
    toStatus: null,
    note: `导入自 ${where}`,
    // The file is named in the note only: notes are masked with the case (a file name can hold a phone number).
    data: JSON.stringify({ batchId: batch.id }),
  };
}
