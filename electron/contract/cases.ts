import { z } from 'zod';
import { CaseArchiveState } from './archive';
import { PackedCasePoints } from './case-points';
import { Crs, Timestamp } from './common';

export const CaseStatus = z.enum([
  'received', 'registered', 'dispatched', 'in_progress', 'handled', 'verified', 'closed',
  'returned', 'suspended', 'escalated',
]);
export type CaseStatus = z.infer<typeof CaseStatus>;
export const CaseSource = z.enum(['hotline', 'patrol', 'self', 'import', 'proactive']);
export type CaseSource = z.infer<typeof CaseSource>;
export const Satisfaction = z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']);
export type Satisfaction = z.infer<typeof Satisfaction>;

/** Where a case stands against its handling deadline: near = open and due within the near-due window. */
export const DueState = z.enum(['none', 'ok', 'near', 'overdue']);
export type DueState = z.infer<typeof DueState>;

export const CaseFilter = z
  .object({
    status: z.array(CaseStatus).optional(),
    source: z.array(CaseSource).optional(),
    categoryId: z.number().optional(),
    /** Any region: the filter covers everything inside it. */
    regionId: z.number().optional(),
    receivedFrom: Timestamp.optional(),
    receivedTo: Timestamp.optional(),
    overdueOnly: z.boolean().optional(),
    text: z.string().max(200).optional(),
    /** The lead (accountable) department. */
    departmentId: z.number().int().optional(),
    assigneeStaffId: z.number().int().optional(),
    dueState: z.array(DueState).optional(),
    /** Only cases with an open whistle. */
    whistleOpen: z.boolean().optional(),
    satisfaction: z.array(Satisfaction).optional(),
  })
  .strict();
export type CaseFilter = z.infer<typeof CaseFilter>;

export const CaseSummary = z.object({
  id: z.number(),
  caseNo: z.string(),
  externalNo: z.string().nullable(),
  source: CaseSource,
  status: CaseStatus,
  title: z.string(),
  categoryName: z.string().nullable(),
  address: z.string().nullable(),
  gridName: z.string().nullable(),
  streetName: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  receivedAt: Timestamp,
  handlingDueAt: Timestamp.nullable(),
  responseDueAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
  /** Closed after, or still open past, its handling deadline (a suspended case's clock stands still). */
  overdue: z.boolean(),
  dueState: DueState,
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CasePage = z.object({ total: z.number(), rows: z.array(CaseSummary) });
export type CasePage = z.infer<typeof CasePage>;

export const CaseEvent = z.object({
  id: z.number(),
  at: Timestamp,
  actorName: z.string().nullable(),
  action: z.string(),
  actorStaffId: z.number().nullable(),
  data: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string().nullable(),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

export const CaseDetail = CaseSummary.extend({
  description: z.string().nullable(),
  /** Masked (138****5678) unless the caller's role may see it. */
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
  satisfaction: Satisfaction.nullable(),
  solved: z.boolean().nullable(),
  categoryId: z.number().nullable(),
  gridId: z.number().nullable(),
  leadDepartmentName: z.string().nullable(),
  firstReceiverName: z.string().nullable(),
  extensionCount: z.number(),
  returnCount: z.number(),
  reopenCount: z.number(),
  assigneeName: z.string().nullable(),
  departmentName: z.string().nullable(),
  /** Two workstations changed the case while apart and a person has not yet settled it (sync:conflicts). */
  syncConflict: z.boolean(),
  /** Set for a slim case (older than the working set): its texts and timeline come from its archive file. */
  archive: CaseArchiveState.nullable(),
  events: z.array(CaseEvent),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const NewCase = z
  .object({
    source: CaseSource,
    externalNo: z.string().max(64).optional(),
    categoryId: z.number().int().optional(),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(5000).optional(),
    address: z.string().max(300).optional(),
    /** Where it is, in the system it was given in; stored converted to WGS84. */
    location: z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90), crs: Crs }).optional(),
    reporterName: z.string().max(50).optional(),
    reporterPhone: z.string().max(30).optional(),
    /** A grid chosen by hand when there is no location (a location's own grid wins). */
    gridId: z.number().int().optional(),
  })
  .strict();
export type NewCase = z.infer<typeof NewCase>;

/** A named filter of the case list (保存的视图). */
export const SavedCaseView = z.object({ id: z.number(), name: z.string(), filter: CaseFilter, updatedAt: z.number() });
export type SavedCaseView = z.infer<typeof SavedCaseView>;

/** The personal fields a person may ask to see unmasked, one at a time (services/cases/personal-data.ts). */
export const PersonalField = z.enum(['reporterName', 'reporterPhone', 'address', 'description']);
export type PersonalField = z.infer<typeof PersonalField>;

export const casesChannels = {
  /**
   * One personal field of one case, unmasked, for this view only: needs the unmask permission and a
   * reason, and is written to the access log (who, when, which case and field, why) first.
   */
  'cases:unmask': {
    input: z.object({ caseId: z.number().int(), field: PersonalField, reason: z.string().trim().min(2).max(200) }).strict(),
    output: z.object({ value: z.string().nullable() }),
  },
  /** Intake: registers a new case as received; the grid is found from the location. */
  'cases:create': {
    input: NewCase,
    output: z.object({ id: z.number(), caseNo: z.string(), gridId: z.number().nullable() }),
  },
  /** One page of cases matching the filter, newest first. */
  'cases:list': {
    input: z
      .object({
        filter: CaseFilter.default({}),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
        /** received: newest first; due: earliest handling deadline first. */
        sort: z.enum(['received', 'due']).default('received'),
      })
      .strict(),
    output: CasePage,
  },
  /** Locations of every case matching the filter, for the map layer, packed (see case-points.ts). */
  'cases:points': {
    input: z
      .object({
        filter: CaseFilter.default({}),
        /** status: the 4th value is the status index; due: 0 no deadline or closed, 1 in time, 2 near-due, 3 overdue. */
        colorBy: z.enum(['status', 'due']).default('status'),
      })
      .strict(),
    output: PackedCasePoints,
  },
  'cases:get': { input: z.object({ id: z.number().int() }).strict(), output: CaseDetail },
  /** Saved views of the case list: named filters, by name. */
  'cases:views': { input: z.object({}).strict().default({}), output: z.array(SavedCaseView) },
  /** Saves a named filter (a view with the same name is replaced). */
  'cases:saveView': { input: z.object({ name: z.string().trim().min(1).max(60), filter: CaseFilter }).strict(), output: SavedCaseView },
  'cases:deleteView': { input: z.object({ id: z.number().int() }).strict(), output: z.object({ ok: z.literal(true) }) },
} as const;
