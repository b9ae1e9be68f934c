import type { RegionLevel, RegionNode, RegionShape } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';

export class RegionRepository {
  constructor(private readonly db: DurableDatabase) {}

  tree(): RegionNode[] {
    const rows = this.db.all<{
      id: number; parentId: number | null; level: RegionLevel; code: string; name: string;
      households: number | null; lng: number | null; lat: number | null;
    }>(`SELECT id, parent_id AS "parentId", level, code, name, households, centroid_lng AS lng, centroid_lat AS lat
        FROM regions
        ORDER BY CASE level WHEN 'district' THEN 0 WHEN 'street' THEN 1 WHEN 'community' THEN 2 ELSE 3 END, code`);
    return rows.map(({ lng, lat, ...row }) => ({ ...row, centroid: lng !== null && lat !== null ? [lng, lat] : null }));
  }

  /** Grids whose bounding box holds the point, with their parents, for an exact test by the caller. */
  gridsAround(lng: number, lat: number): { id: number; communityId: number | null; streetId: number | null; geometry: string }[] {
    return this.db.all(
      `SELECT g.id, g.parent_id AS "communityId", c.parent_id AS "streetId", g.geometry
       FROM regions g LEFT JOIN regions c ON c.id = g.parent_id
       WHERE g.level = 'grid' AND g.geometry IS NOT NULL
         AND ? BETWEEN g.min_lng AND g.max_lng AND ? BETWEEN g.min_lat AND g.max_lat`,
      [lng, lat],
    );
  }

  shapes(level: RegionLevel): RegionShape[] {
    return this.db
      .all<{ id: number; parentId: number | null; level: RegionLevel; code: string; name: string; geometry: string }>(
        `SELECT id, parent_id AS "parentId", level, code, name, geometry
         FROM regions WHERE level = ? AND geometry IS NOT NULL ORDER BY code`,
        [level],
      )
      .map((row) => ({ ...row, geometry: JSON.parse(row.geometry) as RegionShape['geometry'] }));
  }
}
