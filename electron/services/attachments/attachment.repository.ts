import type { Attachment, AttachmentKind } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';
import { stampHlc } from '../clock/workspace-clock.repository';

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

  /**
   * Links stored files to a case in one durable transaction, with an 'attached' event on its
   * timeline naming who added them: the event (its clock, the files' hashes and names) is what
   * carries them to other workstations (sync.repository's materialiseAttachments). Returns the
   * new rows' ids.
   */
  insert(caseId: number, kind: AttachmentKind, eventId: number | null, files: AttachmentInsert[], at: number, actor: { id: number | null; name: string }): number[] {
    return this.db.transaction((tx) => {
      const attached = tx.insert(
        `INSERT INTO case_events (case_id, at, actor_staff_id, actor_name, action, from_status, to_status, note, data, hlc)
         VALUES (?, ?, ?, ?, 'attached', NULL, NULL, ?, ?, ?)`,
        [caseId, at, actor.id, actor.name, files.map((f) => f.fileName).join('、').slice(0, 500),
          JSON.stringify({ kind, files: files.map(({ sha256, fileName, mime, size }) => ({ sha256, fileName, mime, size })) }), stampHlc(tx, at)],
      );
      return files.map((f) =>
        tx.insert(
          `INSERT INTO attachments (case_id, event_id, sha256, file_name, mime, size, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [caseId, eventId ?? attached, f.sha256, f.fileName, f.mime, f.size, kind, at],
        ),
      );
    });
  }

  ofCase(caseId: number): Omit<Attachment, 'held'>[] {
    return this.db.all<Omit<Attachment, 'held'>>(`SELECT ${COLUMNS} FROM attachments WHERE case_id = ? ORDER BY created_at, id`, [caseId]);
  }

  /** The type and name first recorded for a hash, if any case of this workspace has the file. */
  firstOf(sha256: string): { mime: string; fileName: string } | undefined {
    return this.db.get<{ mime: string; fileName: string }>(
      'SELECT mime, file_name AS "fileName" FROM attachments WHERE sha256 = ? ORDER BY id LIMIT 1',
      [sha256],
    );
  }
}
