/**
 * A case's state is what its events say: the base (the case as it stood when first shared) with
 * every later event replayed in clock order through the state machine's rules. Pure, so that any
 * workstation, and the hub, computes the same case from the same set of changes, whatever order
 * they arrived in. An event the replayed state does not allow (one desk closed the case while
 * another returned it) is still applied — the later clock wins, as for any single value — and
 * marked as a conflict for a person to settle; nothing is dropped.
 */
import type { SqlValue } from '../db/database-types';
import { TRANSITIONS, type TransitionSpec } from '../workflow/case-state-machine';

export type CaseColumns = Record<string, SqlValue>;

export interface FoldEvent {
  uid: string;
  hlc: string;
  at: number;
  actorStaffId: number | null;
  actorName: string | null;
  action: string;
  from: string | null;
  to: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
  patch: Record<string, SqlValue> | null;
}

export interface FoldWhistle {
  eventUid: string;
  raisedAt: number;
  raisedBy: number | null;
  reason: string;
  reportDueAt: number;
  status: 'open' | 'closed';
  closedAt: number | null;
  reports: { departmentId: number; reportedAt: number | null; reportedBy: string | null; actionTaken: string | null }[];
}

export interface FoldConflict {
  eventUid: string;
  foundStatus: string;
  before: CaseColumns;
  after: CaseColumns;
}

export interface FoldResult {
  row: CaseColumns;
  whistles: FoldWhistle[];
  conflicts: FoldConflict[];
  updatedAt: number;
}

/** The settling event names the conflicts it settles in data.settles. */
export const SETTLE_ACTION = 'conflict_settled';

/** Columns a patch may set: everything but identity and bookkeeping. */
export const NOT_PATCHABLE = new Set(['id', 'uid', 'case_no', 'source', 'created_at', 'updated_at', 'import_batch_id', 'sync_conflict']);
const ADDITIVE: Record<string, string> = {
  paused_ms_add: 'paused_ms', extension_count_add: 'extension_count', return_count_add: 'return_count', reopen_count_add: 'reopen_count',
};
const SPEC_BY_EVENT = new Map<string, TransitionSpec>(Object.values(TRANSITIONS).map((spec) => [spec.event, spec]));

/** Clock order; equal clocks (only possible for events recorded before clocks existed) by uid. */
export function byClock(a: { hlc: string; uid: string }, b: { hlc: string; uid: string }): number {
  return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

export function applyPatch(row: CaseColumns, patch: Record<string, SqlValue>): void {
  for (const [key, value] of Object.entries(patch)) {
    const additive = ADDITIVE[key];
    if (additive) row[additive] = Number(row[additive] ?? 0) + Number(value ?? 0);
    else if (!NOT_PATCHABLE.has(key) && key in row) row[key] = value;
  }
}

export function foldCase(base: { row: CaseColumns; whistles: FoldWhistle[] }, events: readonly FoldEvent[]): FoldResult {
  const row: CaseColumns = { ...base.row };
  const whistles = base.whistles.map((w) => ({ ...w, reports: w.reports.map((r) => ({ ...r })) }));
  let conflicts: FoldConflict[] = [];
  let updatedAt = Number(base.row.updated_at ?? base.row.created_at ?? 0);
  for (const event of [...events].sort(byClock)) {
    const spec = SPEC_BY_EVENT.get(event.action);
    const before = { ...row };
    if (event.action === SETTLE_ACTION) {
      const settled = new Set(Array.isArray(event.data?.settles) ? (event.data.settles as unknown[]).map(String) : []);
      conflicts = conflicts.filter((c) => !settled.has(c.eventUid));
    }
    if (event.patch) applyPatch(row, event.patch);
    if (event.to !== null && !event.patch?.status) row.status = event.to;
    replayWhistles(whistles, event);
    if (spec && !spec.from.includes(String(before.status) as never)) {
      conflicts.push({ eventUid: event.uid, foundStatus: String(before.status), before, after: { ...row } });
    }
    updatedAt = Math.max(updatedAt, event.at);
  }
  return { row, whistles, conflicts, updatedAt };
}

/** The whistle rows an event makes, as the workflow's live apply makes them. */
function replayWhistles(whistles: FoldWhistle[], event: FoldEvent): void {
  const data = event.data ?? {};
  if (event.action === 'whistled' && Array.isArray(data.departmentIds)) {
    whistles.push({
      eventUid: event.uid, raisedAt: event.at, raisedBy: event.actorStaffId, reason: event.note ?? '',
      reportDueAt: Number(data.reportDueAt ?? event.at), status: 'open', closedAt: null,
      reports: (data.departmentIds as number[]).map((departmentId) => ({ departmentId, reportedAt: null, reportedBy: null, actionTaken: null })),
    });
  }
  if (event.action === 'whistle_reported' && typeof data.departmentId === 'number') {
    const waiting = [...whistles].reverse().flatMap((w) => w.reports).find((r) => r.departmentId === data.departmentId && r.reportedAt === null);
    if (waiting) Object.assign(waiting, { reportedAt: event.at, reportedBy: event.actorName, actionTaken: event.note });
  }
  if (event.to === 'closed') {
    for (const w of whistles) if (w.status === 'open') Object.assign(w, { status: 'closed', closedAt: event.at });
  }
}
