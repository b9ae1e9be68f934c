import type { DurableDatabase } from '../../electron/services/db/durable-database';

/** Bench-only bulk growth: copies existing cases and their timelines (shifted in time) until `target` cases exist. */
export class BenchRepository {
  constructor(private readonly db: DurableDatabase) {}

  caseCount(): number {
    return this.db.get<{ n: number }>('SELECT count(*) AS n FROM cases')!.n;
  }

  growCasesTo(target: number): void {
    for (let round = 1; this.caseCount() < target; round++) {
      const missing = target - this.caseCount();
      this.db.transaction((tx) => {
        tx.run(
          `INSERT INTO cases (case_no, source, external_no, category_id, title, description, address, lng, lat,
             source_crs, source_lng, source_lat, grid_id, community_id, street_id, reporter_name, reporter_phone,
             status, priority, lead_department_id, assignee_staff_id, assignee_department_id, received_at,
             registered_at, dispatched_at, responded_at, handled_at, verified_at, closed_at, response_due_at,
             handling_due_at, callback_at, solved, satisfaction, created_at, updated_at)
           SELECT 'B' || ? || '-' || id, source, external_no, category_id, title, description, address,
             lng + (id % 7 - 3) * 0.00005, lat + (id % 5 - 2) * 0.00005, source_crs, source_lng, source_lat,
             grid_id, community_id, street_id, reporter_name, reporter_phone, status, priority, lead_department_id,
             assignee_staff_id, assignee_department_id, received_at - ? * 3600000, registered_at, dispatched_at,
             responded_at, handled_at, verified_at, closed_at, response_due_at, handling_due_at, callback_at, solved,
             satisfaction, created_at, updated_at
           FROM cases WHERE case_no NOT LIKE 'B%' ORDER BY id LIMIT ?`,
          [round, round, missing],
        );
        // Their timelines too, so the database has the size a real one of this many cases has.
        tx.run(
          `INSERT INTO case_events (case_id, at, actor_staff_id, actor_name, action, from_status, to_status, note)
           SELECT n.id, e.at - ? * 3600000, e.actor_staff_id, e.actor_name, e.action, e.from_status, e.to_status, e.note
           FROM cases n JOIN case_events e ON e.case_id = CAST(substr(n.case_no, length(?) + 1) AS INTEGER)
           WHERE n.case_no LIKE ? ORDER BY n.id, e.id`,
          [round, `B${round}-`, `B${round}-%`],
        );
      });
    }
  }
}
