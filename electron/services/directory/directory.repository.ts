import type { Category, Department, StaffMember } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';

export class DirectoryRepository {
  constructor(private readonly db: DurableDatabase) {}

  departments(): Department[] {
    return this.db.all<Department>('SELECT id, code, name, kind FROM departments WHERE active = 1 ORDER BY code');
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
              handling_limit_days AS "handlingLimitDays"
       FROM categories WHERE active = 1 ORDER BY level, code`,
    );
  }
}
