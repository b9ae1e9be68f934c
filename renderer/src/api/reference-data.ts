import type {
  CalendarDay, CalendarDayInput, Category, CategoryLimitsInput, Department, DepartmentInput, DepartmentRecord,
} from '@contract/directory';
import { invoke } from './transport';

/** The administrator's reference data: departments, categories' limits, the work calendar (each edit travels to every desk). */
export const referenceDataApi = {
  departmentRecords: (): Promise<DepartmentRecord[]> => invoke('directory:departmentRecords', {}),
  /** Answers the active departments (what dispatch pickers offer). */
  saveDepartment: (input: DepartmentInput): Promise<Department[]> => invoke('directory:saveDepartment', input),
  categories: (): Promise<Category[]> => invoke('directory:categories', {}),
  saveCategoryLimits: (input: CategoryLimitsInput): Promise<Category[]> => invoke('directory:saveCategoryLimits', input),
  calendarDays: (): Promise<CalendarDay[]> => invoke('directory:calendarDays', {}),
  saveCalendarDay: (input: CalendarDayInput): Promise<CalendarDay[]> => invoke('directory:saveCalendarDay', input),
};
