import type { CaseDetail, CaseEvent, CaseFilter, CaseSummary } from '../../contract';
import { CaseStatus } from '../../contract';
import type { DurableDatabase, SqlValue } from '../db/durable-database';

const STATUS_INDEX_SQL = `CASE c.status ${CaseStatus.options.map((status, i) => `WHEN '${status}' THEN ${i}`).join(' ')} END`;

const SUMMARY_COLUMNS = `
  c.id, c.case_no AS "caseNo", c.external_no AS "externalNo", c.source, c.status, c.title,
  cat.name AS "categoryName", c.address, g.name AS "gridName", s.name AS "streetName", c.lng, c.lat,
  c.received_at AS "receivedAt", c.handling_due_at AS "handlingDueAt", c.closed_at AS "closedAt",
  CASE WHEN c.handling_due_at IS NULL THEN 0
       WHEN c.closed_at IS NOT NULL THEN c.closed_at > c.handling_due_at
       ELSE ? > c.handling_due_at END AS overdue`;

const SUMMARY_JOINS = `
  LEFT JOIN categories cat ON cat.id = c.category_id
  LEFT JOIN regions g ON g.id = c.grid_id
  LEFT JOIN regions s ON s.id = c.street_id`;

type SummaryRow = Omit<CaseSummary, 'overdue'> & { overdue: number };

export interface CaseInsert {
  source: string;
  externalNo: string | null;
  categoryId: number | null;
  title: string;
  description: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  sourceCrs: string;
  sourceLng: number | null;
  sourceLat: number | null;
  gridId: number | null;
  communityId: number | null;
  streetId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
  /** 'GD2611-' etc.: the serial is the next free one under this prefix. */
  caseNoPrefix: string;
  receivedAt: number;
  actorName: string;
}

export class CaseRepository {
  constructor(private readonly db: DurableDatabase) {}

  /** Inserts a received case and its first timeline event in one durable transaction. */
  insertReceived(row: CaseInsert): { id: number; caseNo: string } {
    return this.db.transaction((tx) => {
      // A range on the unique index: one seek, whatever the size of the table (LIKE would scan).
      const last = tx.get<{ caseNo: string | null }>(
        'SELECT max(case_no) AS "caseNo" FROM cases WHERE case_no >= ? AND case_no < ?',
        [row.caseNoPrefix, `${row.caseNoPrefix}\uffff`],
      )?.caseNo;
      const serial = last ? Number(last.slice(row.caseNoPrefix.length)) + 1 : 1;
      const caseNo = `${row.caseNoPrefix}${String(serial).padStart(6, '0')}`;
      const id = tx.insert(
        `INSERT INTO cases (case_no, source, external_no, category_id, title, description, address, lng, lat,
                            source_crs, source_lng, source_lat, grid_id, community_id, street_id,
                            reporter_name, reporter_phone, status, received_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)`,
        [caseNo, row.source, row.externalNo, row.categoryId, row.title, row.description, row.address, row.lng, row.lat,
          row.sourceCrs, row.sourceLng, row.sourceLat, row.gridId, row.communityId, row.streetId,
          row.reporterName, row.reporterPhone, row.receivedAt, row.receivedAt, row.receivedAt],
      );
      tx.run(
        `INSERT INTO case_events (case_id, at, actor_name, action, from_status, to_status)
         VALUES (?, ?, ?, 'receive', NULL, 'received')`,
        [id, row.receivedAt, row.actorName],
      );
      return { id, caseNo };
    });
  }

  /** A page of cases, newest first, and how many match in all. `now` decides what is overdue. */
  list(filter: CaseFilter, offset: number, limit: number, now: number): { total: number; rows: CaseSummary[] } {
    const where = this.where(filter, now);
    const total = this.db.get<{ n: number }>(`SELECT count(*) AS n FROM cases c WHERE ${where.sql}`, where.params)!.n;
    const rows = this.db.all<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM cases c ${SUMMARY_JOINS}
       WHERE ${where.sql} ORDER BY c.received_at DESC, c.id DESC LIMIT ? OFFSET ?`,
      [now, ...where.params, limit, offset],
    );
    return { total, rows: rows.map(toSummary) };
  }

  /** [id, lng, lat, status index] of every located case matching the filter. */
  points(filter: CaseFilter, now: number): [number, number, number, number][] {
    const where = this.where(filter, now);
    return this.db
      .all<{ id: number; lng: number; lat: number; s: number }>(
        `SELECT c.id, c.lng, c.lat, ${STATUS_INDEX_SQL} AS s FROM cases c
         WHERE c.lng IS NOT NULL AND ${where.sql}`,
        where.params,
      )
      .map((row) => [row.id, row.lng, row.lat, row.s]);
  }

  detail(id: number, now: number): (Omit<CaseDetail, 'events'> & { events: CaseEvent[] }) | undefined {
    const row = this.db.get<SummaryRow & Record<string, SqlValue>>(
      `SELECT ${SUMMARY_COLUMNS}, c.description, c.reporter_name AS "reporterName",
              c.reporter_phone AS "reporterPhone", c.satisfaction, c.response_due_at AS "responseDueAt",
              st.name AS "assigneeName", d.name AS "departmentName"
       FROM cases c ${SUMMARY_JOINS}
       LEFT JOIN staff st ON st.id = c.assignee_staff_id
       LEFT JOIN departments d ON d.id = coalesce(c.assignee_department_id, c.lead_department_id)
       WHERE c.id = ?`,
      [now, id],
    );
    if (!row) return undefined;
    const events = this.db.all<CaseEvent>(
      `SELECT id, at, actor_name AS "actorName", action, from_status AS "fromStatus", to_status AS "toStatus", note
       FROM case_events WHERE case_id = ? ORDER BY at, id`,
      [id],
    );
    return { ...(toSummary(row) as CaseSummary), ...(row as object), overdue: row.overdue === 1, events } as Omit<
      CaseDetail,
      'events'
    > & { events: CaseEvent[] };
  }

  private where(filter: CaseFilter, now: number): { sql: string; params: SqlValue[] } {
    const clauses: string[] = ['c.merged_into_id IS NULL'];
    const params: SqlValue[] = [];
    if (filter.status?.length) {
      clauses.push(`c.status IN (${filter.status.map(() => '?').join(', ')})`);
      params.push(...filter.status);
    }
    if (filter.source?.length) {
      clauses.push(`c.source IN (${filter.source.map(() => '?').join(', ')})`);
      params.push(...filter.source);
    }
    if (filter.categoryId !== undefined) {
      clauses.push('c.category_id IN (SELECT id FROM categories WHERE id = ? OR parent_id = ?)');
      params.push(filter.categoryId, filter.categoryId);
    }
    if (filter.regionId !== undefined) {
      const level = this.db.get<{ level: string }>('SELECT level FROM regions WHERE id = ?', [filter.regionId])?.level;
      const column = { grid: 'c.grid_id', community: 'c.community_id', street: 'c.street_id' }[level ?? ''];
      if (column) {
        clauses.push(`${column} = ?`);
        params.push(filter.regionId);
      } else if (level !== 'district') {
        clauses.push('0');
      }
    }
    if (filter.receivedFrom !== undefined) {
      clauses.push('c.received_at >= ?');
      params.push(filter.receivedFrom);
    }
    if (filter.receivedTo !== undefined) {
      clauses.push('c.received_at < ?');
      params.push(filter.receivedTo);
    }
    if (filter.overdueOnly) {
      clauses.push(`c.handling_due_at IS NOT NULL AND coalesce(c.closed_at, ?) > c.handling_due_at`);
      params.push(now);
    }
    if (filter.text?.trim()) {
      const like = `%${filter.text.trim().replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
      clauses.push(
        `(c.title LIKE ? ESCAPE '\\' OR c.address LIKE ? ESCAPE '\\' OR c.case_no LIKE ? ESCAPE '\\' OR c.external_no LIKE ? ESCAPE '\\')`,
      );
      params.push(like, like, like, like);
    }
    return { sql: clauses.join(' AND '), params };
  }
}

function toSummary(row: SummaryRow): CaseSummary {
  return {
    id: row.id, caseNo: row.caseNo, externalNo: row.externalNo, source: row.source, status: row.status,
    title: row.title, categoryName: row.categoryName, address: row.address, gridName: row.gridName,
    streetName: row.streetName, lng: row.lng, lat: row.lat, receivedAt: row.receivedAt,
    handlingDueAt: row.handlingDueAt, closedAt: row.closedAt, overdue: row.overdue === 1,
  };
}
