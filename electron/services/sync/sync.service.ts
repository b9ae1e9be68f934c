import type { ApplyReport, CaseConflict, PortableValue, PortableWhistle, ReferenceEdit, RegionEdit, SyncChange, SyncPlace } from '../../contract';
import type { SqlValue } from '../db/database-types';
import type { Transaction } from '../db/transaction';
import { AppError } from '../shared/app-error';
import type { CasePatch } from '../workflow/case-state-machine';
import { NOT_PATCHABLE, SETTLE_ACTION, foldCase, type CaseColumns, type FoldEvent } from './case-fold';
import { withArchivedParts, type CaseArchive } from './archived-parts';
import { BATCH, ChangeApplier } from './change-applier';
import { RegionEditApplier } from './region-edit-applier';
import { ReferenceEditApplier } from './reference-edit-applier';
import type { AttachmentStore } from '../attachments/attachment-store';
import { receivedRegionProblems } from '../grids/received-topology';
import { LocalNames } from './local-names';
import { CodeBook } from './code-book.repository';
import { legacyHlc, receiveHlc, tickHlc } from '../clock/hlc';
import { localRow, localWhistle, portableData, portablePatch, portableRow, portableWhistle, resolvePatch, type Translator } from './portable';
import { BatchRowsRepository } from './batch-rows.repository';
import type { StoredBase, StoredEvent, StoredWhistle, SyncRepository } from './sync.repository';
import { observeHlc, readHlc, stampHlc, writeHlc } from '../clock/workspace-clock.repository';

/** The columns a settlement may set: the workflow's own (counts stay: both desks' returns happened). */
const SETTLED_COLUMNS: readonly (keyof CasePatch)[] = [
  'status', 'registered_at', 'dispatched_at', 'responded_at', 'handled_at', 'verified_at', 'closed_at', 'response_due_at',
  'handling_due_at', 'paused_since', 'assignee_staff_id', 'assignee_department_id', 'lead_department_id', 'callback_at', 'solved', 'satisfaction',
];


/**
 * The change model (issue 14): what this workspace has to give another (bases and events, by
 * global ids) and what applying another's changes does (union of events, replayed state,
 * conflicts marked). Transports (exchange files, the hub) move the changes; this decides.
 */
export class SyncService {
  private readonly batchRows = new BatchRowsRepository();

  constructor(
    private readonly repo: SyncRepository,
    private readonly clock: () => number = Date.now,
    /** The workspace's attachment files: what a package or the hub carries besides the changes. */
    readonly files?: AttachmentStore,
    /** Slim cases' archived parts (archive.service.ts): sent from the file, brought back before a replay. */
    private readonly archive?: CaseArchive,
  ) {}

  /** The hashes of the files that 'attached' events among these changes name (each once). */
  static attachedFiles(changes: readonly SyncChange[]): string[] {
    const hashes = new Set<string>();
    for (const change of changes) {
      if (change.kind !== 'case_event' || change.event.action !== 'attached') continue;
      const files = change.event.data?.files;
      if (!Array.isArray(files)) continue;
      for (const file of files) if (typeof (file as { sha256?: unknown }).sha256 === 'string') hashes.add((file as { sha256: string }).sha256);
    }
    return [...hashes];
  }

  identity(): { id: string; name: string } {
    return this.repo.identity();
  }

  /** How rows born here are named, this era included (local-names.ts). */
  names(): LocalNames {
    return new LocalNames(this.identity().id, this.repo.eras());
  }

  /**
   * After a restore or a salvage took the workspace back: rows made from now on are named in a new
   * era, so no local id handed out again repeats a uid already sent. Nothing to do for a workspace
   * that never had an identity (it never named a row to anyone).
   */
  beginEra(): void {
    this.repo.beginEra();
  }

  /** The changes of these cases: each case's base (made now if it was never shared) and all its events. */
  extract(caseIds: readonly number[]): SyncChange[] {
    const me = this.names();
    return this.repo.within((tx) => {
      const t = this.translator(tx, me);
      const out: SyncChange[] = [];
      // The clock moves in memory as bases are made and is stored once, at the end.
      const clock = { hlc: readHlc(tx), moved: false };
      // Read a few hundred cases at a time, each table in one query, rather than four queries per case.
      for (let start = 0; start < caseIds.length; start += BATCH) {
        const made: (StoredBase & { caseId: number })[] = [];
        const ids = caseIds.slice(start, start + BATCH);
        const rows = this.repo.caseRows(tx, ids);
        const eventsOf = this.repo.eventsOf(tx, ids);
        const bases = this.repo.basesOf(tx, ids);
        if (this.archive?.any(tx)) withArchivedParts(rows, eventsOf, this.archive.read(tx, ids));
        const whistlesOf = this.repo.whistlesOf(tx, ids.filter((id) => rows.has(id) && !bases.has(id)));
        for (const caseId of ids) {
          const row = rows.get(caseId);
          if (!row) continue;
          const caseUid = row.uid === null || row.uid === undefined ? me.case(caseId) : String(row.uid);
          const events = eventsOf.get(caseId) ?? [];
          let base = bases.get(caseId);
          if (!base) {
            base = this.makeBase(clock, row, events, whistlesOf.get(caseId) ?? [], t, me);
            bases.set(caseId, base);
            made.push({ caseId, ...base });
          }
          this.pushChanges(out, caseUid, row, base, events, t, me);
        }
        this.batchRows.insertBases(tx, made);
      }
      if (clock.moved) writeHlc(tx, clock.hlc!);
      return out;
    });
  }

  private pushChanges(out: SyncChange[], caseUid: string, row: CaseColumns, base: StoredBase, events: readonly StoredEvent[], t: Translator, me: LocalNames): void {
    const body = JSON.parse(base.body) as { row: Record<string, PortableValue>; whistles: PortableWhistle[] };
    const place: SyncPlace = { street: t.codes.code('region', num(row.street_id)), community: t.codes.code('region', num(row.community_id)), grid: t.codes.code('region', num(row.grid_id)) };
    out.push({ kind: 'case_base', id: caseUid, caseUid, hlc: base.hlc, origin: base.origin, place, row: body.row, whistles: body.whistles });
    for (const e of events) {
      const uid = eventUid(e, me);
      out.push({
        kind: 'case_event', id: uid, caseUid, hlc: e.hlc ?? legacyHlc(e.at), origin: LocalNames.originOf(uid), place,
        event: {
          at: e.at, actor: t.codes.code('staff', e.actorStaffId), actorName: e.actorName, action: e.action, from: e.from, to: e.to, note: e.note,
          data: portableData(parse(e.data), t), patch: e.patch ? portablePatch(JSON.parse(e.patch) as CaseColumns, t) : null,
        },
      });
    }
  }

  /**
   * Applies changes from elsewhere: all or nothing, each once, cases replayed, conflicts marked.
   * `edits`: grid edits made elsewhere (region-edit-applier.ts), placed before the cases' changes;
   * `refs`: roster and settings edits (reference-edit-applier.ts), before them too.
   */
  apply(changes: readonly SyncChange[], edits: readonly RegionEdit[] = [], refs: readonly ReferenceEdit[] = []): ApplyReport {
    const me = this.names();
    const now = this.clock();
    return this.repo.within((tx) => {
      // A slim case replays from its base and every event: the archived ones come back first.
      if (this.archive?.any(tx)) this.archive.restore(tx, [...this.heldIds(tx, [...new Set(changes.map((c) => c.caseUid))], me).values()]);
      const references = new ReferenceEditApplier(tx, now);
      references.apply(refs);
      const regions = new RegionEditApplier(tx, now);
      regions.place(edits);
      const applier = new ChangeApplier(tx, this.repo, this.batchRows, me);
      const t = this.translator(tx, me, applier.incoming);
      const { report, latest: latestChange, touched } = applier.apply(changes, t, (caseIds) => this.replay(tx, caseIds, t, me));
      // Cases that named a grid, department or staff member before it was known here follow it now.
      const replayed = new Set(touched);
      const waiting = [...new Set([...regions.waitingCases(), ...references.waitingCases()])].filter((id) => !replayed.has(id));
      this.replay(tx, waiting, t, me);
      touched.push(...waiting);
      const latest = [latestChange, RegionEditApplier.latest(edits), ReferenceEditApplier.latest(refs)].reduce((a, b) => (a === null || (b !== null && b > a) ? b : a));
      if (latest !== null) observeHlc(tx, latest, now);
      // After the clock moved: the moves deletions make sort after the changes that came with them.
      regions.remove();
      this.repo.materialiseAttachments(tx, touched);
      for (const code of [...regions.unknown, ...references.unknown]) t.unknown.add(code);
      if (edits.length > 0) report.regionEdits = regions.fresh;
      const regionProblems = receivedRegionProblems(tx, regions.placedIds);
      if (regionProblems.length > 0) report.regionProblems = regionProblems;
      if (refs.length > 0) report.referenceEdits = references.fresh;
      report.unknownCodes = [...t.unknown].sort();
      report.conflicts = this.repo.conflictCaseNos(tx, touched);
      return report;
    });
  }

  /** Local ids of the cases these changes name that this workspace has. */
  /** Local ids of the cases with these uids that this workspace holds (born here or received). */
  heldCases(uids: readonly string[]): Map<string, number> {
    const me = this.names();
    return this.repo.within((tx) => this.heldIds(tx, uids, me));
  }

  private heldIds(tx: Transaction, uids: readonly string[], me: LocalNames): Map<string, number> {
    const held = new Map<string, number>();
    for (let start = 0; start < uids.length; start += 5000) {
      const chunk = uids.slice(start, start + 5000);
      const known = this.repo.caseIdsByUid(tx, chunk, chunk.flatMap((uid) => me.localCase(uid) ?? []));
      for (const uid of chunk) {
        const local = me.localCase(uid);
        const id = local !== undefined && known.local.has(local) ? local : known.byUid.get(uid);
        if (id !== undefined) held.set(uid, id);
      }
    }
    return held;
  }

  conflicts(caseId: number): CaseConflict[] {
    const me = this.names();
    return this.repo.within((tx) => {
      const t = this.translator(tx, me);
      const events = new Map(this.repo.events(tx, caseId).map((e) => [eventUid(e, me), e]));
      return this.repo.conflicts(caseId).map((c) => {
        const event = events.get(c.eventUid);
        return {
          eventUid: c.eventUid, action: event?.action ?? '', actorName: event?.actorName ?? null, at: event?.at ?? 0, foundStatus: c.foundStatus,
          before: portableRow(JSON.parse(c.before) as CaseColumns, t), after: portableRow(JSON.parse(c.after) as CaseColumns, t),
        };
      });
    });
  }

  /**
   * What must be the same on every workstation that has these cases: the replayed columns (the
   * case number aside: a desk may have had to mark a colliding one), every event, whistle and
   * unsettled conflict, in portable form and a fixed order.
   */
  canonical(caseIds: readonly number[]): unknown[] {
    const me = this.names();
    return caseIds.map((caseId) => {
      const events = this.extract([caseId]).flatMap((c) => (c.kind === 'case_event' ? [{ id: c.id, hlc: c.hlc, ...c.event }] : []));
      return this.repo.within((tx) => {
        const t = this.translator(tx, me);
        const { case_no: _caseNo, ...row } = portableRow(this.repo.caseRow(tx, caseId)!, t);
        const whistles = this.repo.whistles(tx, caseId).map(({ id: _id, ...w }) => portableWhistle({ ...w, eventUid: '' }, t));
        return { uid: t.caseUid(caseId), row, events: events.sort((a, b) => (a.id < b.id ? -1 : 1)), whistles, conflicts: this.repo.conflicts(caseId).map((c) => c.eventUid) };
      });
    });
  }

  /** A person settles a conflict: keeps the state without (`before`) or with (`after`) the disputed event. */
  settle(caseId: number, disputedEventUid: string, keep: 'before' | 'after', actor: { id: number | null; name: string }, note?: string): void {
    const me = this.names();
    const open = this.repo.conflicts(caseId);
    const disputed = open.find((c) => c.eventUid === disputedEventUid);
    if (!disputed) throw new AppError('not_found', '该冲突不存在或已处理');
    const chosen = JSON.parse(keep === 'before' ? disputed.before : disputed.after) as CaseColumns;
    const now = this.clock();
    this.repo.within((tx) => {
      const current = this.repo.caseRow(tx, caseId)!;
      const patch: Record<string, SqlValue> = {};
      for (const column of SETTLED_COLUMNS) if (chosen[column] !== current[column]) patch[column] = chosen[column] ?? null;
      this.repo.insertEvent(tx, caseId, {
        uid: null, hlc: stampHlc(tx, now), at: now, actorStaffId: actor.id, actorName: actor.name, action: SETTLE_ACTION,
        from: String(current.status), to: String(chosen.status), note: note?.trim() || null,
        data: { settles: open.map((c) => c.eventUid), kept: keep, eventUid: disputedEventUid }, patch,
      });
      this.replay(tx, [caseId], this.translator(tx, me), me);
    });
  }

  /** These cases again from their bases and every later event: the same on every desk that has them. */
  private replay(tx: Transaction, caseIds: readonly number[], t: Translator, me: LocalNames): void {
    if (caseIds.length === 0) return;
    // Never from a slim case's remains: whatever asks for a replay (a grid that became known), it comes back in full first.
    if (this.archive?.any(tx)) this.archive.restore(tx, caseIds);
    const bases = this.repo.basesOf(tx, caseIds);
    const eventsOf = this.repo.eventsOf(tx, caseIds);
    for (const caseId of caseIds) {
      const base = bases.get(caseId);
      if (!base) continue;
      const body = JSON.parse(base.body) as { row: Record<string, PortableValue>; whistles: PortableWhistle[] };
      const events: FoldEvent[] = (eventsOf.get(caseId) ?? [])
        .map((e) => ({
          uid: eventUid(e, me), hlc: e.hlc ?? legacyHlc(e.at), at: e.at, actorStaffId: e.actorStaffId, actorName: e.actorName,
          action: e.action, from: e.from, to: e.to, note: e.note, data: parse(e.data), patch: e.patch ? resolvePatch(JSON.parse(e.patch) as CaseColumns, t) : null,
        }))
        .filter((e) => e.hlc > base.hlc);
      const fold = foldCase({ row: localRow(body.row, t), whistles: body.whistles.map((w) => localWhistle(w, t)) }, events);
      // Every column, changed or not: one statement text for all cases (prepared once, one journal record); the
      // changed-columns-only variant measured twice as slow at 100k changes.
      const columns = Object.keys(fold.row).filter((c) => !NOT_PATCHABLE.has(c));
      this.repo.writeFold(tx, caseId, fold, columns);
    }
  }

  /** A case's base as it stands now; its clock comes after every event it already contains, so replaying never applies one twice. */
  private makeBase(clock: { hlc: string | null; moved: boolean }, row: CaseColumns, events: StoredEvent[], stored: StoredWhistle[], t: Translator, me: LocalNames): StoredBase {
    const newest = events.reduce<string | null>((max, e) => {
      const hlc = e.hlc ?? legacyHlc(e.at);
      return max === null || hlc > max ? hlc : max;
    }, null);
    const now = this.clock();
    if (newest !== null) clock.hlc = receiveHlc(clock.hlc, newest, now);
    clock.hlc = tickHlc(clock.hlc, now);
    clock.moved = true;
    const whistleEvents = new Map(events.filter((e) => e.action === 'whistled').map((e) => [Number(parse(e.data)?.whistleId), eventUid(e, me)]));
    const whistles = stored.map(({ id, ...w }) => portableWhistle({ ...w, eventUid: whistleEvents.get(id) ?? me.whistle(id) }, t));
    return { hlc: clock.hlc, origin: me.me, body: JSON.stringify({ row: portableRow(row, t), whistles }) };
  }

  /** `incoming`: cases a batch being applied brings, by uid, before they are written. */
  private translator(tx: Transaction, me: LocalNames, incoming?: ReadonlyMap<string, number>): Translator {
    const uids = new Map<number, string>();
    return {
      codes: CodeBook.of(tx),
      unknown: new Set(),
      caseUid: (id) => {
        let uid = uids.get(id);
        if (!uid) {
          uid = this.repo.storedCaseUid(tx, id) ?? me.case(id);
          uids.set(id, uid);
        }
        return uid;
      },
      caseId: (uid) => {
        const arriving = incoming?.get(uid);
        if (arriving !== undefined) return arriving;
        const local = me.localCase(uid);
        if (local !== undefined && this.repo.localCaseExists(tx, local)) return local;
        return this.repo.caseIdByUid(tx, uid);
      },
    };
  }
}

function eventUid(e: StoredEvent, me: LocalNames): string {
  return e.uid ?? me.event(e.id);
}

function parse(text: string | null): Record<string, unknown> | null {
  return text ? JSON.parse(text) as Record<string, unknown> : null;
}

function num(value: SqlValue | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
