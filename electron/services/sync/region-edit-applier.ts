import type { RegionEdit } from '../../contract';
import type { Transaction } from '../db/transaction';
import { recordGridMoves } from '../grids/grid-move-events.repository';
import { absorbRegion, casesIn, casesNaming, hasDuty, regionIdsByCode, upsertRegion } from '../grids/region-apply.repository';
import { editsWaitingForParent, heldEdits, insertEdit, latestClocks, markApplied } from '../grids/region-edits.repository';

const LEVEL_ORDER: Record<RegionEdit['level'], number> = { district: 0, street: 1, community: 2, grid: 3 };

/**
 * Region edits received from elsewhere, inside the transaction that applies their batch. Each is
 * logged once (by its id); a region takes the state of its latest edit by clock, so edits arriving
 * late, twice or out of order change nothing. New and reshaped regions go in first (`place`), so the
 * batch's case changes can name them; deletions come after the case changes (`remove`), so a case
 * the sender already moved is moved once, by the sender's event.
 */
export class RegionEditApplier {
  /** New edits in this batch (not held before). */
  fresh = 0;
  /** Codes this workspace did not know before the batch. */
  readonly newCodes: string[] = [];
  /** Codes edits named that could not be placed here (a parent or absorber this desk lacks). */
  readonly unknown = new Set<string>();
  /** Local ids of the regions this batch drew or reshaped (their topology is checked after). */
  readonly placedIds: number[] = [];
  private deletions: RegionEdit[] = [];

  constructor(private readonly tx: Transaction, private readonly at: number) {}

  /** Logs the batch's new edits and applies the newest one per region, unless a later one is here already; deletions wait for `remove`. */
  place(edits: readonly RegionEdit[]): void {
    const { tx } = this;
    if (edits.length === 0) return;
    const held = heldEdits(tx, edits.map((e) => e.id));
    const fresh = new Map<string, RegionEdit>();
    for (const e of edits) if (!held.has(e.id)) fresh.set(e.id, e);
    if (fresh.size === 0) return;
    const codes = [...new Set([...fresh.values()].map((e) => e.code))];
    const latest = latestClocks(tx, codes);
    const winners = new Map<string, RegionEdit>();
    for (const e of fresh.values()) {
      insertEdit(tx, e, true);
      const best = winners.get(e.code);
      if ((latest.get(e.code) ?? '') < e.hlc && (!best || best.hlc < e.hlc)) winners.set(e.code, e);
    }
    this.fresh = fresh.size;
    // Parents before children: a community drawn elsewhere precedes its grids.
    for (const e of [...winners.values()].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level])) {
      if (e.deleted) this.deletions.push(e);
      else if (!this.upsert(e)) this.unknown.add(`region:${e.parentCode}`);
    }
    // Edits of earlier batches that waited for a parent this batch brought (their children after them).
    for (let placed = this.newCodes.length > 0; placed;) {
      placed = false;
      for (const e of editsWaitingForParent(tx)) placed = this.upsert(e) || placed;
    }
  }

  /** Puts the edit's region in place; false when its parent is not known here (it waits, logged). */
  private upsert(e: RegionEdit): boolean {
    const { tx } = this;
    const parentId = e.parentCode === null ? null : regionIdsByCode(tx, [e.parentCode]).get(e.parentCode);
    if (parentId === undefined || e.geometry === null) return false;
    const existing = regionIdsByCode(tx, [e.code]).get(e.code);
    const id = upsertRegion(tx, e, existing, parentId, this.at);
    markApplied(tx, e.id, id);
    this.placedIds.push(id);
    if (existing === undefined) this.newCodes.push(e.code);
    return true;
  }

  /** Cases whose changes named a code this batch made known (to be replayed: the code resolves now). */
  waitingCases(): number[] {
    return casesNaming(this.tx, this.newCodes);
  }

  /**
   * The batch's deletions: whatever still points at a deleted region moves to the one that absorbed
   * it (cases with a 'grid_moved' event, so the move survives replays), and no case is deleted. A
   * region whose absorber is unknown here, or that would leave duty assignments nowhere, stays.
   */
  remove(): void {
    const { tx } = this;
    const ids = regionIdsByCode(tx, this.deletions.flatMap((e) => [e.code, ...(e.deletedInto ? [e.deletedInto] : [])]));
    for (const e of this.deletions) {
      const id = ids.get(e.code);
      if (id === undefined) continue;
      const into = e.deletedInto === null ? null : ids.get(e.deletedInto);
      if (into === undefined) {
        this.unknown.add(`region:${e.deletedInto}`);
        continue;
      }
      if (into === null && hasDuty(tx, id)) continue;
      // Before the region goes: the events name the grid the cases left.
      recordGridMoves(tx, casesIn(tx, id).map((caseId) => ({ caseId, from: id, to: into })), this.at, null);
      absorbRegion(tx, id, into);
      markApplied(tx, e.id, id);
    }
    this.deletions = [];
  }

  /** The latest clock among the batch's edits (the local clock moves past it). */
  static latest(edits: readonly RegionEdit[]): string | null {
    return edits.reduce<string | null>((max, e) => (max === null || e.hlc > max ? e.hlc : max), null);
  }
}
