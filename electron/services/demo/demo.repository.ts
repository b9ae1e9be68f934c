/**
 * The SQL of the demo generator. Every statement is parameterized and deterministic (ids and
 * times come in as parameters), as the durable journal requires. Bulk inserts reuse one statement
 * text per table so DurableDatabase prepares it once and journals the rows as one coalesced op.
 */
import type { Row, SqlValue, Transaction } from '../db/durable-database';
import type { CaseRow, EventRow, WhistleRow } from './case-rows';
import type { DepartmentRow, DutyRow, StaffRow } from './people';

export interface RegionInsert {
  id: number;
  parentId: number | null;
  level: 'district' | 'street' | 'community' | 'grid';
  code: string;
  name: string;
  geometry: string;
  bbox: [number, number, number, number];
  centroid: [number, number];
  areaM2: number;
  households: number;
  provenance: 'official' | 'derived';
  at: number;
}

export interface StreetLineInsert {
  id: number;
  code: string;
  name: string;
  streetId: number;
  geometry: string;
  bbox: [number, number, number, number];
  lengthM: number;
  chiefStaffId: number | null;
  at: number;
}

export interface CategoryInsert {
  id: number;
  code: string;
  parentId: number | null;
  level: 1 | 2;
  name: string;
  nameEn: string;
  kind: 'component' | 'event';
  defaultDepartmentId: number | null;
  responseLimitHours: number | null;
  handlingLimitDays: number | null;
  timeBasis: 'working' | 'natural';
}

const INSERT_META = 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value';
const INSERT_REGION = `INSERT INTO regions (id, parent_id, level, code, name, geometry, min_lng, min_lat, max_lng, max_lat,
  centroid_lng, centroid_lat, area_m2, households, provenance, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_DEPARTMENT = 'INSERT INTO departments (id, code, name, kind, phone, active) VALUES (?, ?, ?, ?, ?, 1)';
const INSERT_STAFF = `INSERT INTO staff (id, code, name, role, phone, department_id, region_id, active, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_STREET_LINE = `INSERT INTO street_lines (id, code, name, street_id, geometry, min_lng, min_lat, max_lng, max_lat,
  length_m, chief_staff_id, provenance, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'derived', ?, ?)`;
const INSERT_DUTY = `INSERT INTO duty_assignments (id, staff_id, duty, region_id, street_line_id, since, until)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;
const INSERT_CATEGORY = `INSERT INTO categories (id, code, parent_id, level, name, name_en, kind, default_department_id,
  response_limit_hours, handling_limit_days, time_basis, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`;
const INSERT_CASE = `INSERT INTO cases (id, case_no, source, external_no, category_id, title, description, address, lng, lat,
  source_crs, source_lng, source_lat, grid_id, community_id, street_id, reporter_name, reporter_phone, status, priority,
  first_receiver_staff_id, lead_department_id, assignee_staff_id, assignee_department_id, received_at, registered_at,
  dispatched_at, responded_at, handled_at, verified_at, closed_at, response_due_at, handling_due_at, paused_since,
  extension_count, return_count, reopen_count, callback_at, solved, satisfaction, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'wgs84', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_EVENT = `INSERT INTO case_events (case_id, at, actor_staff_id, actor_name, action, from_status, to_status, note, data)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_WHISTLE = `INSERT INTO whistles (id, case_id, raised_at, raised_by, reason, report_due_at, status, closed_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_WHISTLE_REPORT = `INSERT INTO whistle_reports (whistle_id, department_id, reported_at, reported_by, action_taken)
  VALUES (?, ?, ?, ?, ?)`;

export class DemoRepository {
  constructor(private readonly tx: Transaction) {}

  meta(key: string, value: string): void {
    this.tx.run(INSERT_META, [key, value]);
  }

  regions(rows: RegionInsert[]): void {
    for (const r of rows) {
      this.tx.run(INSERT_REGION, [
        r.id, r.parentId, r.level, r.code, r.name, r.geometry, ...r.bbox, ...r.centroid, r.areaM2, r.households,
        r.provenance, r.at, r.at,
      ]);
    }
  }

  departments(rows: DepartmentRow[]): void {
    for (const d of rows) this.tx.run(INSERT_DEPARTMENT, [d.id, d.code, d.name, d.kind, d.phone]);
  }

  staff(rows: StaffRow[]): void {
    for (const s of rows) {
      this.tx.run(INSERT_STAFF, [s.id, s.code, s.name, s.role, s.phone, s.departmentId, s.regionId, s.active, s.createdAt]);
    }
  }

  streetLines(rows: StreetLineInsert[]): void {
    for (const l of rows) {
      this.tx.run(INSERT_STREET_LINE, [l.id, l.code, l.name, l.streetId, l.geometry, ...l.bbox, l.lengthM, l.chiefStaffId, l.at, l.at]);
    }
  }

  duties(rows: DutyRow[]): void {
    for (const d of rows) this.tx.run(INSERT_DUTY, [d.id, d.staffId, d.duty, d.regionId, d.streetLineId, d.since, d.until]);
  }

  categories(rows: CategoryInsert[]): void {
    for (const c of rows) {
      this.tx.run(INSERT_CATEGORY, [
        c.id, c.code, c.parentId, c.level, c.name, c.nameEn, c.kind, c.defaultDepartmentId, c.responseLimitHours,
        c.handlingLimitDays, c.timeBasis,
      ]);
    }
  }

  cases(rows: CaseRow[]): void {
    for (const c of rows) {
      const values: SqlValue[] = [
        c.id, c.caseNo, c.source, c.externalNo, c.categoryId, c.title, c.description, c.address, c.lng, c.lat,
        c.lng, c.lat, c.gridId, c.communityId, c.streetId, c.reporterName, c.reporterPhone, c.status, c.priority,
        c.firstReceiverStaffId, c.leadDepartmentId, c.assigneeStaffId, c.assigneeDepartmentId, c.receivedAt, c.registeredAt,
        c.dispatchedAt, c.respondedAt, c.handledAt, c.verifiedAt, c.closedAt, c.responseDueAt, c.handlingDueAt, c.pausedSince,
        c.extensionCount, c.returnCount, c.reopenCount, c.callbackAt, c.solved, c.satisfaction, c.createdAt, c.updatedAt,
      ];
      this.tx.run(INSERT_CASE, values);
    }
  }

  events(rows: EventRow[]): void {
    for (const e of rows) {
      this.tx.run(INSERT_EVENT, [e.caseId, e.at, e.actorStaffId, e.actorName, e.action, e.fromStatus, e.toStatus, e.note, e.data]);
    }
  }

  whistles(rows: WhistleRow[]): void {
    for (const w of rows) {
      this.tx.run(INSERT_WHISTLE, [w.id, w.caseId, w.raisedAt, w.raisedBy, w.reason, w.reportDueAt, w.status, w.closedAt]);
    }
    for (const w of rows) {
      for (const r of w.reports) this.tx.run(INSERT_WHISTLE_REPORT, [w.id, r.departmentId, r.reportedAt, r.reportedBy, r.actionTaken]);
    }
  }

  /** Row counts of the main tables, for the build summary. */
  counts(): Record<string, number> {
    const row = this.tx.get<Row>(`SELECT
      (SELECT count(*) FROM regions WHERE level = 'district') AS districts,
      (SELECT count(*) FROM regions WHERE level = 'street') AS streets,
      (SELECT count(*) FROM regions WHERE level = 'community') AS communities,
      (SELECT count(*) FROM regions WHERE level = 'grid') AS grids,
      (SELECT count(*) FROM street_lines) AS streetLines,
      (SELECT count(*) FROM departments) AS departments,
      (SELECT count(*) FROM staff) AS staff,
      (SELECT count(*) FROM duty_assignments) AS duties,
      (SELECT count(*) FROM categories) AS categories,
      (SELECT count(*) FROM cases) AS cases,
      (SELECT count(*) FROM cases WHERE status NOT IN ('closed')) AS openCases,
      (SELECT count(*) FROM case_events) AS caseEvents,
      (SELECT count(*) FROM whistles) AS whistles,
      (SELECT count(*) FROM whistle_reports) AS whistleReports`);
    return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
  }
}
