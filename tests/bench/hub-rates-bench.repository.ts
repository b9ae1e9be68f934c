// The hub-rates bench's own SQL: the demo's real places read from a workspace, and a city's year of
// cases generated set-based inside PostgreSQL.
import type { ClientBase } from 'pg';
import type { DurableDatabase } from '../../electron/services/db/durable-database';

export interface BenchGrid {
  street: string;
  community: string;
  grid: string;
  lng: number;
  lat: number;
}

/** Every grid of the workspace with its community's and street's codes. */
export function demoGrids(db: DurableDatabase): BenchGrid[] {
  return db.all<BenchGrid>(
    `SELECT s.code AS street, c.code AS community, g.code AS grid, g.centroid_lng AS lng, g.centroid_lat AS lat
     FROM regions g JOIN regions c ON c.id = g.parent_id JOIN regions s ON s.id = c.parent_id
     WHERE g.level = 'grid' ORDER BY g.code`,
  );
}

export function demoCategories(db: DurableDatabase): string[] {
  return db.all<{ code: string }>('SELECT code FROM categories WHERE level = 2 ORDER BY code').map((r) => r.code);
}

/**
 * Indexes the three-rates queries do not use. Dropped before the bulk load and not rebuilt: they
 * change neither query's plan or time, and building them on two shared cores would take the
 * bench's time budget.
 */
const UNUSED_BY_RATES = ['cases_community_month', 'cases_grid_month', 'cases_category_month', 'cases_case_no', 'cases_open', 'cases_street_month'];

export async function dropIndexesUnusedByRates(client: ClientBase): Promise<void> {
  for (const name of UNUSED_BY_RATES) await client.query(`DROP INDEX IF EXISTS ${name}`);
}

/**
 * `count` cases received between `fromIso` and the day before `toIso` (a Beijing midnight), inserted by one INSERT … SELECT
 * over generate_series with the hub's triggers off (as a restore would: on two shared cores the
 * per-row trigger cost would take the bench's time budget), then hub_rates_monthly rebuilt by
 * hub_rates_rebuild() (migration 002), and the heat's by hub_heat_rebuild() (migration 007). That the triggers keep them exact
 * is tested in hub-rates.test.ts and hub-heat.test.ts.
 * Places are skewed as events are in cities: each grid's weight is 1/rank^0.9 in a
 * random order, so a few grids hold much of the work. Hotline-like times and outcomes: 92 % answered
 * (some late), a response limit of 2–24 h on 90 %, older cases mostly closed, 60 % of closed ones
 * called back (satisfied 82 %, basically 12 %, unsatisfied 6 %; solved 94 %).
 */
export async function generateCases(
  client: ClientBase, grids: BenchGrid[], categories: string[], count: number, fromIso: string, toIso: string, seed: number,
): Promise<void> {
  await client.query('SELECT setseed($1)', [seed]);
  await client.query(
    `CREATE TEMP TABLE bench_places AS
     SELECT p.*, row_number() OVER (ORDER BY random()) AS rank
     FROM json_to_recordset($1::json) AS p(street text, community text, grid text, lng float8, lat float8)`,
    [JSON.stringify(grids)],
  );
  // A lookup of 20,000 slots filled in proportion to the weights: one random slot picks a grid.
  await client.query(
    `CREATE TEMP TABLE bench_slots AS
     WITH w AS (SELECT *, (1 / rank ^ 0.9) / sum(1 / rank ^ 0.9) OVER () AS share FROM bench_places),
     c AS (SELECT *, sum(share) OVER (ORDER BY rank) AS hi FROM w)
     SELECT s AS slot, c.street, c.community, c.grid, c.lng, c.lat
     FROM c, generate_series(round((c.hi - c.share) * 20000)::int, round(c.hi * 20000)::int - 1) s`,
  );
  await client.query('CREATE UNIQUE INDEX ON bench_slots (slot)');
  await client.query('ALTER TABLE cases DISABLE TRIGGER USER');
  await client.query(
    `INSERT INTO cases (uid, case_no, source, status, category_code, street_code, community_code, grid_code, lng, lat, received_at,
                        response_due_at, responded_at, handling_due_at, closed_at, solved, satisfaction, hlc)
     SELECT 'bench:c' || n, 'DC' || n, src, CASE WHEN closed THEN 'closed' ELSE 'in_progress' END, cats[1 + (n % ncat)],
            s.street, s.community, s.grid, s.lng + (random() - 0.5) * 0.002, s.lat + (random() - 0.5) * 0.002, received,
            due, CASE WHEN answer < 0.92 THEN received + (due - received) * answer * 1.15 END,
            received + interval '5 days', CASE WHEN closed THEN received + interval '1 hour' * (2 + random() * 90) END,
            CASE WHEN closed AND called THEN random() < 0.94 END,
            CASE WHEN closed AND called THEN CASE WHEN mood < 0.82 THEN 'satisfied' WHEN mood < 0.94 THEN 'basically_satisfied' ELSE 'unsatisfied' END END,
            lpad((extract(epoch FROM received) * 1000)::bigint::text, 13, '0') || '-0000'
     FROM (
       SELECT n, $1::text[] AS cats, cardinality($1::text[]) AS ncat,
              CASE WHEN n % 10 < 6 THEN 'hotline' WHEN n % 10 < 9 THEN 'patrol' ELSE 'self' END AS src,
              -- Days spread over the year (the last day left out, so that all are before the end), hours in the working day.
              $2::timestamptz + ($3::timestamptz - interval '1 day' - $2::timestamptz) * random() AS raw, random() AS answer, random() AS mood,
              random() < 0.6 AS called, (random() * 20000)::int % 20000 AS slot, random() AS r
       FROM generate_series(1, $4::int) n
       OFFSET 0) g -- a fence: each random value drawn once per case, however often it is used
     CROSS JOIN LATERAL (
       SELECT date_trunc('day', g.raw AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'
                + interval '1 hour' * (8 + 12 * g.r) AS received) t
     CROSS JOIN LATERAL (
       SELECT CASE WHEN g.n % 10 <> 9 THEN t.received + interval '1 hour' * (2 + (g.n % 23)) END AS due,
              t.received < $3::timestamptz - interval '10 days' OR g.r < 0.5 AS closed) d
     JOIN bench_slots s ON s.slot = g.slot`,
    [categories, fromIso, toIso, count],
  );
  await client.query('ALTER TABLE cases ENABLE TRIGGER USER');
  await client.query('SELECT hub_rates_rebuild()');
  await client.query('SELECT hub_heat_rebuild()');
}

/** Vacuum and statistics after the load, as autovacuum would have left a hub that has been running. */
export async function settle(client: ClientBase): Promise<void> {
  await client.query('VACUUM (ANALYZE) cases');
  await client.query('VACUUM (ANALYZE) hub_rates_monthly');
  await client.query('VACUUM (ANALYZE) hub_heat_monthly');
  await client.query('VACUUM (ANALYZE) hub_heat_category_monthly');
}

export async function caseCount(client: ClientBase): Promise<number> {
  return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM cases')).rows[0]!.n);
}
