import type { Geometry, StreetLine } from '../../contract';
import type { DurableDatabase, Transaction } from '../db/durable-database';
import { bboxOf } from '../geo/polygon-math';

export interface NewStreetLine {
  code: string;
  name: string;
  streetId: number | null;
  geometry: Geometry;
  lengthM: number;
  chiefStaffId: number | null;
  provenance: 'user' | 'imported';
}

/** SQL of street lines (街巷) and their chiefs' duty assignments. */
export class StreetRepository {
  constructor(private readonly db: DurableDatabase) {}

  list(id?: number): StreetLine[] {
    return this.db
      .all<Omit<StreetLine, 'geometry'> & { geometry: string }>(
        `SELECT l.id, l.code, l.name, l.street_id AS "streetId", r.name AS "streetName", l.geometry, l.length_m AS "lengthM",
                l.chief_staff_id AS "chiefStaffId", s.name AS "chiefName"
         FROM street_lines l LEFT JOIN regions r ON r.id = l.street_id LEFT JOIN staff s ON s.id = l.chief_staff_id
         ${id === undefined ? '' : 'WHERE l.id = ?'} ORDER BY l.code`,
        id === undefined ? [] : [id],
      )
      .map((row) => ({ ...row, geometry: JSON.parse(row.geometry) as StreetLine['geometry'] }));
  }

  idByCode(code: string): number | undefined {
    return this.db.get<{ id: number }>('SELECT id FROM street_lines WHERE code = ?', [code])?.id;
  }

  codesLike(prefix: string): Set<string> {
    return new Set(this.db.all<{ code: string }>('SELECT code FROM street_lines WHERE code LIKE ?', [`${prefix}%`]).map((r) => r.code));
  }

  activeStaff(id: number): { id: number; name: string } | undefined {
    return this.db.get('SELECT id, name FROM staff WHERE id = ? AND active = 1', [id]);
  }

  /** Inserts new lines and updates those whose code exists, in one transaction; returns their ids in order. */
  save(lines: NewStreetLine[], at: number): number[] {
    return this.db.transaction((tx) =>
      lines.map((l) => {
        const box = bboxOf(l.geometry);
        const existing = tx.get<{ id: number; chief: number | null }>('SELECT id, chief_staff_id AS chief FROM street_lines WHERE code = ?', [l.code]);
        if (existing) {
          tx.run(
            `UPDATE street_lines SET name = ?, street_id = ?, geometry = ?, min_lng = ?, min_lat = ?, max_lng = ?, max_lat = ?,
                                     length_m = ?, provenance = ?, updated_at = ? WHERE id = ?`,
            [l.name, l.streetId, JSON.stringify(l.geometry), ...box, l.lengthM, l.provenance, at, existing.id],
          );
          return existing.id;
        }
        const id = tx.insert(
          `INSERT INTO street_lines (code, name, street_id, geometry, min_lng, min_lat, max_lng, max_lat, length_m, chief_staff_id,
                                     provenance, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
          [l.code, l.name, l.streetId, JSON.stringify(l.geometry), ...box, l.lengthM, l.provenance, at, at],
        );
        if (l.chiefStaffId !== null) setChief(tx, id, l.chiefStaffId, at);
        return id;
      }),
    );
  }

  assignChief(lineId: number, staffId: number | null, at: number): void {
    this.db.transaction((tx) => setChief(tx, lineId, staffId, at));
  }
}

/** The line's chief, and the duty rows that say who was on duty when (the old chief's ends now). */
function setChief(tx: Transaction, lineId: number, staffId: number | null, at: number): void {
  tx.run(`UPDATE duty_assignments SET until = ? WHERE street_line_id = ? AND duty = 'street_chief' AND (until IS NULL OR until > ?)`, [at, lineId, at]);
  tx.run('UPDATE street_lines SET chief_staff_id = ?, updated_at = ? WHERE id = ?', [staffId, at, lineId]);
  if (staffId !== null) {
    tx.run(`INSERT INTO duty_assignments (staff_id, duty, street_line_id, since) VALUES (?, 'street_chief', ?, ?)`, [staffId, lineId, at]);
  }
}
