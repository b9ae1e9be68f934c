import type { SqlValue } from '../db/database-types';
import type { Transaction } from '../db/transaction';
import { BatchRowsRepository } from '../sync/batch-rows.repository';
import { tickHlc } from '../clock/hlc';
import type { NewEvent } from '../sync/sync.repository';
import { readHlc, writeHlc } from '../clock/workspace-clock.repository';

/** The timeline action of a case that a grid edit (or its undo) moved to another grid. */
export const GRID_MOVED = 'grid_moved';

/** One case's move by a grid edit: the grid it left and the grid holding it now. */
export interface CaseGridMove {
  caseId: number;
  from: number | null;
  to: number | null;
}

const JSON_IDS = '(SELECT value FROM json_each(?))';

/**
 * The 'grid_moved' events of the cases a grid edit moved, inside the edit's transaction. Without
 * them the next replay of a shared case (base + events) would put it back in its old grid, and no
 * other workstation would learn of the move. Each event's patch carries the new grid (and the
 * community and street when those change too), so it replays and travels like any other event.
 * A reshape may move thousands of cases: a few reads for all of them, the clock moved in memory
 * and stored once, events inserted many per statement.
 */
export function recordGridMoves(tx: Transaction, moves: readonly CaseGridMove[], at: number, actorStaffId: number | null): void {
  if (moves.length === 0) return;
  const actorName = actorStaffId === null ? null : (tx.get<{ name: string }>('SELECT name FROM staff WHERE id = ?', [actorStaffId])?.name ?? null);
  const gridIds = [...new Set(moves.flatMap((m) => [m.from, m.to]).filter((id): id is number => id !== null))];
  const grids = new Map(tx.all<{ id: number; name: string; community: number | null; street: number | null }>(
    `SELECT g.id, g.name, c.id AS community, s.id AS street FROM regions g
     LEFT JOIN regions c ON c.id = g.parent_id AND c.level = 'community'
     LEFT JOIN regions s ON s.id = c.parent_id AND s.level = 'street'
     WHERE g.id IN ${JSON_IDS}`,
    [JSON.stringify(gridIds)],
  ).map((g) => [g.id, g]));
  const places = new Map(tx.all<{ id: number; community: number | null; street: number | null }>(
    `SELECT id, community_id AS community, street_id AS street FROM cases WHERE id IN ${JSON_IDS}`,
    [JSON.stringify(moves.map((m) => m.caseId))],
  ).map((c) => [c.id, c]));
  let hlc = readHlc(tx);
  const events: { caseId: number; event: NewEvent }[] = [];
  for (const m of moves) {
    const patch: Record<string, SqlValue> = { grid_id: m.to };
    const target = m.to === null ? undefined : grids.get(m.to);
    const place = places.get(m.caseId);
    // A grid in another community (a drawn grid taking a case that had none) brings its community and street along.
    if (target?.community != null && place && place.community !== target.community) {
      patch.community_id = target.community;
      patch.street_id = target.street;
      tx.run('UPDATE cases SET community_id = ?, street_id = ? WHERE id = ?', [target.community, target.street, m.caseId]);
    }
    hlc = tickHlc(hlc, at);
    const note = `${gridName(grids, m.from)} → ${gridName(grids, m.to)}`;
    events.push({ caseId: m.caseId, event: { uid: null, hlc, at, actorStaffId, actorName, action: GRID_MOVED, from: null, to: null, note, data: null, patch } });
  }
  new BatchRowsRepository().insertEvents(tx, events);
  writeHlc(tx, hlc!);
}

function gridName(grids: ReadonlyMap<number, { name: string }>, id: number | null): string {
  return id === null ? '无网格' : (grids.get(id)?.name ?? `网格 ${id}`);
}
