import { z } from 'zod';
import { NoInput } from './common';

export const StaffRole = z.enum([
  'operator', 'dispatcher', 'grid_worker', 'street_chief', 'alley_steward',
  'department_staff', 'leader', 'analyst', 'admin',
]);
export type StaffRole = z.infer<typeof StaffRole>;

export const Department = z.object({ id: z.number(), code: z.string(), name: z.string(), kind: z.string() });
export type Department = z.infer<typeof Department>;

/** A department as the administrator edits it: also its phone and the deactivated ones. */
export const DepartmentRecord = Department.extend({ phone: z.string().nullable(), active: z.boolean() });
export type DepartmentRecord = z.infer<typeof DepartmentRecord>;

export const StaffMember = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  role: StaffRole,
  departmentId: z.number().nullable(),
  regionId: z.number().nullable(),
});
export type StaffMember = z.infer<typeof StaffMember>;

export const ProblemKind = z.enum(['component', 'event']);
export const Category = z.object({
  id: z.number(),
  code: z.string(),
  parentId: z.number().nullable(),
  level: z.number(),
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: ProblemKind,
  defaultDepartmentId: z.number().nullable(),
  responseLimitHours: z.number().nullable(),
  handlingLimitDays: z.number().nullable(),
  /** Whether the limits count working days (the work calendar) or natural days. */
  timeBasis: z.enum(['working', 'natural']),
});
export type Category = z.infer<typeof Category>;

export const DutyInput = z.object({ staffId: z.number().int(), regionId: z.number().int() }).strict();

/** A department added or changed by its code (reference data: it travels to every desk of the district). */
export const DepartmentInput = z.object({
  code: z.string().trim().min(1).max(50),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['functional', 'public_service', 'street_office', 'center']),
  phone: z.string().trim().max(50).nullable(),
  active: z.boolean(),
}).strict();
export type DepartmentInput = z.infer<typeof DepartmentInput>;

/** A category's time limits and default department (travels to every desk). */
export const CategoryLimitsInput = z.object({
  code: z.string().trim().min(1).max(50),
  responseLimitHours: z.number().positive().max(10_000).nullable(),
  handlingLimitDays: z.number().positive().max(3650).nullable(),
  defaultDepartmentId: z.number().int().nullable(),
  /** Left out: the category keeps its basis. */
  timeBasis: z.enum(['working', 'natural']).optional(),
}).strict();
export type CategoryLimitsInput = z.infer<typeof CategoryLimitsInput>;

export const CalendarDay = z.object({ day: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string().nullable() });
export type CalendarDay = z.infer<typeof CalendarDay>;

/** A day of the work calendar set as a holiday or a make-up workday, or (kind null) back to an ordinary day. */
export const CalendarDayInput = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  kind: z.enum(['holiday', 'workday']).nullable(),
  name: z.string().trim().max(50).nullable(),
}).strict();
export type CalendarDayInput = z.infer<typeof CalendarDayInput>;

export const directoryChannels = {
  'directory:departments': { input: NoInput, output: z.array(Department) },
  'directory:staff': { input: NoInput, output: z.array(StaffMember) },
  /** The two-level category taxonomy, major classes first. */
  'directory:categories': { input: NoInput, output: z.array(Category) },
  /** Puts a grid worker on duty on a grid from now; answers the ids of grids with nobody on duty. */
  'directory:assignDuty': { input: DutyInput, output: z.array(z.number()) },
  /** Ends a grid worker's duty on a grid now (the row stays as history); answers the unstaffed grid ids. */
  'directory:endDuty': { input: DutyInput, output: z.array(z.number()) },
  /** Every department with its phone, the deactivated ones too (the administrator's list). */
  'directory:departmentRecords': { input: NoInput, output: z.array(DepartmentRecord) },
  /** Adds or changes a department; answers the active departments. Travels to every desk (reference edits). */
  'directory:saveDepartment': { input: DepartmentInput, output: z.array(Department) },
  /** Sets a category's limits and default department; answers the categories. Travels to every desk. */
  'directory:saveCategoryLimits': { input: CategoryLimitsInput, output: z.array(Category) },
  /** The work calendar's holidays and make-up workdays. */
  'directory:calendarDays': { input: NoInput, output: z.array(CalendarDay) },
  /** Sets or clears one calendar day; answers the calendar. Travels to every desk. */
  'directory:saveCalendarDay': { input: CalendarDayInput, output: z.array(CalendarDay) },
} as const;
