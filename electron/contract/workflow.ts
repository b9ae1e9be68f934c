import { z } from 'zod';
import { CasePage, CaseStatus, Satisfaction } from './cases';
import { Timestamp } from './common';
import { StaffMember } from './directory';

/** What an operator can do to a case (DOMAIN.md, the life of a case). */
export const WorkflowAction = z.enum([
  'register', 'dispatch', 'return', 'respond', 'whistle', 'report', 'extend', 'suspend', 'resume', 'escalate',
  'handle', 'reject', 'verify', 'close', 'callback', 'reopen',
]);
export type WorkflowAction = z.infer<typeof WorkflowAction>;

/** The fields a transition may carry; which are required depends on the action. */
export const TransitionFields = z
  .object({
    /** Reason or result, depending on the action (退单原因, 处置结果, 延期理由 …). */
    note: z.string().trim().max(2000).optional(),
    /** dispatch: the department; report: the reporting department. */
    departmentId: z.number().int().optional(),
    /** dispatch: a grid worker (or other staff) as assignee. */
    staffId: z.number().int().optional(),
    /** whistle: the summoned departments. */
    departmentIds: z.array(z.number().int()).max(20).optional(),
    /** whistle: hours (natural time) the departments have to report. */
    reportHours: z.number().positive().max(720).optional(),
    /** extend: working days added to the handling deadline. */
    days: z.number().positive().max(60).optional(),
    solved: z.boolean().optional(),
    satisfaction: Satisfaction.optional(),
  })
  .strict();
export type TransitionFields = z.infer<typeof TransitionFields>;

export const TransitionInput = z
  .object({
    caseId: z.number().int(),
    action: WorkflowAction,
    fields: TransitionFields.default({}),
  })
  // Strict: who acts is the signed-in account, never a field of the payload (a forged actor is refused).
  .strict();
export type TransitionInput = z.infer<typeof TransitionInput>;

export const AllowedAction = z.object({
  action: WorkflowAction,
  to: CaseStatus,
  required: z.array(z.string()),
  roles: z.array(z.string()),
  /** Whether the current operator's role may do it. */
  permitted: z.boolean(),
});
export type AllowedAction = z.infer<typeof AllowedAction>;

export const WhistleReport = z.object({
  departmentId: z.number(),
  departmentName: z.string(),
  reportedAt: Timestamp.nullable(),
  reportedBy: z.string().nullable(),
  actionTaken: z.string().nullable(),
  late: z.boolean(),
});
export const WhistleInfo = z.object({
  id: z.number(),
  caseId: z.number(),
  caseNo: z.string(),
  title: z.string(),
  streetName: z.string().nullable(),
  reason: z.string(),
  raisedAt: Timestamp,
  reportDueAt: Timestamp,
  status: z.enum(['open', 'closed']),
  leadDepartmentName: z.string().nullable(),
  reports: z.array(WhistleReport),
  lateCount: z.number(),
});
export type WhistleInfo = z.infer<typeof WhistleInfo>;

export const IntakeSuggestion = z.object({
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  communityName: z.string().nullable(),
  streetName: z.string().nullable(),
  lng: z.number(),
  lat: z.number(),
  gridWorker: z.object({ id: z.number(), name: z.string() }).nullable(),
  department: z.object({ id: z.number(), name: z.string() }).nullable(),
  /** Open cases of the same category nearby, received in the last days: candidates for merging. */
  duplicates: z.array(z.object({ id: z.number(), caseNo: z.string(), title: z.string(), distanceM: z.number(), receivedAt: Timestamp })),
});
export type IntakeSuggestion = z.infer<typeof IntakeSuggestion>;

export const workflowChannels = {
  /** Runs one transition; refused with `transition_refused` naming the state and the allowed next steps. */
  'workflow:transition': { input: TransitionInput, output: z.object({ status: CaseStatus, eventId: z.number() }) },
  /** Runs one transition on many cases (batch dispatch); each case succeeds or fails on its own. */
  'workflow:batch': {
    input: z.object({ caseIds: z.array(z.number().int()).min(1).max(500), action: WorkflowAction, fields: TransitionFields.default({}) }).strict(),
    output: z.object({ done: z.array(z.number()), failed: z.array(z.object({ caseId: z.number(), message: z.string() })) }),
  },
  /** The actions the case's current state allows, marked with whether the signed-in account may do them. */
  'workflow:allowed': { input: z.object({ caseId: z.number().int() }).strict(), output: z.array(AllowedAction) },
  /** Grid, grid worker, default department and duplicate candidates for an intake location and category. */
  'workflow:suggest': {
    input: z.object({ lng: z.number(), lat: z.number(), crs: z.enum(['wgs84', 'gcj02', 'bd09', 'cgcs2000']), categoryId: z.number().int().optional() }).strict(),
    output: IntakeSuggestion,
  },
  /** Marks a case as a duplicate of another (合并): it keeps its timeline and is counted once. */
  'workflow:merge': {
    input: z.object({ caseId: z.number().int(), intoId: z.number().int() }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
  /** Whistles, open first; with their departments' reports and which are late. */
  'workflow:whistles': {
    input: z.object({ openOnly: z.boolean().default(true), caseId: z.number().int().optional() }).strict(),
    output: z.array(WhistleInfo),
  },
  /** Open cases past (or within the near-due window of) their handling deadline, most overdue first. */
  'workflow:overdue': {
    input: z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100), nearDue: z.boolean().default(false) }).strict(),
    output: CasePage,
  },
  /** The staff member of the signed-in account: who every action is recorded as. */
  'workflow:operator': { input: z.object({}).strict(), output: StaffMember },
} as const;
