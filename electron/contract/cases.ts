import { z } from 'zod';
import { Timestamp } from './common';

export const CaseStatus = z.enum([
  'received', 'registered', 'dispatched', 'in_progress', 'handled', 'verified', 'closed',
  'returned', 'suspended', 'escalated',
]);
export type CaseStatus = z.infer<typeof CaseStatus>;
export const CaseSource = z.enum(['hotline', 'patrol', 'self', 'import', 'proactive']);
export type CaseSource = z.infer<typeof CaseSource>;
export const Satisfaction = z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']);
export type Satisfaction = z.infer<typeof Satisfaction>;

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
  closedAt: Timestamp.nullable(),
  /** Closed after, or still open past, its handling deadline. */
  overdue: z.boolean(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CasePage = z.object({ total: z.number(), rows: z.array(CaseSummary) });
export type CasePage = z.infer<typeof CasePage>;

export const CaseEvent = z.object({
  id: z.number(),
  at: Timestamp,
  actorName: z.string().nullable(),
  action: z.string(),
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
  responseDueAt: Timestamp.nullable(),
  assigneeName: z.string().nullable(),
  departmentName: z.string().nullable(),
  events: z.array(CaseEvent),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const casesChannels = {
  /** One page of cases matching the filter, newest first. */
  'cases:list': {
    input: z
      .object({
        filter: CaseFilter.default({}),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: CasePage,
  },
  /** Locations of every case matching the filter, for the map layer: [id, lng, lat, status index]. */
  'cases:points': {
    input: z.object({ filter: CaseFilter.default({}) }).strict(),
    output: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])),
  },
  'cases:get': { input: z.object({ id: z.number().int() }).strict(), output: CaseDetail },
} as const;
