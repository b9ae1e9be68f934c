import type { Geometry, RegionLevel } from '../../contract';
import type { DurableDatabase, Transaction } from '../db/durable-database';
import { AppError } from '../shared/app-error';
import { shapeColumns } from './grid-geometry';
import { recordGridMoves, type CaseGridMove } from './grid-move-events.repository';
import { logLocalEdits, nextRegionId, provisionalCode } from './region-edits.repository';

/** A region row as an edit saves and restores it. */
export interface RegionRecord {
  id: number;
  parentId: number | null;
  level: RegionLevel;
  code: string;
  name: string;
  geometry: Geometry;
  households: number | null;
  provenance: string;
  createdAt: number;
}

/** A reference to a region moved from one region to another (cases.grid_id, duty_assignments.region_id…). */
export interface RefMove {
  table: RefTable;
  id: number;
  from: number | null;
  to: number | null;
}

/** The tables whose rows point at a grid; their rows follow a grid that is merged away or split back. */
const REF_COLUMNS = { cases: 'grid_id', duty_assignments: 'region_id', staff: 'region_id', topics: 'region_id' } as const;
export type RefTable = keyof typeof REF_COLUMNS;

/**
 * One grid edit, invertible: regions inserted, updated (geometry before → after) and deleted
 * (each absorbed by a surviving region, which inherits whatever still points at it), and the
 * references moved. Undo applies `invertChange(change)` as a new transaction.
 */
export interface GridChange {
  inserted: RegionRecord[];
  updated: { before: RegionRecord; after: RegionRecord }[];
  /** `into` null: nothing absorbs it (an undone drawing); its cases go back to no grid. */
  deleted: { record: RegionRecord; into: number | null }[];
  moves: RefMove[];
}

export interface EditEntry {
  id: number;
  at: number;
  action: string;
  regionId: number | null;
  /** Who made the edit (null for edits made before sign-in existed, or by tools). */
  actorName: string | null;
  detail: { summary: string; change: GridChange; undoes?: number };
}

export function invertChange(change: GridChange): GridChange {
  return {
    inserted: change.deleted.map((d) => d.record),
    updated: change.updated.map((u) => ({ before: u.after, after: u.before })),
    // A region this edit created is absorbed back by the region whose references it took.
    deleted: change.inserted.map((record) => ({
      record,
      into: change.moves.find((m) => m.to === record.id && m.from !== null)?.from ?? change.updated[0]?.before.id ?? null,
    })),
    moves: change.moves.map((m) => ({ ...m, from: m.to, to: m.from })).reverse(),
  };
}

/** SQL of grid edits: region rows, the cases around them, and the edit log (audit_log). */
export class GridEditRepository {
  constructor(private readonly db: DurableDatabase) {}

  record(id: number): RegionRecord | undefined {
    const row = this.db.get<Omit<RegionRecord, 'geometry'> & { geometry: string | null }>(
      `SELECT id, parent_id AS "parentId", level, code, name, geometry, households, provenance, created_at AS "createdAt"
       FROM regions WHERE id = ?`,
      [id],
    );
    return row && row.geometry ? { ...row, geometry: JSON.parse(row.geometry) as Geometry } : undefined;
  }

  /** Above every region id a grid edit ever deleted too: an old event's grid id never names a new grid. */
  nextRegionId(): number {
    return nextRegionId(this.db);
  }

  exists(id: number): boolean {
    return this.db.get('SELECT 1 AS x FROM regions WHERE id = ?', [id]) !== undefined;
  }

  /** A drawn or split-off grid's code: `<community code>-<workspace tag>-<serial>` (region-edits.repository). */
  provisionalCode(parentCode: string): string {
    return provisionalCode(this.db, parentCode);
  }

  codeTaken(code: string): boolean {
    return this.db.get('SELECT 1 AS x FROM regions WHERE code = ?', [code]) !== undefined;
  }

  /** Located cases in the box that belong to one of `gridIds` or to no grid (candidates for re-assignment). */
  casesAround(box: [number, number, number, number], gridIds: number[]): { id: number; lng: number; lat: number; gridId: number | null }[] {
    const marks = gridIds.map(() => '?').join(',') || 'NULL';
    return this.db.all(
      `SELECT id, lng, lat, grid_id AS "gridId" FROM cases
       WHERE lng BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND (grid_id IS NULL OR grid_id IN (${marks}))`,
      [box[0], box[2], box[1], box[3], ...gridIds],
    );
  }

  /**
   * Applies a change and logs it, in one durable transaction; returns the log entry's id. Every case
   * it moves (absorbed ones included) gets a 'grid_moved' event, so the move survives replays and travels.
   */
  apply(change: GridChange, log: { at: number; actorStaffId: number | null; action: string; regionId: number | null; summary: string; undoes?: number }): number {
    return this.db.transaction((tx) => {
      for (const r of change.inserted) insertRegion(tx, r, log.at);
      for (const { after } of change.updated) updateShape(tx, after, log.at);
      moveRefs(tx, change.moves);
      const absorbed: RefMove[] = [];
      for (const { record, into } of change.deleted) {
        // Whatever still points at the region goes to the one that absorbs it (and comes back on undo).
        const moved: RefMove[] = [];
        for (const [table, column] of Object.entries(REF_COLUMNS) as [RefTable, string][]) {
          for (const { id } of tx.all<{ id: number }>(`SELECT id FROM ${table} WHERE ${column} = ?`, [record.id])) {
            if (into === null && table === 'duty_assignments') {
              throw new AppError('grid_in_use', `${record.name} 已安排值守人员，请先解除再撤销`);
            }
            moved.push({ table, id, from: record.id, to: into });
          }
        }
        moveRefs(tx, moved);
        absorbed.push(...moved);
      }
      // Before the regions go: the events name the grids the cases left, the log their parents and absorbers.
      recordGridMoves(tx, caseMoves([...change.moves, ...absorbed]), log.at, log.actorStaffId);
      logLocalEdits(tx, [...change.inserted.map((r) => r.id), ...change.updated.map((u) => u.after.id)], change.deleted.map(({ record, into }) => ({ ...record, into })), log.at);
      for (const { record } of change.deleted) tx.run('DELETE FROM regions WHERE id = ?', [record.id]);
      const logged: GridChange = { ...change, moves: [...change.moves, ...absorbed] };
      return tx.insert(`INSERT INTO audit_log (at, actor_staff_id, action, entity, entity_id, detail) VALUES (?, ?, ?, 'grid_edit', ?, ?)`, [
        log.at, log.actorStaffId, log.action, log.regionId, JSON.stringify({ summary: log.summary, change: logged, ...(log.undoes ? { undoes: log.undoes } : {}) }),
      ]);
    });
  }

  /** The latest grid edits, newest first. */
  edits(limit: number): EditEntry[] {
    return this.db
      .all<{ id: number; at: number; action: string; regionId: number | null; actorName: string | null; detail: string }>(
        `SELECT a.id, a.at, a.action, a.entity_id AS "regionId", s.name AS "actorName", a.detail
         FROM audit_log a LEFT JOIN staff s ON s.id = a.actor_staff_id WHERE a.entity = 'grid_edit' ORDER BY a.id DESC LIMIT ?`,
        [limit],
      )
      .map((row) => ({ ...row, detail: JSON.parse(row.detail) as EditEntry['detail'] }));
  }

  /** Ids of edits already undone. */
  undoneIds(): Set<number> {
    return new Set(
      this.db
        .all<{ detail: string }>(`SELECT detail FROM audit_log WHERE entity = 'grid_edit' AND action = 'grid_undo'`)
        .map((row) => (JSON.parse(row.detail) as EditEntry['detail']).undoes ?? 0),
    );
  }
}

/** References moved, one statement per table and target (a reshape may move thousands of cases). */
function moveRefs(tx: Transaction, moves: readonly RefMove[]): void {
  const last = new Map<string, RefMove>();
  for (const m of moves) last.set(`${m.table}:${m.id}`, m);
  const groups = new Map<string, { table: RefTable; to: number | null; ids: number[] }>();
  for (const m of last.values()) {
    const key = `${m.table}:${m.to}`;
    const group = groups.get(key) ?? { table: m.table, to: m.to, ids: [] };
    group.ids.push(m.id);
    groups.set(key, group);
  }
  for (const { table, to, ids } of groups.values()) {
    tx.run(`UPDATE ${table} SET ${REF_COLUMNS[table]} = ? WHERE id IN (SELECT value FROM json_each(?))`, [to, JSON.stringify(ids)]);
  }
}

/** Each case's move, from the grid it had before the edit to the one it ends in (a case moved twice is one move). */
function caseMoves(moves: readonly RefMove[]): CaseGridMove[] {
  const byCase = new Map<number, CaseGridMove>();
  for (const m of moves) {
    if (m.table !== 'cases') continue;
    const seen = byCase.get(m.id);
    byCase.set(m.id, { caseId: m.id, from: seen ? seen.from : m.from, to: m.to });
  }
  return [...byCase.values()].filter((m) => m.from !== m.to);
}

function insertRegion(tx: Transaction, r: RegionRecord, at: number): void {
  const c = shapeColumns(r.geometry);
  tx.run(
    `INSERT INTO regions (id, parent_id, level, code, name, geometry, min_lng, min_lat, max_lng, max_lat,
                          centroid_lng, centroid_lat, area_m2, households, provenance, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [r.id, r.parentId, r.level, r.code, r.name, JSON.stringify(r.geometry), ...c.bbox, ...c.centroid, c.areaM2, r.households, r.provenance, r.createdAt, at],
  );
}

/** Geometry and the columns derived from it; names and codes are left as they are now. */
function updateShape(tx: Transaction, r: RegionRecord, at: number): void {
  const c = shapeColumns(r.geometry);
  tx.run(
    `UPDATE regions SET geometry = ?, min_lng = ?, min_lat = ?, max_lng = ?, max_lat = ?, centroid_lng = ?, centroid_lat = ?,
                        area_m2 = ?, provenance = 'user', updated_at = ? WHERE id = ?`,
    [JSON.stringify(r.geometry), ...c.bbox, ...c.centroid, c.areaM2, at, r.id],
  );
}
