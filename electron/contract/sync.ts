import { z } from 'zod';
import { Geometry, RegionLevel } from './common';

/**
 * The change model shared by every workstation and the hub (DOMAIN.md, workstations): a case as it
 * stood when first shared (its base) and each event after it, named by ids that are unique across
 * workstations and ordered by a hybrid logical clock. References travel as codes (region, category,
 * department, staff codes are the same on every desk of a district), never as local row ids.
 */
export const Hlc = z.string().regex(/^\d{13}-[0-9a-f]{4}$/);
export const PortableValue = z.union([z.string(), z.number(), z.null()]);
export type PortableValue = z.infer<typeof PortableValue>;
const PortableRecord = z.record(z.string(), PortableValue);

/** Where the case is, by region codes: what a receiver's or the hub's scope filters on. */
export const SyncPlace = z.object({ street: z.string().nullable(), community: z.string().nullable(), grid: z.string().nullable() });
export type SyncPlace = z.infer<typeof SyncPlace>;

export const PortableWhistle = z.object({
  /** The uid of the event that raised it. */
  eventUid: z.string(),
  raisedAt: z.number(),
  raisedBy: z.string().nullable(),
  reason: z.string(),
  reportDueAt: z.number(),
  status: z.enum(['open', 'closed']),
  closedAt: z.number().nullable(),
  reports: z.array(z.object({
    department: z.string(), reportedAt: z.number().nullable(), reportedBy: z.string().nullable(), actionTaken: z.string().nullable(),
  })),
});
export type PortableWhistle = z.infer<typeof PortableWhistle>;

const ChangeHead = {
  /** Globally unique: the case uid for a base, the event uid for an event. */
  id: z.string().min(3).max(200),
  caseUid: z.string().min(3).max(200),
  hlc: Hlc,
  /** The workspace id where the change was made. */
  origin: z.string().min(1).max(100),
  place: SyncPlace,
};

export const CaseBaseChange = z.object({
  kind: z.literal('case_base'),
  ...ChangeHead,
  row: PortableRecord,
  whistles: z.array(PortableWhistle),
});
export type CaseBaseChange = z.infer<typeof CaseBaseChange>;

export const CaseEventChange = z.object({
  kind: z.literal('case_event'),
  ...ChangeHead,
  event: z.object({
    at: z.number(),
    actor: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    note: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
    /** The case columns the event set; null for events that only tell (history before sharing). */
    patch: PortableRecord.nullable(),
  }),
});
export type CaseEventChange = z.infer<typeof CaseEventChange>;

export const SyncChange = z.discriminatedUnion('kind', [CaseBaseChange, CaseEventChange]);
export type SyncChange = z.infer<typeof SyncChange>;

/**
 * A grid edit's effect on one region (a grid drawn, reshaped, split off, merged away, or undone),
 * by codes: the region as the edit left it. Not a case change, so it travels beside them (in its
 * own lines of a package, its own table on the hub). The latest clock per code wins.
 */
export const RegionEdit = z.object({
  /** Globally unique: '<workspace id>:r<hlc>'. */
  id: z.string().min(3).max(200),
  hlc: Hlc,
  origin: z.string().min(1).max(100),
  code: z.string().min(1).max(100),
  parentCode: z.string().max(100).nullable(),
  level: RegionLevel,
  name: z.string().max(200),
  /** null for a deletion. */
  geometry: Geometry.nullable(),
  households: z.number().int().nullable(),
  deleted: z.boolean(),
  /** The region that took over what pointed at a deleted one (null: none, e.g. an undone drawing). */
  deletedInto: z.string().max(100).nullable(),
  /** Street and community codes (grid: its own code): what scopes filter on. */
  place: SyncPlace,
});
export type RegionEdit = z.infer<typeof RegionEdit>;

/** What a reference edit names: a row of the roster, a category's limits, a calendar day, a setting. */
export const ReferenceKind = z.enum(['department', 'staff', 'category', 'calendar_day', 'setting']);
export type ReferenceKind = z.infer<typeof ReferenceKind>;

/**
 * A change to the district's shared reference data (issue 14): a department, a staff member (never
 * an account or a password), a category's time limits and default department, a work-calendar day,
 * or a shared setting, by its code (or date, or setting key), with the values after the edit. Every
 * desk gets every one, whatever its place scope; the latest clock per kind and key wins.
 */
export const ReferenceEdit = z.object({
  /** Globally unique: '<workspace id>:f<hlc>'. */
  id: z.string().min(3).max(200),
  hlc: Hlc,
  origin: z.string().min(1).max(100),
  kind: ReferenceKind,
  key: z.string().min(1).max(100),
  /** The row after the edit, references by code; null: deleted (a calendar day back to the default). */
  values: PortableRecord.nullable(),
});
export type ReferenceEdit = z.infer<typeof ReferenceEdit>;

/** What applying a batch of changes did. */
export const ApplyReport = z.object({
  newCases: z.number().int(),
  newEvents: z.number().int(),
  /** Changes this workspace already had (a package received twice, or a change that came both ways). */
  alreadyHad: z.number().int(),
  /** Codes the sender used that this workspace does not know (the value is kept in the case's base). */
  unknownCodes: z.array(z.string()),
  /** Case numbers that have an unsettled conflict after the batch. */
  conflicts: z.array(z.string()),
  /** Region edits (grid edits from elsewhere) this workspace did not have. */
  regionEdits: z.number().int().optional(),
  /** What the received grid edits left wrong here (an overlap, a grid outside its community), for a person to redraw. */
  regionProblems: z.array(z.string()).optional(),
  /** Reference edits (roster, limits, calendar, settings from elsewhere) this workspace did not have. */
  referenceEdits: z.number().int().optional(),
});
export type ApplyReport = z.infer<typeof ApplyReport>;

/** One side of a conflict: the case's state with and without the disputed event. */
export const CaseConflict = z.object({
  eventUid: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  at: z.number(),
  foundStatus: z.string(),
  before: PortableRecord,
  after: PortableRecord,
});
export type CaseConflict = z.infer<typeof CaseConflict>;

export const syncChannels = {
  /** A case's unsettled conflicts: the state without and with each disputed event. */
  'sync:conflicts': { input: z.object({ caseId: z.number().int() }).strict(), output: z.array(CaseConflict) },
  /** The signed-in account settles a conflict by keeping one side; recorded as an event of the case. */
  'sync:settle': {
    input: z.object({
      caseId: z.number().int(), eventUid: z.string().min(1).max(200), keep: z.enum(['before', 'after']), note: z.string().max(500).optional(),
    }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
} as const;
