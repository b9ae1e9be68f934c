import type { DurableDatabase } from '../db/durable-database';
import { RegionEditsRepository, type LoggedRegionEdit } from '../grids/region-edits.repository';
import type { LocalNames } from '../sync/local-names';
import { ReferenceEditsRepository, type LoggedReferenceEdit } from '../sync/reference-edits.repository';

export interface HubCursor {
  /** The hub's change seq up to which this workspace has applied the hub's changes. */
  pulledSeq: number;
  /** The local case_events id up to which this workspace's changes are on the hub. */
  pushedEventId: number;
}

/** The local side of hub sync (migration 013): the two cursors per hub, and which cases are here. */
export class HubCursorRepository {
  private readonly edits: RegionEditsRepository;

  private readonly refs: ReferenceEditsRepository;

  constructor(private readonly db: DurableDatabase) {
    this.edits = new RegionEditsRepository(db);
    this.refs = new ReferenceEditsRepository(db);
  }

  /** Reference edits logged here after `afterId` up to `upTo` (local ids): what a push sends. */
  refsAfter(afterId: number, upTo: number): LoggedReferenceEdit[] {
    return this.refs.after(afterId, null, upTo);
  }

  lastRefId(): number {
    return this.refs.lastId();
  }

  /** The reference edit cursors (migration 017), as the region edits' ones. */
  refCursor(hub: string): { pulledRefSeq: number; pushedRefId: number } {
    return this.db.get<{ pulledRefSeq: number; pushedRefId: number }>(
      'SELECT pulled_ref_seq AS "pulledRefSeq", pushed_ref_id AS "pushedRefId" FROM hub_cursors WHERE hub = ?', [hub],
    ) ?? { pulledRefSeq: 0, pushedRefId: 0 };
  }

  /** Moves the reference edit cursors, never backwards. */
  advanceRefs(hub: string, to: { pulledRefSeq?: number; pushedRefId?: number }): void {
    this.db.transaction((tx) => {
      tx.run('INSERT INTO hub_cursors (hub) VALUES (?) ON CONFLICT(hub) DO NOTHING', [hub]);
      if (to.pulledRefSeq !== undefined) tx.run('UPDATE hub_cursors SET pulled_ref_seq = max(pulled_ref_seq, ?) WHERE hub = ?', [to.pulledRefSeq, hub]);
      if (to.pushedRefId !== undefined) tx.run('UPDATE hub_cursors SET pushed_ref_id = max(pushed_ref_id, ?) WHERE hub = ?', [to.pushedRefId, hub]);
    });
  }

  /** Region edits logged here after `afterId` up to `upTo` (local ids), every scope: what a push sends. */
  editsAfter(afterId: number, upTo: number): LoggedRegionEdit[] {
    return this.edits.after(afterId, 'all', null, upTo);
  }

  lastEditId(): number {
    return this.edits.lastId();
  }

  cursor(hub: string): HubCursor {
    return this.db.get<HubCursor>(
      'SELECT pulled_seq AS "pulledSeq", pushed_event_id AS "pushedEventId" FROM hub_cursors WHERE hub = ?', [hub],
    ) ?? { pulledSeq: 0, pushedEventId: 0 };
  }

  /** Moves the given cursors (never backwards: a slow writer must not undo a later one). */
  advance(hub: string, to: Partial<HubCursor>): void {
    this.db.transaction((tx) => {
      tx.run('INSERT INTO hub_cursors (hub) VALUES (?) ON CONFLICT(hub) DO NOTHING', [hub]);
      if (to.pulledSeq !== undefined) tx.run('UPDATE hub_cursors SET pulled_seq = max(pulled_seq, ?) WHERE hub = ?', [to.pulledSeq, hub]);
      if (to.pushedEventId !== undefined) {
        tx.run('UPDATE hub_cursors SET pushed_event_id = max(pushed_event_id, ?) WHERE hub = ?', [to.pushedEventId, hub]);
      }
    });
  }

  /** The region edit cursors (migration 016): the hub's edit seq pulled, and the local edit id pushed. */
  editCursor(hub: string): { pulledEditSeq: number; pushedEditId: number } {
    return this.db.get<{ pulledEditSeq: number; pushedEditId: number }>(
      'SELECT pulled_edit_seq AS "pulledEditSeq", pushed_edit_id AS "pushedEditId" FROM hub_cursors WHERE hub = ?', [hub],
    ) ?? { pulledEditSeq: 0, pushedEditId: 0 };
  }

  /** Moves the edit cursors, never backwards. */
  advanceEdits(hub: string, to: { pulledEditSeq?: number; pushedEditId?: number }): void {
    this.db.transaction((tx) => {
      tx.run('INSERT INTO hub_cursors (hub) VALUES (?) ON CONFLICT(hub) DO NOTHING', [hub]);
      if (to.pulledEditSeq !== undefined) tx.run('UPDATE hub_cursors SET pulled_edit_seq = max(pulled_edit_seq, ?) WHERE hub = ?', [to.pulledEditSeq, hub]);
      if (to.pushedEditId !== undefined) tx.run('UPDATE hub_cursors SET pushed_edit_id = max(pushed_edit_id, ?) WHERE hub = ?', [to.pushedEditId, hub]);
    });
  }

  /** Grid edits and roster/settings edits logged here after the push watermarks: what the next push sends besides the cases' changes. */
  editsWaiting(hub: string): { regionEdits: number; referenceEdits: number } {
    const { pushedEditId } = this.editCursor(hub);
    const { pushedRefId } = this.refCursor(hub);
    return this.db.get<{ regionEdits: number; referenceEdits: number }>(
      'SELECT (SELECT count(*) FROM region_edits WHERE id > ?) AS "regionEdits", (SELECT count(*) FROM reference_edits WHERE id > ?) AS "referenceEdits"',
      [pushedEditId, pushedRefId],
    ) ?? { regionEdits: 0, referenceEdits: 0 };
  }

  /** The newest local event id (0 without events). */
  lastEventId(): number {
    return this.db.get<{ id: number | null }>('SELECT max(id) AS id FROM case_events')?.id ?? 0;
  }

  /** The local ids of cases with an event recorded after this local event id. */
  casesWithEventsAfter(eventId: number, upTo: number): number[] {
    return this.db.all<{ id: number }>(
      'SELECT DISTINCT case_id AS id FROM case_events WHERE id > ? AND id <= ? ORDER BY case_id', [eventId, upTo],
    ).map((r) => r.id);
  }

  /** Whether this workspace has the case: born here (its local name, uid NULL) or received with its uid. */
  hasCase(uid: string, me: LocalNames): boolean {
    const id = me.localCase(uid);
    if (id !== undefined) return this.db.get('SELECT 1 AS x FROM cases WHERE id = ? AND uid IS NULL', [id]) !== undefined;
    return this.db.get('SELECT 1 AS x FROM cases WHERE uid = ?', [uid]) !== undefined;
  }
}
