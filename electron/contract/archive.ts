import { z } from 'zod';
import { Timestamp } from './common';

/** Month 'YYYY-MM' (Beijing). */
const Month = z.string().regex(/^\d{4}-\d{2}$/);

/** What archiving would do now (the working set, issue 14). */
export const ArchivePlan = z.object({
  /** Closed cases of the last N months (and every open case) stay in full. */
  keepMonths: z.number().int(),
  /** Closed before this instant (the first of a Beijing month), a case may be archived. */
  cutoff: Timestamp,
  months: z.array(z.object({ month: Month, cases: z.number().int() })),
  eligibleCases: z.number().int(),
  /** Cases already slim here, and the archive files holding the rest of them. */
  archivedCases: z.number().int(),
  files: z.number().int(),
});
export type ArchivePlan = z.infer<typeof ArchivePlan>;

export const ArchiveRun = z.object({
  cases: z.number().int(),
  files: z.array(z.object({ file: z.string(), month: Month, cases: z.number().int(), bytes: z.number().int() })),
});
export type ArchiveRun = z.infer<typeof ArchiveRun>;

/** A slim case in the drawer: its detail read from its archive file. */
export const CaseArchiveState = z.object({
  archivedAt: Timestamp,
  /** Why the file could not be read (missing, damaged): the drawer shows what the database keeps. */
  problem: z.string().nullable(),
});
export type CaseArchiveState = z.infer<typeof CaseArchiveState>;

const KeepMonths = z.number().int().min(3).max(120);

export const archiveChannels = {
  'archive:plan': { input: z.object({ keepMonths: KeepMonths.optional() }).strict().default({}), output: ArchivePlan },
  /** Archives the eligible months (a file per month), then compacts the database; keepMonths, when given, is saved. */
  'archive:run': { input: z.object({ keepMonths: KeepMonths.optional() }).strict().default({}), output: ArchiveRun },
  'archive:setKeepMonths': { input: z.object({ keepMonths: KeepMonths }).strict(), output: z.object({ ok: z.literal(true) }) },
} as const;
