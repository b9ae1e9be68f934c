/**
 * The overdue rule, the same one the case list's SQL applies (case.repository.ts, OVERDUE_SQL):
 * a case is overdue when it was closed after its handling deadline, or is still open past it at
 * `now`; while suspended (挂账) its clock stands at the start of the suspension. No deadline, never overdue.
 */
export interface DeadlineFacts {
  handlingDueAt: number | null;
  closedAt: number | null;
  pausedSince?: number | null;
}

export function isOverdue(c: DeadlineFacts, now: number): boolean {
  if (c.handlingDueAt === null) return false;
  return (c.closedAt ?? c.pausedSince ?? now) > c.handlingDueAt;
}
