import type { DurableDatabase } from '../db/durable-database';
import type { LocalNames } from '../sync/local-names';

export interface HubCursor {
  /** The hub's change seq up to which this workspace has applied the hub's changes. */
  pulledSeq: number;
  /** The local case_events id up to which this workspace's changes are on the hub. */
  pushedEventId: number;
}

/** The local side of hub sync (migration 013): the two cursors per hub, and which cases are here. */
export class HubCursorRepository {
  constructor(private readonly db: DurableDatabase) {}

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
