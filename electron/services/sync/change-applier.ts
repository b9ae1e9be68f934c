import type { ApplyReport, SyncChange } from '../../contract';
import type { Transaction } from '../db/transaction';
import { AppError } from '../shared/app-error';
import { NOT_PATCHABLE, foldCase, type CaseColumns, type FoldEvent, type FoldResult } from './case-fold';
import { localData, localPatch, localRow, localWhistle, type Translator } from './portable';
import type { BatchRowsRepository } from './batch-rows.repository';
import type { LocalNames } from './local-names';
import type { NewEvent, StoredBase, SyncRepository } from './sync.repository';

/** Cases read or written per round of set-based queries. */
export const BATCH = 500;

/** Identity columns an arriving case keeps from its base (the rest of NOT_PATCHABLE is this workspace's own). */
const KEPT_FROM_BASE = new Set(['case_no', 'source', 'created_at']);

type BaseChange = SyncChange & { kind: 'case_base' };

/** A case this workspace did not have: folded in memory from what the batch brings, written once. */
interface ArrivingCase {
  caseId: number;
  base: BaseChange;
  events: FoldEvent[];
}

/**
 * One batch of received changes, inside the transaction that applies it. A case the batch brings
 * is folded in memory from its base and events (the same fold a replay makes: it has no other
 * events) and inserted once in its final state; a case this workspace already has gets its new
 * events and is replayed from the database by `replay`. Rows go in many per statement.
 */
export class ChangeApplier {
  /** Ids of the cases the batch brings, given before any is written, so references between them resolve in any order. */
  readonly incoming = new Map<string, number>();

  constructor(
    private readonly tx: Transaction,
    private readonly repo: SyncRepository,
    private readonly rows: BatchRowsRepository,
    private readonly me: LocalNames,
  ) {}

  apply(changes: readonly SyncChange[], t: Translator, replay: (caseIds: number[]) => void): { report: ApplyReport; latest: string | null; touched: number[] } {
    const { tx, repo, me } = this;
    const report: ApplyReport = { newCases: 0, newEvents: 0, alreadyHad: 0, unknownCodes: [], conflicts: [] };
    const touched: number[] = [];
    let latest: string | null = null;
    const groups = [...groupByCase(changes)];
    const chunks: { groups: typeof groups; known: ReturnType<SyncRepository['caseIdsByUid']> }[] = [];
    let nextId = this.rows.maxCaseId(tx) + 1;
    for (let start = 0; start < groups.length; start += BATCH) {
      const chunk = groups.slice(start, start + BATCH);
      const uids = chunk.map(([uid]) => uid);
      const known = repo.caseIdsByUid(tx, uids, uids.flatMap((uid) => me.localCase(uid) ?? []));
      for (const uid of uids) if (knownId(uid, known, me) === undefined) this.incoming.set(uid, nextId++);
      chunks.push({ groups: chunk, known });
    }
    if (this.incoming.size > 0) this.rows.deferForeignKeys(tx);
    for (const { groups: chunk, known } of chunks) {
      // Only a case this workspace has can hold events already; an arriving case's events are new (a repeat within the batch is caught below).
      const eventUids = chunk.flatMap(([uid, group]) => (this.incoming.has(uid) ? [] : group.filter((c) => c.kind === 'case_event').map((c) => c.id)));
      const held = repo.eventsHeld(tx, eventUids, eventUids.flatMap((uid) => me.localEvent(uid) ?? []));
      const based = new Set(repo.basesOf(tx, [...known.local, ...known.byUid.values()]).keys());
      const arriving: ArrivingCase[] = [];
      const bases: (StoredBase & { caseId: number })[] = [];
      const events: { caseId: number; event: NewEvent }[] = [];
      const replayed: number[] = [];
      for (const [caseUid, group] of chunk) {
        const base = group.find((c): c is BaseChange => c.kind === 'case_base');
        let caseId = knownId(caseUid, known, me);
        let arrived: ArrivingCase | undefined;
        if (caseId === undefined) {
          if (!base) throw new AppError('sync_missing_base', `收到的变更缺少案件 ${caseUid} 的基础记录，整批未导入`);
          caseId = this.incoming.get(caseUid)!;
          arrived = { caseId, base, events: [] };
          arriving.push(arrived);
          bases.push({ caseId, ...storedBase(base) });
          report.newCases++;
        } else if (base) {
          if (!based.has(caseId)) bases.push({ caseId, ...storedBase(base) });
          based.add(caseId);
          report.alreadyHad++;
        }
        let changed = false;
        for (const change of group) {
          if (latest === null || change.hlc > latest) latest = change.hlc;
          if (change.kind !== 'case_event') continue;
          const localEvent = me.localEvent(change.id);
          if ((localEvent !== undefined && held.local.has(localEvent)) || held.uids.has(change.id)) {
            report.alreadyHad++;
            continue;
          }
          const e = change.event;
          // One object for the row and, for an arriving case, for its fold (a hundred thousand of them in a large batch).
          const event: FoldEvent = {
            uid: change.id, hlc: change.hlc, at: e.at, actorStaffId: t.codes.id('staff', e.actor) ?? null, actorName: e.actorName,
            action: e.action, from: e.from, to: e.to, note: e.note, data: localData(e.data, t), patch: e.patch ? localPatch(e.patch, t) : null,
          };
          events.push({ caseId, event });
          arrived?.events.push(event);
          held.uids.add(change.id);
          report.newEvents++;
          changed = true;
        }
        if (!arrived && changed) replayed.push(caseId);
      }
      const folded = arriving.map((a) => ({ a, fold: this.fold(a, t) }));
      this.rows.insertCases(tx, this.finalRows(folded));
      this.rows.insertBases(tx, bases);
      this.rows.insertEvents(tx, events);
      for (const { a, fold } of folded) this.rows.insertWhistlesAndConflicts(tx, a.caseId, fold.whistles, fold.conflicts);
      replay(replayed);
      touched.push(...arriving.map((a) => a.caseId), ...replayed);
    }
    return { report, latest, touched };
  }

  /** The arriving case as a replay would make it: its base, then every later event in clock order. */
  private fold(a: ArrivingCase, t: Translator): FoldResult & { base: CaseColumns } {
    const base = localRow(a.base.row, t);
    const fold = foldCase({ row: base, whistles: a.base.whistles.map((w) => localWhistle(w, t)) }, a.events.filter((e) => e.hlc > a.base.hlc));
    return { ...fold, base };
  }

  /**
   * The rows to insert: the base's columns with the replayed ones over them. Case numbers are
   * unique per workspace; a number this workspace (or an earlier case of the batch) already uses
   * gets its origin's mark.
   */
  private finalRows(folded: readonly { a: ArrivingCase; fold: FoldResult & { base: CaseColumns } }[]): CaseColumns[] {
    const taken = this.rows.caseNosTaken(this.tx, folded.map(({ fold }) => String(fold.base.case_no)));
    return folded.map(({ a, fold }) => {
      const row: CaseColumns = { id: a.caseId };
      for (const [column, value] of Object.entries(fold.base)) if (!NOT_PATCHABLE.has(column) || KEPT_FROM_BASE.has(column)) row[column] = value;
      for (const [column, value] of Object.entries(fold.row)) if (!NOT_PATCHABLE.has(column)) row[column] = value;
      let caseNo = String(row.case_no);
      if (taken.has(caseNo)) caseNo = `${caseNo}-${a.base.origin.slice(0, 4)}`;
      taken.add(caseNo);
      row.case_no = caseNo;
      row.uid = a.base.caseUid;
      row.updated_at = fold.updatedAt;
      row.sync_conflict = fold.conflicts.length ? 1 : 0;
      return row;
    });
  }
}

function storedBase(base: BaseChange): StoredBase {
  return { hlc: base.hlc, origin: base.origin, body: JSON.stringify({ row: base.row, whistles: base.whistles }) };
}

function knownId(caseUid: string, known: { byUid: Map<string, number>; local: Set<number> }, me: LocalNames): number | undefined {
  const local = me.localCase(caseUid);
  return local !== undefined && known.local.has(local) ? local : known.byUid.get(caseUid);
}

function groupByCase(changes: readonly SyncChange[]): Map<string, SyncChange[]> {
  const groups = new Map<string, SyncChange[]>();
  for (const change of changes) {
    const group = groups.get(change.caseUid);
    if (group) group.push(change);
    else groups.set(change.caseUid, [change]);
  }
  return groups;
}
