import type { CalendarDay, CalendarDayInput, Category, CategoryLimitsInput, Department, DepartmentInput } from '../../contract';
import type { CalendarRepository } from '../calendar/calendar.repository';
import { AppError } from '../shared/app-error';
import type { DirectoryRepository } from './directory.repository';

/**
 * The district's reference data an administrator edits: departments, categories' limits and the
 * work calendar. Each write logs a reference edit in its transaction, so it reaches every desk
 * (docs/sync.md, Roster and settings).
 */
export class ReferenceDataService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly calendar: CalendarRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  saveDepartment(input: DepartmentInput): Department[] {
    this.directory.saveDepartment({ ...input, phone: input.phone || null }, this.clock());
    return this.directory.departments();
  }

  saveCategoryLimits(input: CategoryLimitsInput): Category[] {
    const category = this.directory.categories().find((c) => c.code === input.code);
    if (!category) throw new AppError('not_found', `没有编码为 ${input.code} 的类别`);
    // A deactivated department may stay where it is (its limits can still be edited), not be newly chosen.
    const kept = input.defaultDepartmentId === category.defaultDepartmentId;
    if (input.defaultDepartmentId !== null && !kept && !this.directory.departments().some((d) => d.id === input.defaultDepartmentId)) {
      throw new AppError('not_found', `没有 id 为 ${input.defaultDepartmentId} 的在用部门`);
    }
    this.directory.saveCategoryLimits(input.code, input, this.clock());
    return this.directory.categories();
  }

  calendarDays(): CalendarDay[] {
    return this.calendar.days();
  }

  saveCalendarDay(input: CalendarDayInput): CalendarDay[] {
    // Date.parse rolls 2026-02-30 over to March: only a day that reads back the same is a real one.
    const t = Date.parse(`${input.day}T00:00:00Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== input.day) throw new AppError('invalid_input', `${input.day} 不是有效的日期`);
    this.calendar.saveDay(input.day, input.kind, input.name || null, this.clock());
    return this.calendar.days();
  }
}
