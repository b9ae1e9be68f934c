import { z } from 'zod';
import { PersonalField } from './cases';
import { Timestamp } from './common';
import { Month } from './rates';

/**
 * Cases read from the hub (issue 14): a city's or a district's cases beyond what this desk holds —
 * another street's, or older ones archived elsewhere — found by month, street or case number and
 * opened read-only, marked 来自中心库. Within the signed-in person's scope; personal data masked.
 */
export const HubCaseSummary = z.object({
  uid: z.string(),
  caseNo: z.string(),
  title: z.string().nullable(),
  /** Status as the hub's fold of every change says (a code of the case life cycle). */
  status: z.string(),
  streetCode: z.string().nullable(),
  /** Names as this desk knows the codes (another district's places stay unnamed). */
  streetName: z.string().nullable(),
  gridName: z.string().nullable(),
  categoryName: z.string().nullable(),
  receivedAt: Timestamp,
  closedAt: Timestamp.nullable(),
  satisfaction: z.string().nullable(),
  /** This desk holds the case too (its local id): it opens in the ordinary drawer. */
  localId: z.number().nullable(),
});
export type HubCaseSummary = z.infer<typeof HubCaseSummary>;

export const HubCaseDetail = HubCaseSummary.extend({
  /** Masked as every personal field is on a desk. */
  description: z.string().nullable(),
  address: z.string().nullable(),
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
  /** The workstation where the case was first shared. */
  originName: z.string().nullable(),
  syncConflict: z.boolean(),
  events: z.array(z.object({
    id: z.string(), at: Timestamp, action: z.string(), actorName: z.string().nullable(),
    fromStatus: z.string().nullable(), toStatus: z.string().nullable(), note: z.string().nullable(),
  })),
});
export type HubCaseDetail = z.infer<typeof HubCaseDetail>;

export const hubCaseChannels = {
  /** A page of the hub's cases: received in the month, of the street, or with the case number; newest first. */
  'hub:cases': {
    input: z.object({
      month: Month.optional(),
      streetCode: z.string().trim().min(1).max(40).optional(),
      caseNo: z.string().trim().min(2).max(40).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(100).default(50),
    }).strict(),
    output: z.object({ total: z.number().int(), rows: z.array(HubCaseSummary) }),
  },
  /** One case from the hub: its row and timeline folded from every change the hub holds. */
  'hub:case': { input: z.object({ uid: z.string().min(3).max(200) }).strict(), output: HubCaseDetail },
  /**
   * One personal field of a hub case, unmasked, for this view only: as `cases:unmask` (the unmask
   * permission, a reason, the access log first), the case named by its number in the log.
   */
  'hub:unmask': {
    input: z.object({ uid: z.string().min(3).max(200), field: PersonalField, reason: z.string().trim().min(2).max(200) }).strict(),
    output: z.object({ value: z.string().nullable() }),
  },
} as const;
