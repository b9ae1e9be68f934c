import type { DurableDatabase } from '../../electron/services/db/durable-database';

/**
 * The case list's text search before migration 004 (a LIKE scan over title, address, case and
 * external number), kept as the reference the FTS4 bigram search is measured against.
 */
export class CaseTextLikeRepository {
  constructor(private readonly db: DurableDatabase) {}

  page(text: string, limit: number): { total: number; ids: number[] } {
    const like = `%${text.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
    const where = `c.merged_into_id IS NULL AND (c.title LIKE ? ESCAPE '\\' OR c.address LIKE ? ESCAPE '\\'
      OR c.case_no LIKE ? ESCAPE '\\' OR c.external_no LIKE ? ESCAPE '\\')`;
    const params = [like, like, like, like];
    const total = this.db.get<{ n: number }>(`SELECT count(*) AS n FROM cases c WHERE ${where}`, params)!.n;
    const ids = this.db
      .all<{ id: number }>(`SELECT c.id FROM cases c WHERE ${where} ORDER BY c.received_at DESC, c.id DESC LIMIT ?`, [...params, limit])
      .map((r) => r.id);
    return { total, ids };
  }
}
