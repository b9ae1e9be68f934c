import type { PortableValue, ReferenceEdit } from '../../contract';
import type { Transaction } from '../db/transaction';
import { idsByCode, SHARED_SETTINGS } from './reference-edits.repository';

type Values = Record<string, PortableValue>;

/** What writing a received edit did: whether it made a code known here, and codes it named that are not. */
export interface WriteResult {
  created: boolean;
  unknown: string[];
}

const str = (v: PortableValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: PortableValue | undefined): number | null => (v === null || v === undefined ? null : Number(v));

/** A code by its local id, or null with the code noted as unknown. */
function resolve(tx: Transaction, table: 'departments' | 'regions', code: string | null, unknown: string[]): number | null {
  if (code === null) return null;
  const id = idsByCode(tx, table, [code]).get(code);
  if (id === undefined) unknown.push(`${table === 'departments' ? 'department' : 'region'}:${code}`);
  return id ?? null;
}

/**
 * Writes a received reference edit into its table, inside the batch's transaction. Rows are never
 * deleted (cases and events name them): a deleted department or staff member is made inactive.
 */
export function writeReference(tx: Transaction, e: ReferenceEdit, at: number): WriteResult {
  const v: Values = e.values ?? {};
  const unknown: string[] = [];
  switch (e.kind) {
    case 'department': {
      const created = !idsByCode(tx, 'departments', [e.key]).has(e.key);
      if (created && e.values === null) return { created: false, unknown };
      tx.run(
        `INSERT INTO departments (code, name, kind, phone, active) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind, phone = excluded.phone, active = excluded.active`,
        [e.key, str(v.name) ?? e.key, str(v.kind) ?? 'functional', str(v.phone), e.values === null ? 0 : (num(v.active) ?? 1)],
      );
      return { created, unknown };
    }
    case 'staff': {
      const created = !idsByCode(tx, 'staff', [e.key]).has(e.key);
      if (created && e.values === null) return { created: false, unknown };
      const department = resolve(tx, 'departments', str(v.department), unknown);
      const region = resolve(tx, 'regions', str(v.region), unknown);
      tx.run(
        `INSERT INTO staff (code, name, role, phone, department_id, region_id, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, role = excluded.role, phone = excluded.phone,
           department_id = excluded.department_id, region_id = excluded.region_id, active = excluded.active`,
        [e.key, str(v.name) ?? e.key, str(v.role) ?? 'operator', str(v.phone), department, region, e.values === null ? 0 : (num(v.active) ?? 1), at],
      );
      return { created, unknown };
    }
    case 'category': {
      // The taxonomy itself is the district's standard on every desk: an edit changes limits, never adds a category.
      const exists = tx.get<{ id: number }>('SELECT id FROM categories WHERE code = ?', [e.key]);
      if (!exists) return { created: false, unknown: [`category:${e.key}`] };
      if (e.values === null) return { created: false, unknown };
      const department = resolve(tx, 'departments', str(v.defaultDepartment), unknown);
      tx.run('UPDATE categories SET response_limit_hours = ?, handling_limit_days = ?, time_basis = ?, default_department_id = ? WHERE id = ?', [
        num(v.responseLimitHours), num(v.handlingLimitDays), str(v.timeBasis) ?? 'working', department, exists.id,
      ]);
      return { created: false, unknown };
    }
    case 'calendar_day':
      if (e.values === null) tx.run('DELETE FROM calendar_days WHERE day = ?', [e.key]);
      else tx.run('INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?) ON CONFLICT(day) DO UPDATE SET kind = excluded.kind, name = excluded.name', [
        e.key, str(v.kind) ?? 'holiday', str(v.name),
      ]);
      return { created: false, unknown };
    case 'setting':
      // A desk's own settings (hub link, idle lock, archive) are never written from elsewhere.
      if (!SHARED_SETTINGS.includes(e.key) || e.values === null || typeof v.value !== 'string') return { created: false, unknown };
      tx.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [e.key, v.value]);
      return { created: false, unknown };
  }
}
