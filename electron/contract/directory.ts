import { z } from 'zod';
import { NoInput } from './common';

export const StaffRole = z.enum([
  'operator', 'dispatcher', 'grid_worker', 'street_chief', 'alley_steward',
  'department_staff', 'leader', 'analyst', 'admin',
]);
export type StaffRole = z.infer<typeof StaffRole>;

export const Department = z.object({ id: z.number(), code: z.string(), name: z.string(), kind: z.string() });
export type Department = z.infer<typeof Department>;

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
});
export type Category = z.infer<typeof Category>;

export const DutyInput = z.object({ staffId: z.number().int(), regionId: z.number().int() }).strict();

export const directoryChannels = {
  'directory:departments': { input: NoInput, output: z.array(Department) },
  'directory:staff': { input: NoInput, output: z.array(StaffMember) },
  /** The two-level category taxonomy, major classes first. */
  'directory:categories': { input: NoInput, output: z.array(Category) },
  /** Puts a grid worker on duty on a grid from now; answers the ids of grids with nobody on duty. */
  'directory:assignDuty': { input: DutyInput, output: z.array(z.number()) },
  /** Ends a grid worker's duty on a grid now (the row stays as history); answers the unstaffed grid ids. */
  'directory:endDuty': { input: DutyInput, output: z.array(z.number()) },
} as const;
