import type { DurableDatabase } from '../db/durable-database';

/** SQL of grid workers' duty on grids (duty_assignments rows with a region). */
export class DutyRepository {
  constructor(private readonly db: DurableDatabase) {}

  staff(id: number): { id: number; name: string; active: number } | undefined {
    return this.db.get('SELECT id, name, active FROM staff WHERE id = ?', [id]);
  }

  grid(id: number): { id: number; name: string } | undefined {
    return this.db.get(`SELECT id, name FROM regions WHERE id = ? AND level = 'grid'`, [id]);
  }

  onDuty(staffId: number, regionId: number, now: number): boolean {
    return this.db.get(
      `SELECT 1 AS x FROM duty_assignments WHERE staff_id = ? AND region_id = ? AND duty = 'grid_worker' AND since <= ? AND (until IS NULL OR until > ?)`,
      [staffId, regionId, now, now],
    ) !== undefined;
  }

  start(staffId: number, regionId: number, at: number): void {
    this.db.transaction((tx) => {
      tx.run(`INSERT INTO duty_assignments (staff_id, duty, region_id, since) VALUES (?, 'grid_worker', ?, ?)`, [staffId, regionId, at]);
      tx.run(`INSERT INTO audit_log (at, action, entity, entity_id, detail) VALUES (?, 'duty_start', 'region', ?, ?)`, [at, regionId, JSON.stringify({ staffId })]);
    });
  }

  /** Ends the duty now (the row stays: who was on duty when is history). */
  end(staffId: number, regionId: number, at: number): number {
    return this.db.transaction((tx) => {
      const n = tx.run(
        `UPDATE duty_assignments SET until = ? WHERE staff_id = ? AND region_id = ? AND duty = 'grid_worker' AND (until IS NULL OR until > ?)`,
        [at, staffId, regionId, at],
      );
      tx.run(`INSERT INTO audit_log (at, action, entity, entity_id, detail) VALUES (?, 'duty_end', 'region', ?, ?)`, [at, regionId, JSON.stringify({ staffId })]);
      return n;
    });
  }
}
