import type { Geometry, RegionEdit, RegionLevel } from '../../contract';
import type { TopologyRegion } from './topology';
import type { Transaction } from '../db/transaction';
import { shapeColumns } from './grid-geometry';
import { casesWithCodesAside, unionIds } from '../sync/pending-codes.repository';
import { nextRegionId } from './region-edits.repository';

type Reader = Pick<Transaction, 'all' | 'get'>;

const JSON_LIST = '(SELECT value FROM json_each(?))';
/** Rows that point at a region and follow it when it is merged away (as GridEditRepository's REF_COLUMNS). */
const REFS = [['staff', 'region_id'], ['topics', 'region_id'], ['duty_assignments', 'region_id']] as const;

/** The SQL of applying region edits received from another workstation (sync/region-edit-applier.ts decides). */
export function regionIdsByCode(tx: Reader, codes: readonly string[]): Map<string, number> {
  if (codes.length === 0) return new Map();
  return new Map(tx.all<{ id: number; code: string }>(`SELECT id, code FROM regions WHERE code IN ${JSON_LIST}`, [JSON.stringify(codes)]).map((r) => [r.code, r.id]));
}

/** The region as the edit left it: its row updated in place (its local id stays: everything points at it), or a new row. */
export function upsertRegion(tx: Transaction, e: RegionEdit, id: number | undefined, parentId: number | null, at: number): number {
  const c = shapeColumns(e.geometry!);
  const shape = [JSON.stringify(e.geometry), ...c.bbox, ...c.centroid, c.areaM2];
  if (id !== undefined) {
    tx.run(
      `UPDATE regions SET parent_id = ?, level = ?, name = ?, geometry = ?, min_lng = ?, min_lat = ?, max_lng = ?, max_lat = ?,
         centroid_lng = ?, centroid_lat = ?, area_m2 = ?, households = coalesce(?, households), provenance = 'user', updated_at = ? WHERE id = ?`,
      [parentId, e.level, e.name, ...shape, e.households, at, id],
    );
    return id;
  }
  return tx.insert(
    `INSERT INTO regions (id, parent_id, level, code, name, geometry, min_lng, min_lat, max_lng, max_lat, centroid_lng, centroid_lat,
                          area_m2, households, provenance, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'user', ?, ?)`,
    [nextRegionId(tx), parentId, e.level, e.code, e.name, ...shape, e.households, at, at],
  );
}

/** Cases in the region to be deleted (they move to the absorbing region, each with a 'grid_moved' event). */
export function casesIn(tx: Reader, regionId: number): number[] {
  return tx.all<{ id: number }>('SELECT id FROM cases WHERE grid_id = ?', [regionId]).map((r) => r.id);
}

/** Whether duty is assigned on the region (a deletion with no absorber cannot move it: the region stays). */
export function hasDuty(tx: Reader, regionId: number): boolean {
  return tx.get('SELECT 1 AS x FROM duty_assignments WHERE region_id = ?', [regionId]) !== undefined;
}

/** Moves everything that points at the region to `into` (never deleting a case), then deletes the region. */
export function absorbRegion(tx: Transaction, regionId: number, into: number | null): void {
  tx.run('UPDATE cases SET grid_id = ? WHERE grid_id = ?', [into, regionId]);
  for (const [table, column] of REFS) tx.run(`UPDATE ${table} SET ${column} = ? WHERE ${column} = ?`, [into, regionId]);
  tx.run('UPDATE regions SET parent_id = ? WHERE parent_id = ?', [into, regionId]);
  tx.run('DELETE FROM regions WHERE id = ?', [regionId]);
}

/**
 * Cases that name one of these codes (just become known here) where it could not be resolved before:
 * an event whose patch kept the code aside (`~grid_id`, sync/portable.ts), or a base naming it for a
 * place the case still lacks. Replaying them puts them where the sender has them.
 */
export function casesNaming(tx: Reader, codes: readonly string[]): number[] {
  if (codes.length === 0) return [];
  const list = JSON.stringify(codes);
  const bases = tx.all<{ id: number }>(
    `SELECT b.case_id AS id FROM case_bases b JOIN cases c ON c.id = b.case_id
       WHERE (c.grid_id IS NULL OR c.community_id IS NULL OR c.street_id IS NULL)
         AND (json_extract(b.body, '$.row.grid_id') IN ${JSON_LIST} OR json_extract(b.body, '$.row.community_id') IN ${JSON_LIST}
           OR json_extract(b.body, '$.row.street_id') IN ${JSON_LIST})`,
    [list, list, list],
  ).map((r) => r.id);
  return unionIds(casesWithCodesAside(tx, codes), bases);
}

/** The parents of these regions (each once). */
export function parentIdsOf(tx: Reader, regionIds: readonly number[]): number[] {
  return tx.all<{ parentId: number }>(
    `SELECT DISTINCT parent_id AS "parentId" FROM regions WHERE id IN ${JSON_LIST} AND parent_id IS NOT NULL`, [JSON.stringify(regionIds)],
  ).map((r) => r.parentId);
}

/** A region and its children with their shapes: what a topology check of one parent reads. */
export function regionFamily(tx: Reader, parentId: number): TopologyRegion[] {
  return tx.all<{ id: number; name: string; level: RegionLevel; parentId: number | null; geometry: string }>(
    'SELECT id, name, level, parent_id AS "parentId", geometry FROM regions WHERE (id = ? OR parent_id = ?) AND geometry IS NOT NULL',
    [parentId, parentId],
  ).map((r) => ({ ...r, geometry: JSON.parse(r.geometry) as Geometry }));
}
