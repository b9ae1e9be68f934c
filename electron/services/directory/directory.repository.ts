import type { Category, Department, DepartmentRecord, StaffMember } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';
import { recordReferenceEdit } from '../sync/reference-edits.repository';

export interface DepartmentWrite { code: string; name: string; kind: string; phone: string | null; active: boolean }
export interface CategoryLimits {
  responseLimitHours: number | null; handlingLimitDays: number | null; defaultDepartmentId: number | null;
  /** Undefined: the category keeps its basis. */
  timeBasis?: 'working' | 'natural';
}

export class DirectoryRepository {
  constructor(private readonly db: DurableDatabase) {}

  departments(): Department[] {
    return this.db.all<Department>('SELECT id, code, name, kind FROM departments WHERE active = 1 ORDER BY code');
  }

  /** Every department, the deactivated ones too: they can be turned back on, never deleted (cases name them). */
  departmentRecords(): DepartmentRecord[] {
    return this.db
      .all<Omit<DepartmentRecord, 'active'> & { active: number }>('SELECT id, code, name, kind, phone, active FROM departments ORDER BY active DESC, code')
      .map((d) => ({ ...d, active: d.active === 1 }));
  }

  staff(): StaffMember[] {
    return this.db.all<StaffMember>(
      `SELECT id, code, name, role, department_id AS "departmentId", region_id AS "regionId"
       FROM staff WHERE active = 1 ORDER BY code`,
    );
  }

  categories(): Category[] {
    return this.db.all<Category>(
      `SELECT id, code, parent_id AS "parentId", level, name, name_en AS "nameEn", kind,
              default_department_id AS "defaultDepartmentId", response_limit_hours AS "responseLimitHours",
              handling_limit_days AS "handlingLimitDays", time_basis AS "timeBasis"
       FROM categories WHERE active = 1 ORDER BY level, code`,
    );
  }

  /** Adds or changes a department by its code; the edit travels to every desk (reference edits). */
  saveDepartment(d: DepartmentWrite, at: number): number {
    return this.db.transaction((tx) => {
      tx.run(
        `INSERT INTO departments (code, name, kind, phone, active) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind, phone = excluded.phone, active = excluded.active`,
        [d.code, d.name, d.kind, d.phone, d.active ? 1 : 0],
      );
      recordReferenceEdit(tx, 'department', d.code, at);
      return tx.get<{ id: number }>('SELECT id FROM departments WHERE code = ?', [d.code])!.id;
    });
  }

  /** A category's time limits and default department; the edit travels to every desk. */
  saveCategoryLimits(code: string, limits: CategoryLimits, at: number): void {
    this.db.transaction((tx) => {
      tx.run(
        'UPDATE categories SET response_limit_hours = ?, handling_limit_days = ?, default_department_id = ?, time_basis = coalesce(?, time_basis) WHERE code = ?',
        [limits.responseLimitHours, limits.handlingLimitDays, limits.defaultDepartmentId, limits.timeBasis ?? null, code],
      );
      recordReferenceEdit(tx, 'category', code, at);
    });
  }
}
