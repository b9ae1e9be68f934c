/**
 * Between a workspace's rows (local ids) and the portable form that travels (codes and uids).
 * Pure apart from the two lookups it is given.
 */
import type { PortableValue, PortableWhistle } from '../../contract';
import type { SqlValue } from '../db/database-types';
import type { CaseColumns, FoldWhistle } from './case-fold';
import type { CodeBook, CodeTable } from './code-book.repository';

/** Case columns that name another row, and what they name. */
const REFERENCES: Record<string, CodeTable | 'case'> = {
  category_id: 'category', grid_id: 'region', community_id: 'region', street_id: 'region',
  first_receiver_staff_id: 'staff', assignee_staff_id: 'staff', lead_department_id: 'department',
  assignee_department_id: 'department', merged_into_id: 'case',
};
/** Event data fields that name rows. */
const DATA_REFERENCES: Record<string, CodeTable | 'case'> = { departmentId: 'department', staffId: 'staff', intoId: 'case' };
/** Local bookkeeping that means nothing on another desk. */
const LOCAL_ONLY = new Set(['id', 'uid', 'sync_conflict', 'import_batch_id', 'updated_at', 'whistleId']);

export interface Translator {
  codes: CodeBook;
  /** A case's uid from its local id, and back (undefined when this workspace does not have it). */
  caseUid(id: number): string;
  caseId(uid: string): number | undefined;
  /** Codes the sender used that this workspace lacks, collected as a batch applies. */
  unknown: Set<string>;
}

function toPortable(ref: CodeTable | 'case', value: SqlValue, t: Translator): PortableValue {
  if (value === null) return null;
  return ref === 'case' ? t.caseUid(Number(value)) : t.codes.code(ref, Number(value));
}

function toLocal(ref: CodeTable | 'case', value: unknown, t: Translator): SqlValue {
  if (value === null || value === undefined) return null;
  const code = String(value);
  const id = ref === 'case' ? t.caseId(code) : t.codes.id(ref, code);
  if (id === undefined) {
    t.unknown.add(`${ref}:${code}`);
    return null;
  }
  return id;
}

export function portableRow(row: CaseColumns, t: Translator): Record<string, PortableValue> {
  const out: Record<string, PortableValue> = {};
  for (const [key, value] of Object.entries(row)) {
    if (LOCAL_ONLY.has(key)) continue;
    const ref = REFERENCES[key];
    out[key] = ref ? toPortable(ref, value, t) : value;
  }
  return out;
}

export function localRow(row: Record<string, PortableValue>, t: Translator): CaseColumns {
  const out: CaseColumns = {};
  for (const [key, value] of Object.entries(row)) {
    if (LOCAL_ONLY.has(key)) continue;
    const ref = REFERENCES[key];
    out[key] = ref ? toLocal(ref, value, t) : value;
  }
  return out;
}

/** A patch key holding a place's code this workspace did not know when the event arrived. */
const PENDING = '~';

/**
 * An event's patch in local ids. A code this workspace does not know (a grid drawn on another desk,
 * a department or staff member added there) is not set to none: it is kept aside under `~<column>`
 * (the fold ignores it), so the case keeps its value here until the region or reference edit
 * arrives, and then replays into it (resolvePatch). The stored event so still names the code and
 * passes it on as the sender wrote it.
 */
export function localPatch(patch: Record<string, PortableValue>, t: Translator): CaseColumns {
  const out = localRow(patch, t);
  for (const [key, value] of Object.entries(patch)) {
    const ref = REFERENCES[key];
    if (ref !== undefined && ref !== 'case' && value !== null && out[key] === null) {
      delete out[key];
      out[PENDING + key] = String(value);
    }
  }
  return out;
}

/** A stored patch for replaying: a code kept aside is set once it is known here. */
export function resolvePatch(patch: CaseColumns, t: Translator): CaseColumns {
  let out = patch;
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith(PENDING)) continue;
    const ref = REFERENCES[key.slice(PENDING.length)];
    if (ref === undefined || ref === 'case') continue;
    const id = t.codes.id(ref, String(value));
    if (id === undefined || id === null) continue;
    if (out === patch) out = { ...patch };
    out[key.slice(PENDING.length)] = id;
  }
  return out;
}

/** A stored patch in portable form: a place kept aside travels as the code it arrived with. */
export function portablePatch(patch: CaseColumns, t: Translator): Record<string, PortableValue> {
  const pending: [string, SqlValue][] = [];
  const local: CaseColumns = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(PENDING)) pending.push([key.slice(PENDING.length), value]);
    else local[key] = value;
  }
  const out = portableRow(local, t);
  for (const [key, value] of pending) out[key] = value;
  return out;
}

export function portableData(data: Record<string, unknown> | null, t: Translator): Record<string, unknown> | null {
  if (!data) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (LOCAL_ONLY.has(key)) continue;
    if (key === 'departmentIds' && Array.isArray(value)) out[key] = value.map((id) => t.codes.code('department', Number(id)));
    else if (DATA_REFERENCES[key] && (typeof value === 'number' || value === null)) out[key] = toPortable(DATA_REFERENCES[key], value, t);
    else if (!key.startsWith(PENDING)) out[key] = value;
  }
  // A code kept aside on arrival travels on as the sender wrote it (localData).
  for (const [key, value] of Object.entries(data)) if (key.startsWith(PENDING) && out[key.slice(PENDING.length)] === null) out[key.slice(PENDING.length)] = value;
  return out;
}

export function localData(data: Record<string, unknown> | null, t: Translator): Record<string, unknown> | null {
  if (!data) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'departmentIds' && Array.isArray(value)) out[key] = value.map((code) => toLocal('department', code, t)).filter((id) => id !== null);
    else if (DATA_REFERENCES[key]) {
      out[key] = toLocal(DATA_REFERENCES[key], value, t);
      // A department or staff code this desk lacks yet is kept aside, so passing the event on loses nothing.
      if (out[key] === null && value !== null && value !== undefined && DATA_REFERENCES[key] !== 'case') out[PENDING + key] = String(value);
    } else out[key] = value;
  }
  return out;
}

export function portableWhistle(w: FoldWhistle, t: Translator): PortableWhistle {
  return {
    eventUid: w.eventUid, raisedAt: w.raisedAt, raisedBy: t.codes.code('staff', w.raisedBy), reason: w.reason,
    reportDueAt: w.reportDueAt, status: w.status, closedAt: w.closedAt,
    reports: w.reports.map((r) => ({ department: t.codes.code('department', r.departmentId) ?? '', reportedAt: r.reportedAt, reportedBy: r.reportedBy, actionTaken: r.actionTaken })),
  };
}

export function localWhistle(w: PortableWhistle, t: Translator): FoldWhistle {
  return {
    eventUid: w.eventUid, raisedAt: w.raisedAt, raisedBy: toLocal('staff', w.raisedBy, t) as number | null, reason: w.reason,
    reportDueAt: w.reportDueAt, status: w.status, closedAt: w.closedAt,
    reports: w.reports.flatMap((r) => {
      const departmentId = toLocal('department', r.department, t);
      return departmentId === null ? [] : [{ departmentId: Number(departmentId), reportedAt: r.reportedAt, reportedBy: r.reportedBy, actionTaken: r.actionTaken }];
    }),
  };
}
