import type { Attachment, AttachmentKind } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';

const COLUMNS = `id, case_id AS "caseId", event_id AS "eventId", sha256, file_name AS "fileName", mime, size, kind, created_at AS "createdAt"`;

export interface AttachmentInsert {
  sha256: string;
  fileName: string;
  mime: string;
  size: number;
}

export class AttachmentRepository {
  constructor(private readonly db: DurableDatabase) {}

  caseExists(caseId: number): boolean {
    return this.db.get('SELECT 1 AS x FROM cases WHERE id = ?', [caseId]) !== undefined;
  }

  eventOfCase(eventId: number, caseId: number): boolean {
    return this.db.get('SELECT 1 AS x FROM case_events WHERE id = ? AND case_id = ?', [eventId, caseId]) !== undefined;
  }

  /** Links stored files to a case in one durable transaction; returns the new rows' ids. */
  insert(caseId: number, kind: AttachmentKind, eventId: number | null, files: AttachmentInsert[], at: number): number[] {
    return this.db.transaction((tx) =>
      files.map((f) =>
        tx.insert(
          `INSERT INTO attachments (case_id, event_id, sha256, file_name, mime, size, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [caseId, eventId, f.sha256, f.fileName, f.mime, f.size, kind, at],
        ),
      ),
    );
  }

  ofCase(caseId: number): Attachment[] {
    return this.db.all<Attachment>(`SELECT ${COLUMNS} FROM attachments WHERE case_id = ? ORDER BY created_at, id`, [caseId]);
  }

  /** The type and name first recorded for a hash, if any case of this workspace has the file. */
  firstOf(sha256: string): { mime: string; fileName: string } | undefined {
    return this.db.get<{ mime: string; fileName: string }>(
      'SELECT mime, file_name AS "fileName" FROM attachments WHERE sha256 = ? ORDER BY id LIMIT 1',
      [sha256],
    );
  }
}
