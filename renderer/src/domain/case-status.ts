import { CaseSource, CaseStatus } from '@contract/cases';

/** Statuses in contract order: cases:points reports a status as its index in this list. */
export const CASE_STATUSES: readonly CaseStatus[] = CaseStatus.options;
export const CASE_SOURCES: readonly CaseSource[] = CaseSource.options;

/** One colour per status, shared by the map points, the legend and the list's tags. */
export const STATUS_COLORS: Record<CaseStatus, string> = {
  received: '#4e8ef7',
  registered: '#2f5fd0',
  dispatched: '#7b61ff',
  in_progress: '#f08c00',
  handled: '#c9a400',
  verified: '#13a8a8',
  closed: '#3f9b4f',
  returned: '#e8590c',
  suspended: '#868e96',
  escalated: '#d6336c',
};

/** Draw order on the map: the many closed cases first, so open ones stay visible on top. */
export const STATUS_DRAW_ORDER: readonly number[] = [
  'closed', 'verified', 'handled', 'suspended', 'registered', 'received', 'dispatched', 'in_progress', 'returned',
  'escalated',
].map((status) => CASE_STATUSES.indexOf(status as CaseStatus));

export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((status) => status !== 'closed');

export function statusColor(status: CaseStatus | string): string {
  return STATUS_COLORS[status as CaseStatus] ?? '#868e96';
}
