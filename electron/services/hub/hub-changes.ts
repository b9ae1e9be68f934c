/**
 * Between the change model (SyncChange) and the hub's rows: a change travels as its head in columns
 * (id, clock, origin, case, region codes) and its body as jsonb; and a case's materialised row on
 * the hub, folded from all of its changes there exactly as every workstation folds them. Pure.
 */
import type { CaseBaseChange, PortableValue, SyncChange } from '../../contract';
import { foldCase, type CaseColumns, type FoldEvent, type FoldResult } from '../sync/case-fold';
import type { HubCaseRow, HubChange, StoredChange } from './hub.repository';

export function toHubChange(change: SyncChange): HubChange {
  const { id, hlc, origin, kind, caseUid, place, ...body } = change;
  return {
    changeId: id, hlc, origin, kind, entity: caseUid,
    streetCode: place.street, communityCode: place.community, gridCode: place.grid, payload: body, departments: departmentsNamed(change),
  };
}

/**
 * The department codes a change gives its case to: the lead department a base or a patch sets, the
 * one a dispatch names, those a whistle summons or that report to it. What a department's desk
 * takes from the hub (hub migration 006 backfills the same rule in SQL for changes already there).
 */
export function departmentsNamed(change: SyncChange): string[] {
  const codes = change.kind === 'case_base'
    ? [change.row.lead_department_id, ...change.whistles.flatMap((w) => w.reports.map((r) => r.department))]
    : [change.event.patch?.lead_department_id, change.event.data?.departmentId,
      ...(Array.isArray(change.event.data?.departmentIds) ? change.event.data.departmentIds : [])];
  return [...new Set(codes.filter((c): c is string => typeof c === 'string' && c !== ''))];
}

export function fromHubChange(stored: StoredChange): SyncChange {
  // The payload object is this row's own (parsed for it): completed in place rather than copied, a pull reads 100k of them.
  return Object.assign(stored.payload as object, {
    kind: stored.kind, id: stored.changeId, caseUid: stored.entity, hlc: stored.hlc, origin: stored.origin,
    place: { street: stored.streetCode, community: stored.communityCode, grid: stored.gridCode },
  }) as SyncChange;
}

/**
 * The case's row from its base and every later event, in clock order, through the same fold the
 * workstations use (on portable values: codes stay codes). Depends only on the set of changes, so
 * whichever push computes it last, the hub's row is what every desk holding those changes has.
 * undefined while the hub has no base for the case.
 */
export function foldHubCase(changes: readonly SyncChange[]): HubCaseRow | undefined {
  const folded = foldPortableCase(changes);
  if (!folded) return undefined;
  const { base, fold, newest } = folded;
  const r = fold.row as Record<string, PortableValue>;
  return {
    uid: base.caseUid, caseNo: String(r.case_no ?? base.caseUid), source: str(r.source), status: String(r.status ?? 'received'),
    categoryCode: str(r.category_id), streetCode: str(r.street_id), communityCode: str(r.community_id), gridCode: str(r.grid_id),
    lng: num(r.lng), lat: num(r.lat), receivedAt: num(r.received_at) ?? 0, responseDueAt: num(r.response_due_at),
    respondedAt: num(r.responded_at), handlingDueAt: num(r.handling_due_at), closedAt: num(r.closed_at),
    solved: r.solved === null || r.solved === undefined ? null : Boolean(Number(r.solved)), satisfaction: str(r.satisfaction),
    syncConflict: fold.conflicts.length > 0, hlc: newest,
  };
}

/** The case's whole row in portable form (codes stay codes), its base, and the newest clock among its changes. */
export function foldPortableCase(changes: readonly SyncChange[]): { base: CaseBaseChange; fold: FoldResult; newest: string } | undefined {
  const base = changes.find((c): c is CaseBaseChange => c.kind === 'case_base');
  if (!base) return undefined;
  const events: FoldEvent[] = [];
  let newest = base.hlc;
  for (const c of changes) {
    if (c.kind !== 'case_event') continue;
    if (c.hlc > newest) newest = c.hlc;
    if (c.hlc <= base.hlc) continue; // already in the base, as SyncService.replay skips it
    events.push({
      uid: c.id, hlc: c.hlc, at: c.event.at, actorStaffId: null, actorName: c.event.actorName, action: c.event.action,
      from: c.event.from, to: c.event.to, note: c.event.note, data: c.event.data, patch: c.event.patch as CaseColumns | null,
    });
  }
  // Whistles are not materialised on the hub: only the row and its conflicts are.
  return { base, fold: foldCase({ row: { ...(base.row as CaseColumns) }, whistles: [] }, events), newest };
}

function str(value: PortableValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

function num(value: PortableValue | undefined): number | null {
  return value === null || value === undefined || value === '' ? null : Number(value);
}
