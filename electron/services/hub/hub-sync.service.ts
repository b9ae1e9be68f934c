import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import type { ApplyReport, SyncChange } from '../../contract';
import { AppError } from '../shared/app-error';
import type { LocalNames } from '../sync/local-names';
import { SyncService } from '../sync/sync.service';
import { foldHubCase, fromHubChange, toHubChange } from './hub-changes';
import type { HubCursorRepository } from './hub-cursor.repository';
import { HubRegionEdits } from './hub-region-edits';
import { HubReferenceEdits } from './hub-reference-edits';
import { casesJoinedBetween, changesOfCasesUpTo, hubTopSeq } from './hub-departments.repository';
import { filesByHash, filesMissingOnHub, insertFile } from './hub-files.repository';
import {
  changeIdsOfEntities, changesAfter, changesByIds, inTransaction, insertChangeRows, lockPushes, registerWorkspace, upsertCases,
  type HubChange, type HubScope,
} from './hub.repository';

export interface HubSyncOptions {
  /** Names the hub in the local cursors (one workspace may know several hubs). */
  hub: string;
  /** Changes per INSERT when pushing (one transaction for all of them). */
  batchSize?: number;
  /** Changes per page when pulling (each page applied locally all or nothing). */
  pageSize?: number;
  clock?: () => number;
  /** Called inside the push transaction after each batch: where a push can be cut off (tests). */
  afterPushBatch?: (sent: number) => Promise<void> | void;
  /** Called after each pulled page is applied and its cursor stored (tests, progress). */
  afterPulledPage?: (seq: number) => Promise<void> | void;
}

export interface PushReport {
  /** Changes sent (a case's earlier changes travel again; the hub skips them by id). */
  sent: number;
  /** Changes the hub did not have. */
  inserted: number;
  cases: number;
  /** Where the time went: reading the local changes, inserting them on the hub (beyond the reading it overlaps), folding the hub's case rows (and COMMIT). */
  ms: { extract: number; insert: number; fold: number };
}

export type PullReport = ApplyReport & { changes: number; pages: number; seq: number; ms: { hub: number; apply: number } };

/** Cases read locally per slice of a push, while the hub inserts the slice before. */
const EXTRACT_SLICE = 500;
/** Cases whose earlier history a department pull catches up on per local transaction. */
const CATCH_UP_CASES = 500;
/** Cases whose hub rows are folded per round trip. */
const FOLD_CHUNK = 1000;

/**
 * Transport 2 (issue 14): this workspace's changes to a PostgreSQL hub and the others' back, each
 * change once by its id. Push: one hub transaction, the local watermark moved only after COMMIT.
 * Pull: pages after the stored hub seq, each applied in one local transaction.
 */
export class HubSyncService {
  private readonly batchSize: number;
  private readonly pageSize: number;
  private readonly clock: () => number;
  private readonly regionEdits: HubRegionEdits;
  private readonly referenceEdits: HubReferenceEdits;

  constructor(
    private readonly sync: SyncService,
    private readonly cursors: HubCursorRepository,
    private readonly options: HubSyncOptions,
  ) {
    this.batchSize = options.batchSize ?? 5000;
    this.pageSize = options.pageSize ?? 5000;
    this.clock = options.clock ?? Date.now;
    this.regionEdits = new HubRegionEdits(cursors, options.hub);
    this.referenceEdits = new HubReferenceEdits(cursors, options.hub);
  }

  /** Everything recorded so far counts as pushed: a workspace joining a hub that must not receive its history. */
  skipHistory(): void {
    this.cursors.advance(this.options.hub, { pushedEventId: this.cursors.lastEventId() });
    this.regionEdits.skipHistory();
    // Not the roster and settings edits: they carry no case history, and every desk of the district needs them.
  }

  async push(client: ClientBase): Promise<PushReport> {
    // Grid, roster and settings edits first, each in their own transaction: a desk pulling them meets the grids and departments its cases name.
    try {
      await this.referenceEdits.push(client);
      await this.regionEdits.push(client);
    } catch (error) {
      throw new AppError('hub_push_failed', `网格编辑推送到中心库未完成，下次推送会重新发送：${(error as Error).message} / Pushing grid edits to the hub did not complete`);
    }
    const { pushedEventId } = this.cursors.cursor(this.options.hub);
    // An event recorded after upTo (while the hub answers) goes next time; one that rides along sooner is skipped by id then.
    const upTo = this.cursors.lastEventId();
    if (upTo <= pushedEventId) return { sent: 0, inserted: 0, cases: 0, ms: { extract: 0, insert: 0, fold: 0 } };
    const caseIds = this.cursors.casesWithEventsAfter(pushedEventId, upTo);
    const identity = this.sync.identity();
    const changes: SyncChange[] = [];
    const insertedIds = new Set<string>();
    const ms = { extract: 0, insert: 0, fold: 0 };
    let started = performance.now();
    try {
      await inTransaction(client, async () => {
        await registerWorkspace(client, { id: identity.id, name: identity.name, publicKey: null, firstSeen: new Date(this.clock()) });
        await lockPushes(client);
        let pending: HubChange[] = [];
        let sent = 0;
        let inFlight: Promise<void> = Promise.resolve();
        const send = async (all: boolean) => {
          while (pending.length >= this.batchSize || (all && pending.length > 0)) {
            const batch = pending.slice(0, this.batchSize);
            pending = pending.slice(batch.length);
            await inFlight;
            sent += batch.length;
            inFlight = this.insertBatch(client, batch, sent, insertedIds);
            // Awaited before the next batch or at the end; meanwhile a failure must not go unhandled.
            inFlight.catch(() => undefined);
          }
        };
        // Cases are read a slice at a time while the hub inserts the batch before (PostgreSQL works on another core).
        for (let start = 0; start < caseIds.length; start += EXTRACT_SLICE) {
          const extractStarted = performance.now();
          const slice = this.sync.extract(caseIds.slice(start, start + EXTRACT_SLICE));
          ms.extract += performance.now() - extractStarted;
          for (const change of slice) changes.push(change);
          pending = pending.concat(slice.map(toHubChange));
          await send(false);
        }
        await send(true);
        await inFlight;
        await this.pushFiles(client, changes);
        ms.insert = performance.now() - started - ms.extract;
        started = performance.now();
        // Still under the push lock: every change of these cases is visible, so each row is the fold of all of them.
        await this.materialise(client, [...new Set(changes.map((c) => c.caseUid))], changes, insertedIds);
      });
    } catch (error) {
      throw new AppError(
        'hub_push_failed',
        `推送到中心库未完成，本次变更均未记入中心库，下次推送会重新发送：${(error as Error).message} / Push to the hub did not complete; it will be sent again`,
      );
    }
    this.cursors.advance(this.options.hub, { pushedEventId: upTo });
    ms.fold = performance.now() - started;
    return { sent: changes.length, inserted: insertedIds.size, cases: new Set(changes.map((c) => c.caseUid)).size, ms };
  }

  private async insertBatch(client: ClientBase, batch: HubChange[], sent: number, insertedIds: Set<string>): Promise<void> {
    for (const id of await insertChangeRows(client, batch)) insertedIds.add(id);
    await this.options.afterPushBatch?.(sent);
  }

  async pull(client: ClientBase, scope?: HubScope): Promise<PullReport> {
    const hub = this.options.hub;
    const me = this.sync.names();
    const report: PullReport = { newCases: 0, newEvents: 0, alreadyHad: 0, unknownCodes: [], conflicts: [], changes: 0, pages: 0, seq: 0, ms: { hub: 0, apply: 0 } };
    let seq = this.cursors.cursor(hub).pulledSeq;
    // Changes pushed while this pull runs wait for the next one: a case joining a department then is caught up then.
    const upTo = await hubTopSeq(client);
    // The hub's grid edits go in with the first apply: regions before the cases naming them, deletions after their moves.
    let edits: Awaited<ReturnType<HubRegionEdits['fetch']>> | null = await this.regionEdits.fetch(client, scope);
    if (edits.edits.length === 0) edits = null;
    // The roster and settings likewise, whatever the scope: they are the district's.
    let refs: Awaited<ReturnType<HubReferenceEdits['fetch']>> | null = await this.referenceEdits.fetch(client);
    if (refs.refs.length === 0) refs = null;
    /** Applies hub changes (and the edits, once) in one local transaction; the pull cursor moves to `toSeq` when given. */
    const apply = (changes: SyncChange[], toSeq: number | null) => {
      // From here to the cursor nothing awaits: no local write can slip in between.
      const nothingUnpushed = this.cursors.cursor(hub).pushedEventId >= this.cursors.lastEventId();
      const editsUnpushed = !this.regionEdits.nothingUnpushed();
      const refsUnpushed = !this.referenceEdits.nothingUnpushed();
      const applied = this.sync.apply(changes, edits?.edits ?? [], refs?.refs ?? []);
      if (edits) this.regionEdits.applied(edits.seq, !editsUnpushed);
      if (refs) this.referenceEdits.applied(refs.seq, !refsUnpushed);
      edits = null;
      refs = null;
      // A second local transaction (apply opens its own): a crash between the two re-applies the page, which apply ignores.
      // Events that came from the hub need no push back; when nothing local was waiting, the watermark skips them.
      this.cursors.advance(hub, { ...(toSeq === null ? {} : { pulledSeq: toSeq }), ...(nothingUnpushed ? { pushedEventId: this.cursors.lastEventId() } : {}) });
      report.newCases += applied.newCases;
      report.newEvents += applied.newEvents;
      report.alreadyHad += applied.alreadyHad;
      if (applied.regionEdits !== undefined) report.regionEdits = (report.regionEdits ?? 0) + applied.regionEdits;
      if (applied.regionProblems) report.regionProblems = [...(report.regionProblems ?? []), ...applied.regionProblems];
      if (applied.referenceEdits !== undefined) report.referenceEdits = (report.referenceEdits ?? 0) + applied.referenceEdits;
      report.unknownCodes = [...new Set([...report.unknownCodes, ...applied.unknownCodes])].sort();
      report.conflicts = [...new Set([...report.conflicts, ...applied.conflicts])].sort();
    };
    // Cases given to a department after the cursor: their earlier changes first, before the cursor passes the joining (a crash re-reads them).
    const joined = await casesJoinedBetween(client, scope?.departments ?? [], seq, upTo);
    for (let start = 0; start < joined.length; start += CATCH_UP_CASES) {
      const started = performance.now();
      const history = (await changesOfCasesUpTo(client, joined.slice(start, start + CATCH_UP_CASES), seq)).map(fromHubChange);
      await this.pullFiles(client, history);
      report.ms.hub += performance.now() - started;
      const applyStarted = performance.now();
      apply(history, null);
      report.ms.apply += performance.now() - applyStarted;
      report.changes += history.length;
    }
    for (;;) {
      let started = performance.now();
      const page = await changesAfter(client, seq, this.pageSize, scope, upTo);
      if (page.length === 0) break;
      const changes = page.map(fromHubChange);
      const bases = await this.missingBases(client, changes, me);
      await this.pullFiles(client, changes);
      report.ms.hub += performance.now() - started;
      started = performance.now();
      seq = page[page.length - 1]!.seq;
      apply([...bases, ...changes], seq);
      report.ms.apply += performance.now() - started;
      report.changes += page.length;
      report.pages++;
      await this.options.afterPulledPage?.(seq);
      if (page.length < this.pageSize) break;
    }
    // No case changes in this pull: the edits on their own.
    if (edits || refs) apply([], null);
    report.seq = seq;
    return report;
  }

  /** The files the pushed 'attached' events name that this desk holds and the hub lacks, in the push's transaction. */
  private async pushFiles(client: ClientBase, changes: readonly SyncChange[]): Promise<void> {
    const store = this.sync.files;
    if (!store) return;
    const held = SyncService.attachedFiles(changes).filter((sha256) => store.has(sha256));
    for (const sha256 of await filesMissingOnHub(client, held)) await insertFile(client, sha256, store.read(sha256));
  }

  /** The files a pulled page's 'attached' events name that this desk lacks, each checked against its hash before it is kept. */
  private async pullFiles(client: ClientBase, changes: readonly SyncChange[]): Promise<void> {
    const store = this.sync.files;
    if (!store) return;
    const lacking = SyncService.attachedFiles(changes).filter((sha256) => !store.has(sha256));
    for (const file of await filesByHash(client, lacking)) {
      if (createHash('sha256').update(file.bytes).digest('hex') === file.sha256) store.put(file.bytes);
    }
  }

  /** Bases of cases this page has events for, that neither the page nor this workspace has (a scoped page may lack them). */
  private async missingBases(client: ClientBase, changes: readonly SyncChange[], me: LocalNames): Promise<SyncChange[]> {
    const based = new Set(changes.filter((c) => c.kind === 'case_base').map((c) => c.caseUid));
    const missing = [...new Set(changes.filter((c) => !based.has(c.caseUid)).map((c) => c.caseUid))]
      .filter((uid) => !this.cursors.hasCase(uid, me));
    if (missing.length === 0) return [];
    const bases = (await changesByIds(client, missing)).filter((c) => c.kind === 'case_base').map(fromHubChange);
    if (bases.length < missing.length) {
      const found = new Set(bases.map((b) => b.caseUid));
      const lacking = missing.filter((uid) => !found.has(uid));
      throw new AppError('hub_missing_base', `中心库缺少案件 ${lacking.join('、')} 的基础记录，本页未导入 / The hub lacks the base of ${lacking.join(', ')}`);
    }
    return bases;
  }

  /**
   * The hub's `cases` rows of these cases, each folded from all of its changes on the hub. The
   * changes this push inserted are folded as sent (the hub holds exactly them); only the bodies of
   * changes the hub had before (another desk's, or sent earlier) are read back.
   */
  private async materialise(client: ClientBase, caseUids: readonly string[], sent: readonly SyncChange[], inserted: ReadonlySet<string>): Promise<void> {
    const fresh = new Map<string, SyncChange>();
    for (const change of sent) if (inserted.has(change.id)) fresh.set(change.id, change);
    for (let start = 0; start < caseUids.length; start += FOLD_CHUNK) {
      const byCase = new Map<string, SyncChange[]>();
      const add = (change: SyncChange) => {
        const group = byCase.get(change.caseUid);
        if (group) group.push(change);
        else byCase.set(change.caseUid, [change]);
      };
      const older: string[] = [];
      for (const { changeId } of await changeIdsOfEntities(client, caseUids.slice(start, start + FOLD_CHUNK))) {
        const change = fresh.get(changeId);
        if (change) add(change);
        else older.push(changeId);
      }
      if (older.length > 0) for (const stored of await changesByIds(client, older)) add(fromHubChange(stored));
      const rows = [...byCase.values()].flatMap((group) => foldHubCase(group) ?? []);
      await upsertCases(client, rows);
    }
  }
}
