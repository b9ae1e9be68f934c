// The hub's heat SQL (PostgreSQL): cases per 0.0005° cell from the aggregates of migration 007, and
// the same counts straight from the case rows, the reference they must equal (and the way to a
// heat limited by source or by a department's cases, which the aggregates do not keep). Plus the desk's lookups that turn a
// local filter (category and area ids) into the codes the hub knows.
import type { ClientBase } from 'pg';
import type { DurableDatabase } from '../db/durable-database';
import type { HubScope } from './hub.repository';

/** Degrees per cell: hub_heat_cell() in migration 007. */
export const HUB_HEAT_CELLS_PER_DEGREE = 2000;

export interface HubHeatQuery {
  /** First and last Beijing month ('YYYY-MM'), both included; every month when absent. */
  fromMonth?: string;
  toMonth?: string;
  /** Category codes (a minor class, or a major class's minor classes); every category when absent. */
  categories?: readonly string[];
  sources?: readonly string[];
  /** One place: a street, community or grid code, or a district's code prefix (its streets). */
  area?: { level: 'district' | 'street' | 'community' | 'grid'; code: string };
  /** The reader's places; undefined for every case. */
  scope?: HubScope;
}

/** Cases in one cell: cell_x = floor(lng · 2000), cell_y = floor(lat · 2000). */
export interface HubHeatCell {
  x: number;
  y: number;
  cases: number;
}

/** The clauses both readers share (the column names are the same in the aggregates and in `cases`). */
function placeClauses(q: HubHeatQuery, param: (value: unknown) => string, rows: 'aggregate' | 'cases'): string[] {
  const clauses: string[] = [];
  if (q.area) {
    const column = q.area.level === 'district' ? 'street_code' : `${q.area.level}_code`;
    clauses.push(q.area.level === 'district' ? `${column} LIKE ${param(`${q.area.code}%`)}` : `${column} = ${param(q.area.code)}`);
  }
  if (q.scope) {
    // A department's cases are known by uid (hub_case_departments, migration 006): case rows only.
    const departments = rows === 'cases' ? `OR uid IN (SELECT d.uid FROM hub_case_departments d WHERE d.department_code = ANY(${param(q.scope.departments ?? [])}::text[]))` : '';
    clauses.push(`(street_code = ANY(${param(q.scope.streets ?? [])}::text[]) OR community_code = ANY(${param(q.scope.communities ?? [])}::text[])
      OR grid_code = ANY(${param(q.scope.grids ?? [])}::text[]) ${departments})`);
  }
  return clauses;
}

function builder() {
  const params: unknown[] = [];
  return { params, param: (value: unknown) => (params.push(value), `$${params.length}`) };
}

function cells(rows: { x: number; y: number; n: string }[]): HubHeatCell[] {
  return rows.map((r) => ({ x: r.x, y: r.y, cases: Number(r.n) }));
}

/** Whether the aggregates can answer: they keep places, months and categories, not sources or departments. */
export function answersFromAggregate(q: HubHeatQuery): boolean {
  return !q.sources?.length && !q.scope?.departments?.length;
}

/** From the aggregates: the category table when categories are asked for, else the plain one. */
export async function heatCellsFromAggregate(client: ClientBase, q: HubHeatQuery): Promise<HubHeatCell[]> {
  if (!answersFromAggregate(q)) throw new Error('The heat aggregates keep no sources and no departments: read the case rows');
  const { params, param } = builder();
  const clauses = placeClauses(q, param, 'aggregate');
  if (q.fromMonth) clauses.push(`month >= ${param(`${q.fromMonth}-01`)}::date`);
  if (q.toMonth) clauses.push(`month <= ${param(`${q.toMonth}-01`)}::date`);
  if (q.categories) clauses.push(`category_code = ANY(${param(q.categories)}::text[])`);
  const table = q.categories ? 'hub_heat_category_monthly' : 'hub_heat_monthly';
  const result = await client.query<{ x: number; y: number; n: string }>(
    `SELECT cell_x AS x, cell_y AS y, sum(cases) AS n FROM ${table}
     ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
     GROUP BY cell_x, cell_y HAVING sum(cases) > 0 ORDER BY cell_y, cell_x`,
    params,
  );
  return cells(result.rows);
}

/** The same counts from the raw case rows (merged duplicates left out, as the aggregates do). */
export async function heatCellsFromCases(client: ClientBase, q: HubHeatQuery): Promise<HubHeatCell[]> {
  const { params, param } = builder();
  const clauses = ['NOT merged', 'hub_heat_mappable(lng, lat)', ...placeClauses(q, param, 'cases')];
  if (q.fromMonth) clauses.push(`received_at >= (${param(`${q.fromMonth}-01`)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (q.toMonth) clauses.push(`received_at < ((${param(`${q.toMonth}-01`)}::date + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (q.categories) clauses.push(`category_code = ANY(${param(q.categories)}::text[])`);
  if (q.sources?.length) clauses.push(`source = ANY(${param(q.sources)}::text[])`);
  const result = await client.query<{ x: number; y: number; n: string }>(
    `SELECT hub_heat_cell(lng) AS x, hub_heat_cell(lat) AS y, count(*) AS n FROM cases
     WHERE ${clauses.join(' AND ')}
     GROUP BY 1, 2 ORDER BY 2, 1`,
    params,
  );
  return cells(result.rows);
}

/** The desk's ids as the hub's codes. */
export class HubHeatCodesRepository {
  constructor(private readonly db: DurableDatabase) {}

  /** A category's code, with its minor classes' codes when it is a major class (as the desk's filter counts it). */
  categoryCodes(categoryId: number): string[] {
    return this.db.all<{ code: string }>('SELECT code FROM categories WHERE id = ? OR parent_id = ? ORDER BY code', [categoryId, categoryId])
      .map((r) => r.code);
  }

  region(regionId: number): { level: 'district' | 'street' | 'community' | 'grid'; code: string } | undefined {
    return this.db.get<{ level: 'district' | 'street' | 'community' | 'grid'; code: string }>(
      'SELECT level, code FROM regions WHERE id = ?', [regionId],
    );
  }

  /** This desk's regions' extent (lng/lat), the frame of an empty heat. */
  extent(): [number, number, number, number] {
    const box = this.db.get<{ a: number | null; b: number; c: number; d: number }>(
      'SELECT min(min_lng) AS a, min(min_lat) AS b, max(max_lng) AS c, max(max_lat) AS d FROM regions WHERE min_lng IS NOT NULL',
    );
    return box && box.a !== null ? [box.a, box.b, box.c, box.d] : [116.3, 39.85, 116.5, 40];
  }
}
