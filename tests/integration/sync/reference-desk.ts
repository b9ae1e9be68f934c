import type { RateSettings } from '../../../electron/contract';
import { CalendarRepository } from '../../../electron/services/calendar/calendar.repository';
import { DirectoryRepository } from '../../../electron/services/directory/directory.repository';
import { ReferenceDataService } from '../../../electron/services/directory/reference-data.service';
import { RosterRepository } from '../../../electron/services/import/roster.repository';
import { DEFAULT_RATE_SETTINGS } from '../../../electron/services/rates/rate-formulas';
import { RatesRepository } from '../../../electron/services/rates/rates.repository';
import type { Desk } from './sync-desks';

/** The roster and settings writers of a desk, as the product's channels call them (each logs its reference edit). */
export function referenceWriters(desk: Desk, clock: () => number) {
  const db = desk.workspace.db;
  const data = new ReferenceDataService(new DirectoryRepository(db), new CalendarRepository(db), clock);
  return {
    department: (code: string, name: string) => data.saveDepartment({ code, name, kind: 'functional', phone: null, active: true }),
    /** A staff member by a roster import (the import's commit is the staff writer). */
    staff: (code: string, name: string, departmentCode: string) => {
      const departmentId = db.get<{ id: number }>('SELECT id FROM departments WHERE code = ?', [departmentCode])!.id;
      new RosterRepository(db).commitStaff(
        { fileName: '名册.xlsx', encoding: null, sheet: null, mapping: '{}', rowsTotal: 1, refused: 0, actorName: '管理员', actorStaffId: null, startedAt: clock(), now: clock() },
        [{ existingId: null, code, name, role: 'department_staff', phone: null, departmentId, regionId: null, duty: false }],
      );
    },
    categoryLimits: (code: string, handlingLimitDays: number, departmentCode: string) => data.saveCategoryLimits({
      code, responseLimitHours: 2, handlingLimitDays, defaultDepartmentId: db.get<{ id: number }>('SELECT id FROM departments WHERE code = ?', [departmentCode])!.id,
    }),
    rates: (weights: RateSettings['weights']) => new RatesRepository(db).saveSettings({ ...DEFAULT_RATE_SETTINGS, weights }, { at: clock(), actorStaffId: null }),
    day: (day: string, kind: 'holiday' | 'workday' | null) => data.saveCalendarDay({ day, kind, name: kind === null ? null : '测试' }),
  };
}

/** Everything the roster and settings share, by code: equal on two desks after they synced. */
export function referenceState(desk: Desk): unknown {
  const db = desk.workspace.db;
  return {
    departments: db.all('SELECT code, name, kind, phone, active FROM departments ORDER BY code'),
    staff: db.all(
      `SELECT s.code, s.name, s.role, d.code AS department, s.active FROM staff s LEFT JOIN departments d ON d.id = s.department_id
       WHERE s.id NOT IN (SELECT staff_id FROM accounts) ORDER BY s.code`,
    ),
    categories: db.all(
      `SELECT c.code, c.response_limit_hours AS r, c.handling_limit_days AS h, d.code AS department FROM categories c
       LEFT JOIN departments d ON d.id = c.default_department_id ORDER BY c.code`,
    ),
    calendar: db.all('SELECT day, kind, name FROM calendar_days ORDER BY day'),
    rates: new RatesRepository(db).settings(DEFAULT_RATE_SETTINGS),
  };
}

/** A category of the second level with a default department (what new cases take). */
export function someCategory(desk: Desk): string {
  return desk.workspace.db.get<{ code: string }>('SELECT code FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!.code;
}
