import type { ReferenceEdit, ReferenceKind } from '../../contract';
import type { Transaction } from '../db/transaction';
import { writeReference } from './reference-apply.repository';
import {
  casesNamingReferences, heldReferenceEdits, insertReferenceEdit, latestReferenceStamps, latestEditsNamingDepartments,
} from './reference-edits.repository';

/** Departments before the staff and categories that name them. */
const KIND_ORDER: Record<ReferenceKind, number> = { department: 0, staff: 1, category: 2, calendar_day: 3, setting: 4 };
const stamp = (e: ReferenceEdit) => `${e.hlc}|${e.id}`;
const keyOf = (e: ReferenceEdit) => `${e.kind}:${e.key}`;

/**
 * Reference edits received from elsewhere (the roster, category limits, calendar days, shared
 * settings), inside the transaction that applies their batch and before its case changes, so the
 * cases can name a department or staff member that arrives with them. Each is logged once (by id);
 * a key takes the values of its latest edit by clock, so edits arriving late, twice or out of order
 * change nothing.
 */
export class ReferenceEditApplier {
  /** New edits in this batch (not held before). */
  fresh = 0;
  /** Department and staff codes this workspace did not have before the batch. */
  readonly newCodes: string[] = [];
  /** Codes the edits named that this desk still lacks (`department:…`, `category:…`). */
  readonly unknown = new Set<string>();

  constructor(private readonly tx: Transaction, private readonly at: number) {}

  apply(edits: readonly ReferenceEdit[]): void {
    const { tx } = this;
    if (edits.length === 0) return;
    const held = heldReferenceEdits(tx, edits.map((e) => e.id));
    const fresh = new Map<string, ReferenceEdit>();
    for (const e of edits) if (!held.has(e.id)) fresh.set(e.id, e);
    if (fresh.size === 0) return;
    const latest = latestReferenceStamps(tx, [...new Set([...fresh.values()].map(keyOf))]);
    const winners = new Map<string, ReferenceEdit>();
    for (const e of fresh.values()) {
      insertReferenceEdit(tx, e, true);
      const best = winners.get(keyOf(e));
      if ((latest.get(keyOf(e)) ?? '') < stamp(e) && (!best || stamp(best) < stamp(e))) winners.set(keyOf(e), e);
    }
    this.fresh = fresh.size;
    const newDepartments: string[] = [];
    for (const e of [...winners.values()].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind])) {
      const result = writeReference(tx, e, this.at);
      for (const code of result.unknown) this.unknown.add(code);
      if (!result.created) continue;
      this.newCodes.push(e.key);
      if (e.kind === 'department') newDepartments.push(e.key);
    }
    // A staff member or category limit that arrived in an earlier batch than its department gets it now.
    for (const e of latestEditsNamingDepartments(tx, newDepartments)) {
      if (winners.get(keyOf(e))?.id === e.id) continue;
      writeReference(tx, e, this.at);
    }
  }

  /** Cases whose changes named a code this batch made known (to be replayed: the code resolves now). */
  waitingCases(): number[] {
    return casesNamingReferences(this.tx, this.newCodes);
  }

  /** The latest clock among the batch's edits (the local clock moves past it). */
  static latest(edits: readonly ReferenceEdit[]): string | null {
    return edits.reduce<string | null>((max, e) => (max === null || e.hlc > max ? e.hlc : max), null);
  }
}
