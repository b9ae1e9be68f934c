import type { Geometry, RegionLevel } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';
import { logLocalEdits, loggedCodes, provisionalCode, type DeletedRegion } from './region-edits.repository';

export interface RegionGeoRow {
  id: number;
  parentId: number | null;
  level: RegionLevel;
  code: string;
  name: string;
  geometry: Geometry;
  minLat: number | null;
  maxLat: number | null;
  centroidLng: number | null;
  centroidLat: number | null;
}

export interface NewRegion {
  parentId: number | null;
  level: RegionLevel;
  code: string;
  name: string;
  geometry: Geometry;
  bbox: [number, number, number, number];
  centroid: [number, number];
  areaM2: number;
}

export interface ImportBatchRow {
  fileName: string;
  sha256: string;
  mapping: string;
  total: number;
  inserted: number;
  updated: number;
  refused: number;
  at: number;
}

export interface DutyRow {
  staffId: number;
  name: string;
  role: string;
  phone: string | null;
  duty: string;
  regionId: number | null;
  streetLineName: string | null;
}

/** SQL of grids: region geometry, imports, codes and the region panel's counts. */
export class GridRepository {
  constructor(private readonly db: DurableDatabase) {}

  regions(levels?: RegionLevel[]): RegionGeoRow[] {
    const where = levels?.length ? `WHERE level IN (${levels.map(() => '?').join(',')}) AND geometry IS NOT NULL` : 'WHERE geometry IS NOT NULL';
    return this.db
      .all<Omit<RegionGeoRow, 'geometry'> & { geometry: string }>(
        `SELECT id, parent_id AS "parentId", level, code, name, geometry, min_lat AS "minLat", max_lat AS "maxLat",
                centroid_lng AS "centroidLng", centroid_lat AS "centroidLat"
         FROM regions ${where} ORDER BY id`,
        levels ?? [],
      )
      .map((row) => ({ ...row, geometry: JSON.parse(row.geometry) as Geometry }));
  }

  /** The shaped regions of one level under one parent (null: those without a parent), for edits' checks. */
  childrenOf(parentId: number | null, level: RegionLevel): RegionGeoRow[] {
    return this.db
      .all<Omit<RegionGeoRow, 'geometry'> & { geometry: string }>(
        `SELECT id, parent_id AS "parentId", level, code, name, geometry, min_lat AS "minLat", max_lat AS "maxLat",
                centroid_lng AS "centroidLng", centroid_lat AS "centroidLat"
         FROM regions WHERE level = ? AND geometry IS NOT NULL AND ${parentId === null ? 'parent_id IS NULL' : 'parent_id = ?'} ORDER BY id`,
        parentId === null ? [level] : [level, parentId],
      )
      .map((row) => ({ ...row, geometry: JSON.parse(row.geometry) as Geometry }));
  }

  /** Every region (with or without shape) for code planning. */
  codeRows(): Omit<RegionGeoRow, 'geometry'>[] {
    return this.db.all(
      `SELECT id, parent_id AS "parentId", level, code, name, min_lat AS "minLat", max_lat AS "maxLat",
              centroid_lng AS "centroidLng", centroid_lat AS "centroidLat"
       FROM regions ORDER BY id`,
    );
  }

  byCode(code: string): { id: number; level: RegionLevel } | undefined {
    return this.db.get('SELECT id, level FROM regions WHERE code = ?', [code]);
  }

  /** Writes one import (new and updated regions, the batch record) as one transaction. */
  /** A code for an imported region the file gives none (region-edits.repository provisionalCode). */
  provisionalCode(parentCode: string, used: ReadonlySet<string>): string {
    return provisionalCode(this.db, parentCode, used);
  }

  /** Inserts and reshapes the imported regions and logs them as region edits, so the other desks get them as they get drawn grids. */
  commitImport(batch: ImportBatchRow, inserts: NewRegion[], updates: (NewRegion & { id: number })[]): { batchId: number; ids: number[] } {
    return this.db.transaction((tx) => {
      const batchId = tx.insert(
        `INSERT INTO import_batches (kind, file_name, file_sha256, mapping, status, rows_total, rows_inserted, rows_updated,
                                     rows_unchanged, rows_refused, started_at, committed_at)
         VALUES ('grids', ?, ?, ?, 'committed', ?, ?, ?, 0, ?, ?, ?)`,
        [batch.fileName, batch.sha256, batch.mapping, batch.total, batch.inserted, batch.updated, batch.refused, batch.at, batch.at],
      );
      const ids: number[] = [];
      for (const r of inserts) {
        ids.push(
          tx.insert(
            `INSERT INTO regions (parent_id, level, code, name, geometry, min_lng, min_lat, max_lng, max_lat,
                                  centroid_lng, centroid_lat, area_m2, provenance, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'imported', ?, ?)`,
            [r.parentId, r.level, r.code, r.name, JSON.stringify(r.geometry), ...r.bbox, ...r.centroid, r.areaM2, batch.at, batch.at],
          ),
        );
      }
      for (const r of updates) {
        tx.run(
          `UPDATE regions SET parent_id = ?, name = ?, geometry = ?, min_lng = ?, min_lat = ?, max_lng = ?, max_lat = ?,
                              centroid_lng = ?, centroid_lat = ?, area_m2 = ?, provenance = 'imported', updated_at = ?
           WHERE id = ?`,
          [r.parentId, r.name, JSON.stringify(r.geometry), ...r.bbox, ...r.centroid, r.areaM2, batch.at, r.id],
        );
        ids.push(r.id);
      }
      logLocalEdits(tx, ids, [], batch.at);
      return { batchId, ids };
    });
  }

  /**
   * Renames codes in one transaction; via temporary codes because `code` is UNIQUE and codes may swap.
   * `travelling`: the renamed regions other desks can follow (GridService.regenerateCodes decides),
   * each with its old code, logged as the region under its new code and the old code deleted into it.
   */
  updateCodes(changes: Map<number, { to: string }>, travelling: readonly DeletedRegion[], at: number): void {
    if (!changes.size) return;
    this.db.transaction((tx) => {
      for (const id of changes.keys()) tx.run('UPDATE regions SET code = ? WHERE id = ?', [`~renumber~${id}`, id]);
      for (const [id, { to }] of changes) tx.run('UPDATE regions SET code = ?, updated_at = ? WHERE id = ?', [to, at, id]);
      logLocalEdits(tx, travelling.map((r) => r.id), travelling, at);
    });
  }

  /** Whether other desks hold this desk's regions: a peer, a hub, or a region edit received from elsewhere. */
  sharesRegions(): boolean {
    return this.db.get(
      `SELECT 1 AS x WHERE EXISTS (SELECT 1 FROM exchange_peers) OR EXISTS (SELECT 1 FROM settings WHERE key = 'hub.link')
         OR EXISTS (SELECT 1 FROM region_edits WHERE received = 1)`,
    ) !== undefined;
  }

  /** Codes the region edit log names (never handed out again by a renumbering). */
  loggedCodes(): Set<string> {
    return loggedCodes(this.db);
  }

  /** Staff on duty now in a region (grid workers on it, chiefs on street lines of its street). */
  dutyIn(regionIds: number[], now: number): DutyRow[] {
    if (!regionIds.length) return [];
    const marks = regionIds.map(() => '?').join(',');
    return this.db.all<DutyRow>(
      `SELECT s.id AS "staffId", s.name, s.role, s.phone, d.duty, d.region_id AS "regionId", l.name AS "streetLineName"
       FROM duty_assignments d JOIN staff s ON s.id = d.staff_id
       LEFT JOIN street_lines l ON l.id = d.street_line_id
       WHERE (d.region_id IN (${marks}) OR l.street_id IN (${marks}))
         AND d.since <= ? AND (d.until IS NULL OR d.until > ?) AND s.active = 1
       ORDER BY d.duty, s.name`,
      [...regionIds, ...regionIds, now, now],
    );
  }

  /** Grid ids with somebody on duty now. */
  staffedGridIds(now: number): Set<number> {
    return new Set(
      this.db
        .all<{ id: number }>(
          `SELECT DISTINCT d.region_id AS id FROM duty_assignments d JOIN staff s ON s.id = d.staff_id
           WHERE d.region_id IS NOT NULL AND d.since <= ? AND (d.until IS NULL OR d.until > ?) AND s.active = 1`,
          [now, now],
        )
        .map((r) => r.id),
    );
  }

  /** Open and overdue cases of a region (by the case's grid, community or street). */
  /** Open and overdue cases in a region (the whole district for a district). */
  openCounts(level: RegionLevel, id: number, now: number): { open: number; overdue: number } {
    const column = level === 'grid' ? 'grid_id' : level === 'community' ? 'community_id' : level === 'street' ? 'street_id' : null;
    const where = column ? `${column} = ?` : '1 = 1';
    return this.db.get<{ open: number; overdue: number }>(
      `SELECT count(*) AS open, coalesce(sum(CASE WHEN handling_due_at < ? THEN 1 ELSE 0 END), 0) AS overdue
       FROM cases WHERE ${where} AND status NOT IN ('closed') AND merged_into_id IS NULL`,
      [now, ...(column ? [id] : [])],
    )!;
  }

  /** The latest case time, so the demo's "now" is its own last day rather than today. */
  latestCaseAt(): number | null {
    return this.db.get<{ at: number | null }>('SELECT max(received_at) AS at FROM cases')?.at ?? null;
  }
}
