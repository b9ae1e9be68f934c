import type { Scope } from '../auth/scope';
import { scopeClause } from '../auth/scope.repository';
import type { DurableDatabase } from '../db/durable-database';

export interface RegionHitRow {
  id: number;
  level: 'district' | 'street' | 'community' | 'grid';
  code: string;
  name: string;
  parentName: string | null;
  minLng: number | null;
  minLat: number | null;
  maxLng: number | null;
  maxLat: number | null;
}

export interface AddressHitRow {
  id: number;
  address: string;
  n: number;
  lng: number;
  lat: number;
}

/** LIKE pattern pieces with % and _ taken literally (ESCAPE '\'). */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const REGION_COLUMNS = `r.id, r.level, r.code, r.name, p.name AS "parentName", r.min_lng AS "minLng", r.min_lat AS "minLat",
  r.max_lng AS "maxLng", r.max_lat AS "maxLat"`;
const LEVEL_ORDER = `CASE r.level WHEN 'grid' THEN 0 WHEN 'community' THEN 1 WHEN 'street' THEN 2 ELSE 3 END`;

export class MapSearchRepository {
  constructor(private readonly db: DurableDatabase) {}

  /** Regions whose code starts with the digits, shortest code first (a street before its grids). */
  regionsByCode(prefix: string, limit: number): RegionHitRow[] {
    return this.db.all<RegionHitRow>(
      `SELECT ${REGION_COLUMNS} FROM regions r LEFT JOIN regions p ON p.id = r.parent_id
       WHERE r.code LIKE ? ESCAPE '\\' ORDER BY length(r.code), r.code LIMIT ?`,
      [`${escapeLike(prefix)}%`, limit],
    );
  }

  /** Regions whose name contains the text: exact and leading matches first, then grids before larger units. */
  regionsByName(text: string, limit: number): RegionHitRow[] {
    return this.db.all<RegionHitRow>(
      `SELECT ${REGION_COLUMNS} FROM regions r LEFT JOIN regions p ON p.id = r.parent_id
       WHERE r.name LIKE ? ESCAPE '\\'
       ORDER BY (r.name = ?) DESC, (r.name LIKE ? ESCAPE '\\') DESC, ${LEVEL_ORDER}, length(r.name), r.id LIMIT ?`,
      [`%${escapeLike(text)}%`, text, `${escapeLike(text)}%`, limit],
    );
  }

  /** Distinct case addresses containing the text, with where their cases are (mean position). */
  addresses(text: string, limit: number, scope: Scope): AddressHitRow[] {
    const inScope = scopeClause(scope);
    return this.db.all<AddressHitRow>(
      `SELECT min(id) AS id, address, count(*) AS n, avg(lng) AS lng, avg(lat) AS lat FROM cases c
       WHERE address LIKE ? ESCAPE '\\' AND lng IS NOT NULL AND lat IS NOT NULL AND ${inScope.sql}
       GROUP BY address ORDER BY n DESC, address LIMIT ?`,
      [`%${escapeLike(text)}%`, ...inScope.params, limit],
    );
  }
}
