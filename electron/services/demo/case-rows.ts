/**
 * Row shapes of demo cases, their events and whistles, and the rule that turns a case's event
 * history into its current columns (status, timestamps, counters, callback result).
 */

export interface EventRow {
  caseId: number;
  at: number;
  actorStaffId: number | null;
  actorName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  /** JSON text of `payload`. */
  data: string | null;
  /** The same data as an object, for deriveCase (not stored). */
  payload?: Record<string, unknown>;
}

export interface WhistleRow {
  id: number;
  caseId: number;
  raisedAt: number;
  raisedBy: number;
  reason: string;
  reportDueAt: number;
  status: 'open' | 'closed';
  closedAt: number | null;
  reports: { departmentId: number; reportedAt: number | null; reportedBy: string; actionTaken: string }[];
}

/** What the case knows before anything happens to it. */
export interface CaseBase {
  id: number;
  caseNo: string;
  source: string;
  externalNo: string | null;
  categoryId: number;
  title: string;
  description: string;
  address: string;
  lng: number;
  lat: number;
  gridId: number;
  communityId: number;
  streetId: number;
  reporterName: string | null;
  reporterPhone: string | null;
  priority: string;
  responseDueAt: number;
  handlingDueAt: number;
}

export interface CaseRow extends CaseBase {
  status: string;
  firstReceiverStaffId: number | null;
  leadDepartmentId: number | null;
  assigneeStaffId: number | null;
  assigneeDepartmentId: number | null;
  receivedAt: number;
  registeredAt: number | null;
  dispatchedAt: number | null;
  respondedAt: number | null;
  handledAt: number | null;
  verifiedAt: number | null;
  closedAt: number | null;
  pausedSince: number | null;
  extensionCount: number;
  returnCount: number;
  reopenCount: number;
  callbackAt: number | null;
  solved: number | null;
  satisfaction: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Replays the (already cut) event history into the case's columns. */
export function deriveCase(events: EventRow[], base: CaseBase): CaseRow {
  const first = events[0];
  if (!first || first.action !== 'received') throw new Error(`Case ${base.caseNo} has no 'received' event`);
  const row: CaseRow = {
    ...base, status: 'received', firstReceiverStaffId: first.actorStaffId, leadDepartmentId: null,
    assigneeStaffId: null, assigneeDepartmentId: null, receivedAt: first.at, registeredAt: null, dispatchedAt: null,
    respondedAt: null, handledAt: null, verifiedAt: null, closedAt: null, pausedSince: null, extensionCount: 0,
    returnCount: 0, reopenCount: 0, callbackAt: null, solved: null, satisfaction: null, createdAt: first.at, updatedAt: first.at,
  };
  for (const event of events) {
    const data = event.payload ?? {};
    switch (event.action) {
      case 'registered': row.registeredAt = event.at; break;
      case 'dispatched':
        row.dispatchedAt = event.at;
        row.assigneeDepartmentId = data.departmentId as number;
        row.leadDepartmentId = data.departmentId as number;
        row.assigneeStaffId = null;
        break;
      case 'returned': row.returnCount++; break;
      case 'responded':
        row.respondedAt ??= event.at;
        row.assigneeStaffId = event.actorStaffId;
        break;
      case 'extended':
        row.extensionCount++;
        row.handlingDueAt = data.handlingDueAt as number;
        break;
      case 'suspended': row.pausedSince = event.at; break;
      case 'handled': row.handledAt = event.at; break;
      case 'verified': row.verifiedAt = event.at; break;
      case 'closed': row.closedAt = event.at; break;
      case 'callback':
        row.callbackAt = event.at;
        row.solved = data.solved as number;
        row.satisfaction = data.satisfaction as string;
        break;
      case 'reopened':
        row.reopenCount++;
        // A reopened case is handled again: the previous round's results no longer stand.
        row.handledAt = row.verifiedAt = row.closedAt = row.callbackAt = row.solved = null;
        row.satisfaction = null;
        break;
    }
    if (event.toStatus) row.status = event.toStatus;
    row.updatedAt = event.at;
  }
  return row;
}
