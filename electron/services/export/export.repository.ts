import type { DurableDatabase } from '../db/durable-database';

export interface ExportCaseRow {
  id: number;
  caseNo: string;
  externalNo: string | null;
  source: string;
  status: string;
  title: string;
  description: string | null;
  categoryName: string | null;
  address: string | null;
  streetName: string | null;
  communityName: string | null;
  gridName: string | null;
  lng: number | null;
  lat: number | null;
  receivedAt: number;
  handlingDueAt: number | null;
  closedAt: number | null;
  satisfaction: string | null;
  departmentName: string | null;
  reporterName: string | null;
  reporterPhone: string | null;
}

export class ExportRepository {
  constructor(private readonly db: DurableDatabase) {}

  /** The export columns of these cases, in the given order. */
  cases(ids: number[]): ExportCaseRow[] {
    const out: ExportCaseRow[] = [];
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      const rows = this.db.all<ExportCaseRow>(
        `SELECT c.id, c.case_no AS "caseNo", c.external_no AS "externalNo", c.source, c.status, c.title, c.description,
                cat.name AS "categoryName", c.address, s.name AS "streetName", cm.name AS "communityName", g.name AS "gridName",
                c.lng, c.lat, c.received_at AS "receivedAt", c.handling_due_at AS "handlingDueAt", c.closed_at AS "closedAt",
                c.satisfaction, d.name AS "departmentName", c.reporter_name AS "reporterName", c.reporter_phone AS "reporterPhone"
         FROM cases c
         LEFT JOIN categories cat ON cat.id = c.category_id
         LEFT JOIN regions s ON s.id = c.street_id
         LEFT JOIN regions cm ON cm.id = c.community_id
         LEFT JOIN regions g ON g.id = c.grid_id
         LEFT JOIN departments d ON d.id = coalesce(c.assignee_department_id, c.lead_department_id)
         WHERE c.id IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of chunk) {
        const row = byId.get(id);
        if (row) out.push(row);
      }
    }
    return out;
  }
}
