import type { CaseStatus, Satisfaction, StaffMember, StaffRole, WhistleInfo } from '../../contract';
import type { DurableDatabase, SqlValue } from '../db/durable-database';
import { stampHlc } from '../clock/workspace-clock.repository';
import type { CasePatch, CaseState } from './case-state-machine';

const OPERATOR_KEY = 'workflow.operator_staff_id';

export interface CaseRowState extends CaseState {
  id: number;
  categoryId: number | null;
  openWhistleId: number | null;
}

export interface EventInsert {
  caseId: number;
  at: number;
  actorStaffId: number | null;
  actorName: string;
  action: string;
  from: CaseStatus;
  to: CaseStatus;
  note: string | null;
  data: Record<string, unknown> | null;
}

export class WorkflowRepository {
  constructor(private readonly db: DurableDatabase) {}

  caseState(id: number): CaseRowState | undefined {
    const row = this.db.get<Omit<CaseRowState, 'openWhistleWaiting' | 'solved'> & { solved: number | null; timeBasis: string | null }>(
      `SELECT c.id, c.status, c.category_id AS "categoryId", coalesce(cat.time_basis, 'working') AS "timeBasis",
              cat.handling_limit_days AS "handlingLimitDays", c.response_due_at AS "responseDueAt",
              c.handling_due_at AS "handlingDueAt", c.responded_at AS "respondedAt", c.paused_since AS "pausedSince",
              c.callback_at AS "callbackAt", c.solved, c.satisfaction,
              (SELECT w.id FROM whistles w WHERE w.case_id = c.id AND w.status = 'open' ORDER BY w.id DESC LIMIT 1) AS "openWhistleId"
       FROM cases c LEFT JOIN categories cat ON cat.id = c.category_id WHERE c.id = ?`,
      [id],
    );
    if (!row) return undefined;
    const waiting = row.openWhistleId === null ? null : this.db
      .all<{ d: number }>('SELECT department_id AS d FROM whistle_reports WHERE whistle_id = ? AND reported_at IS NULL ORDER BY department_id', [row.openWhistleId])
      .map((r) => r.d);
    return {
      ...row, timeBasis: row.timeBasis === 'natural' ? 'natural' : 'working', solved: row.solved === null ? null : row.solved === 1,
      satisfaction: row.satisfaction as Satisfaction | null, openWhistleWaiting: waiting,
    };
  }

  staff(id: number): StaffMember | undefined {
    return this.db.get<StaffMember>(
      `SELECT id, code, name, role, department_id AS "departmentId", region_id AS "regionId" FROM staff WHERE id = ? AND active = 1`,
      [id],
    );
  }

  /** The current operator: the settings row, else the first active operator (then anyone active). */
  operatorId(): number | undefined {
    const set = this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [OPERATOR_KEY])?.value;
    if (set && this.staff(Number(set))) return Number(set);
    return this.db.get<{ id: number }>(
      `SELECT id FROM staff WHERE active = 1 ORDER BY CASE role WHEN 'operator' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, code LIMIT 1`,
    )?.id;
  }

  setOperator(staffId: number): void {
    this.db.transaction((tx) => {
      tx.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [OPERATOR_KEY, String(staffId)]);
    });
  }

  departmentName(id: number): string | undefined {
    return this.db.get<{ name: string }>('SELECT name FROM departments WHERE id = ?', [id])?.name;
  }

  /**
   * Applies one decided transition: the case row (only if it is still in the state the decision saw),
   * the appended event, and the whistle rows, in one durable transaction. Returns the event id.
   */
  apply(event: EventInsert, patch: CasePatch, whistle?: { reason: string; reportDueAt: number; departmentIds: number[] }, report?: { whistleId: number; departmentId: number }): number {
    return this.db.transaction((tx) => {
      const sets: string[] = ['updated_at = ?'];
      const params: SqlValue[] = [event.at];
      const adds = { paused_ms_add: 'paused_ms', extension_count_add: 'extension_count', return_count_add: 'return_count', reopen_count_add: 'reopen_count' } as const;
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        const column = adds[key as keyof typeof adds];
        if (column) sets.push(`${column} = ${column} + ?`);
        else sets.push(`${key} = ?`);
        params.push(value as SqlValue);
      }
      const changed = tx.run(`UPDATE cases SET ${sets.join(', ')} WHERE id = ? AND status = ?`, [...params, event.caseId, event.from]);
      if (changed !== 1) throw new Error(`案件 ${event.caseId} 的状态已被他人改变，请刷新后重试`);
      let data = event.data;
      if (whistle) {
        const whistleId = tx.insert(
          `INSERT INTO whistles (case_id, raised_at, raised_by, reason, report_due_at, status) VALUES (?, ?, ?, ?, ?, 'open')`,
          [event.caseId, event.at, event.actorStaffId, whistle.reason, whistle.reportDueAt],
        );
        for (const departmentId of whistle.departmentIds) {
          tx.run('INSERT INTO whistle_reports (whistle_id, department_id) VALUES (?, ?)', [whistleId, departmentId]);
        }
        data = { ...data, whistleId };
      }
      if (report) {
        const due = tx.get<{ due: number }>('SELECT report_due_at AS due FROM whistles WHERE id = ?', [report.whistleId])!.due;
        tx.run('UPDATE whistle_reports SET reported_at = ?, reported_by = ?, action_taken = ? WHERE whistle_id = ? AND department_id = ?',
          [event.at, event.actorName, event.note, report.whistleId, report.departmentId]);
        data = { ...data, whistleId: report.whistleId, late: event.at > due };
      }
      // A whistle stays open until the case is closed (first-receiver responsibility: the lead unit answers till then).
      if (event.to === 'closed') tx.run(`UPDATE whistles SET status = 'closed', closed_at = ? WHERE case_id = ? AND status = 'open'`, [event.at, event.caseId]);
      // The clock and the patch let any other workstation replay this event (sync/case-fold.ts).
      return tx.insert(
        `INSERT INTO case_events (case_id, at, actor_staff_id, actor_name, action, from_status, to_status, note, data, hlc, patch)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [event.caseId, event.at, event.actorStaffId, event.actorName, event.action, event.from, event.to, event.note,
          data ? JSON.stringify(data) : null, stampHlc(tx, event.at), JSON.stringify(patch)],
      );
    });
  }

  merge(caseId: number, intoId: number, at: number, actor: { id: number | null; name: string }, status: CaseStatus): void {
    this.db.transaction((tx) => {
      tx.run('UPDATE cases SET merged_into_id = ?, updated_at = ? WHERE id = ?', [intoId, at, caseId]);
      tx.run(
        `INSERT INTO case_events (case_id, at, actor_staff_id, actor_name, action, from_status, to_status, note, data, hlc, patch)
         VALUES (?, ?, ?, ?, 'merged', ?, ?, ?, ?, ?, ?)`,
        [caseId, at, actor.id, actor.name, status, status, null, JSON.stringify({ intoId }), stampHlc(tx, at), JSON.stringify({ merged_into_id: intoId })],
      );
    });
  }

  whistles(openOnly: boolean, caseId: number | undefined, now: number): WhistleInfo[] {
    const params: SqlValue[] = [];
    const where: string[] = [];
    if (openOnly) where.push(`w.status = 'open'`);
    if (caseId !== undefined) {
      where.push('w.case_id = ?');
      params.push(caseId);
    }
    const rows = this.db.all<Omit<WhistleInfo, 'reports' | 'lateCount'>>(
      `SELECT w.id, w.case_id AS "caseId", c.case_no AS "caseNo", c.title, s.name AS "streetName", w.reason,
              w.raised_at AS "raisedAt", w.report_due_at AS "reportDueAt", w.status, d.name AS "leadDepartmentName"
       FROM whistles w JOIN cases c ON c.id = w.case_id LEFT JOIN regions s ON s.id = c.street_id
       LEFT JOIN departments d ON d.id = c.lead_department_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY w.status DESC, w.raised_at DESC LIMIT 500`,
      params,
    );
    return rows.map((w) => {
      const reports = this.db
        .all<{ departmentId: number; departmentName: string; reportedAt: number | null; reportedBy: string | null; actionTaken: string | null }>(
          `SELECT r.department_id AS "departmentId", d.name AS "departmentName", r.reported_at AS "reportedAt",
                  r.reported_by AS "reportedBy", r.action_taken AS "actionTaken"
           FROM whistle_reports r JOIN departments d ON d.id = r.department_id WHERE r.whistle_id = ? ORDER BY r.id`,
          [w.id],
        )
        .map((r) => ({ ...r, late: (r.reportedAt ?? now) > w.reportDueAt }));
      return { ...w, reports, lateCount: reports.filter((r) => r.late).length };
    });
  }

  /** The grid worker on duty in a grid at a time. */
  gridWorker(gridId: number, at: number): { id: number; name: string } | null {
    return this.db.get<{ id: number; name: string }>(
      `SELECT s.id, s.name FROM duty_assignments a JOIN staff s ON s.id = a.staff_id
       WHERE a.region_id = ? AND a.duty = 'grid_worker' AND a.since <= ? AND (a.until IS NULL OR a.until > ?) AND s.active = 1
       ORDER BY a.since DESC LIMIT 1`,
      [gridId, at, at],
    ) ?? null;
  }

  category(id: number): { departmentId: number | null; departmentName: string | null; responseHours: number | null; handlingDays: number | null; timeBasis: 'working' | 'natural' } | undefined {
    return this.db.get(
      `SELECT c.default_department_id AS "departmentId", d.name AS "departmentName", c.response_limit_hours AS "responseHours",
              c.handling_limit_days AS "handlingDays", c.time_basis AS "timeBasis"
       FROM categories c LEFT JOIN departments d ON d.id = c.default_department_id WHERE c.id = ?`,
      [id],
    );
  }

  regionNames(gridId: number | null): { gridName: string | null; communityName: string | null; streetName: string | null } {
    if (gridId === null) return { gridName: null, communityName: null, streetName: null };
    return this.db.get(
      `SELECT g.name AS "gridName", c.name AS "communityName", s.name AS "streetName"
       FROM regions g LEFT JOIN regions c ON c.id = g.parent_id LEFT JOIN regions s ON s.id = c.parent_id WHERE g.id = ?`,
      [gridId],
    ) ?? { gridName: null, communityName: null, streetName: null };
  }

  /** Open, unmerged cases of a category received since `since` inside a lng/lat box, for duplicate checks. */
  nearbyOpen(categoryId: number, since: number, box: [number, number, number, number]): { id: number; caseNo: string; title: string; lng: number; lat: number; receivedAt: number }[] {
    return this.db.all(
      `SELECT id, case_no AS "caseNo", title, lng, lat, received_at AS "receivedAt" FROM cases
       WHERE category_id = ? AND received_at >= ? AND status <> 'closed' AND merged_into_id IS NULL
         AND lng BETWEEN ? AND ? AND lat BETWEEN ? AND ? ORDER BY received_at DESC LIMIT 50`,
      [categoryId, since, box[0], box[2], box[1], box[3]],
    );
  }

  roleOf(staffId: number): StaffRole | undefined {
    return this.staff(staffId)?.role;
  }
}
