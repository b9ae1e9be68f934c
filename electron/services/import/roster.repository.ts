import type { DurableDatabase, Transaction } from '../db/durable-database';
import { recordReferenceEdit, staffCode } from '../sync/reference-edits.repository';
import { logLocalEdits } from '../grids/region-edits.repository';
import type { StaffRole } from './roster-fields';

export interface GridRow { id: number; code: string; name: string; level: string; community: string | null; households: number | null; population: number | null; hasGeometry: number; centroidLng: number | null; centroidLat: number | null }
export interface StaffRow { id: number; code: string; name: string; role: string; phone: string | null; departmentId: number | null; regionId: number | null }

export interface StaffWrite { existingId: number | null; code: string | null; name: string; role: StaffRole; phone: string | null; departmentId: number | null; regionId: number | null; duty: boolean }
export interface GridWrite { id: number; name: string; households: number | null; population: number | null; centroid: [number, number] | null }
interface BatchInput { fileName: string; encoding: string | null; sheet: string | null; mapping: string; rowsTotal: number; refused: number; actorName: string; actorStaffId: number | null; startedAt: number; now: number }

/** SQL of the staff-list and grid-list imports. */
export class RosterRepository {
  constructor(private readonly db: DurableDatabase) {}

  /** Every region by code, with its community's name (for the 所属社区 check). */
  regions(): GridRow[] {
    return this.db.all<GridRow>(
      `SELECT r.id, r.code, r.name, r.level, p.name AS community, r.households, r.population,
              (r.geometry IS NOT NULL) AS "hasGeometry", r.centroid_lng AS "centroidLng", r.centroid_lat AS "centroidLat"
       FROM regions r LEFT JOIN regions p ON p.id = r.parent_id AND p.level = 'community'`,
    );
  }

  departments(): { id: number; code: string; name: string }[] {
    return this.db.all('SELECT id, code, name FROM departments');
  }

  staff(): StaffRow[] {
    return this.db.all<StaffRow>(`SELECT id, code, name, role, phone, department_id AS "departmentId", region_id AS "regionId" FROM staff`);
  }


  commitStaff(batch: BatchInput, rows: StaffWrite[]): { batchId: number; inserted: number; updated: number } {
    return this.db.transaction((tx) => {
      const batchId = this.batch(tx, 'staff', batch);
      let inserted = 0;
      let updated = 0;
      for (const row of rows) {
        let staffId = row.existingId;
        if (staffId === null) {
          inserted++;
          staffId = tx.insert(
            `INSERT INTO staff (code, name, role, phone, department_id, region_id, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
            [row.code ?? `IMP${batchId}-${String(inserted).padStart(4, '0')}`, row.name, row.role, row.phone, row.departmentId, row.regionId, batch.now],
          );
        } else {
          updated++;
          tx.run('UPDATE staff SET name = ?, role = ?, phone = ?, department_id = ?, region_id = ?, active = 1 WHERE id = ?', [
            row.name, row.role, row.phone, row.departmentId, row.regionId, staffId,
          ]);
        }
        // The roster is the district's: every desk gets the member as this list left it.
        recordReferenceEdit(tx, 'staff', staffCode(tx, staffId), batch.now);
        if (row.duty && row.regionId !== null) {
          // On duty from now in the grid the list names, unless already on duty there.
          tx.run(
            `INSERT INTO duty_assignments (staff_id, duty, region_id, since)
             SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM duty_assignments WHERE staff_id = ? AND duty = ? AND region_id = ? AND until IS NULL)`,
            [staffId, row.role, row.regionId, batch.now, staffId, row.role, row.regionId],
          );
        }
      }
      this.finish(tx, batchId, batch, inserted, updated);
      return { batchId, inserted, updated };
    });
  }

  commitGrids(batch: BatchInput, rows: GridWrite[]): { batchId: number; inserted: number; updated: number } {
    return this.db.transaction((tx) => {
      const batchId = this.batch(tx, 'grids', batch);
      for (const row of rows) {
        tx.run(
          `UPDATE regions SET name = ?, households = ?, population = ?,
                  centroid_lng = coalesce(?, centroid_lng), centroid_lat = coalesce(?, centroid_lat), updated_at = ?
           WHERE id = ? AND level = 'grid'`,
          [row.name, row.households, row.population, row.centroid?.[0] ?? null, row.centroid?.[1] ?? null, batch.now, row.id],
        );
      }
      // Names and households reach the other desks as region edits, like a grid edited by hand.
      logLocalEdits(tx, rows.map((r) => r.id), [], batch.now);
      this.finish(tx, batchId, batch, 0, rows.length);
      return { batchId, inserted: 0, updated: rows.length };
    });
  }

  private batch(tx: Transaction, kind: 'staff' | 'grids', b: BatchInput): number {
    return tx.insert(
      `INSERT INTO import_batches (kind, file_name, encoding, sheet, mapping, status, rows_total, rows_refused, started_at, committed_at, actor_staff_id)
       VALUES (?, ?, ?, ?, ?, 'committed', ?, ?, ?, ?, ?)`,
      [kind, b.fileName, b.encoding, b.sheet, b.mapping, b.rowsTotal, b.refused, b.startedAt, b.now, b.actorStaffId],
    );
  }

  private finish(tx: Transaction, batchId: number, b: BatchInput, inserted: number, updated: number): void {
    const unchanged = b.rowsTotal - b.refused - inserted - updated;
    tx.run('UPDATE import_batches SET rows_inserted = ?, rows_updated = ?, rows_unchanged = ? WHERE id = ?', [inserted, updated, unchanged, batchId]);
    tx.run(`INSERT INTO audit_log (at, actor_staff_id, action, entity, entity_id, detail) VALUES (?, ?, 'import_commit', 'import_batch', ?, ?)`, [
      b.now, b.actorStaffId, batchId, JSON.stringify({ file: b.fileName, actor: b.actorName, inserted, updated, unchanged }),
    ]);
  }
}
