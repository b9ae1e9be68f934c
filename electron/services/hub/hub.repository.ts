// All the hub's SQL (PostgreSQL, through the official `pg` client). Parameterised ($1…), the
// migrations' own text aside.
import type { ClientBase } from 'pg';

// pg_advisory_xact_lock(class, id): one class for GridDesk, one id per kind of serialised work.
const LOCK_CLASS = 20261204;
const LOCK_MIGRATE = 1;
const LOCK_PUSH = 2;

export async function inTransaction<T>(client: ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Inside a transaction: waits for any other migrating workstation (two may run init at once). */
export async function lockMigrations(client: ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, LOCK_MIGRATE]);
}

export async function ensureVersionTable(client: ClientBase): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS hub_schema_version (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    applied_at  timestamptz NOT NULL
  )`);
}

/** The newest applied migration, 0 for a database without the hub schema. */
export async function readHubVersion(client: ClientBase): Promise<number> {
  const exists = await client.query<{ present: boolean }>("SELECT to_regclass('hub_schema_version') IS NOT NULL AS present");
  if (!exists.rows[0]?.present) return 0;
  const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM hub_schema_version');
  return Number(result.rows[0]?.version ?? 0);
}

/** A migration's script: several statements, sent as one simple query (no parameters). */
export async function runMigrationScript(client: ClientBase, sql: string): Promise<void> {
  await client.query(sql);
}

export async function recordVersion(client: ClientBase, version: number, name: string, appliedAt: Date): Promise<void> {
  await client.query('INSERT INTO hub_schema_version (version, name, applied_at) VALUES ($1, $2, $3)', [version, name, appliedAt]);
}

/** The PostGIS version when the extension is installed in this database, else null. */
export async function postgisVersion(client: ClientBase): Promise<string | null> {
  const result = await client.query<{ extversion: string }>("SELECT extversion FROM pg_extension WHERE extname = 'postgis'");
  return result.rows[0]?.extversion ?? null;
}

/** Whether cases carry PostGIS's geography column (hub migrations/postgis.sql). */
export async function hasGeography(client: ClientBase): Promise<boolean> {
  const result = await client.query(
    "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'cases' AND column_name = 'geog'",
  );
  return result.rowCount === 1;
}

export interface HubCounts {
  workspaces: number;
  changes: number;
  /** The pull cursor's high-water mark (0 on an empty hub). */
  lastSeq: number;
  cases: number;
}

export async function hubCounts(client: ClientBase): Promise<HubCounts> {
  const result = await client.query<{ workspaces: string; changes: string; last_seq: string; cases: string }>(
    `SELECT (SELECT count(*) FROM workspaces) AS workspaces,
            (SELECT count(*) FROM changes) AS changes,
            (SELECT coalesce(max(seq), 0) FROM changes) AS last_seq,
            (SELECT count(*) FROM cases) AS cases`,
  );
  const row = result.rows[0];
  return { workspaces: Number(row.workspaces), changes: Number(row.changes), lastSeq: Number(row.last_seq), cases: Number(row.cases) };
}

export interface HubWorkspace {
  id: string;
  name: string;
  publicKey: string | null;
  firstSeen: Date;
}

/** Names a workspace once; a second registration keeps the first. Returns whether it was new. */
export async function registerWorkspace(client: ClientBase, workspace: HubWorkspace): Promise<boolean> {
  const result = await client.query(
    'INSERT INTO workspaces (id, name, public_key, first_seen) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
    [workspace.id, workspace.name, workspace.publicKey, workspace.firstSeen],
  );
  return result.rowCount === 1;
}

export interface HubChange {
  changeId: string;
  hlc: string;
  origin: string;
  kind: string;
  /** The entity the change is about, e.g. a case uid. */
  entity: string;
  streetCode: string | null;
  communityCode: string | null;
  gridCode: string | null;
  payload: unknown;
  /** Department codes the change names (hub-changes.ts departmentsNamed): the cases each department has been given. */
  departments?: readonly string[];
}

export interface StoredChange extends HubChange {
  seq: number;
}

/**
 * Appends changes; one already on the hub (same change_id) is skipped, so a push repeated after a
 * dropped connection applies each change exactly once. Returns how many were new. Pushes take one
 * lock for their transaction so that seq values become visible in order: a puller reading
 * "seq > cursor" can never see 12 committed while 11 is still in flight and then skip 11.
 * Call inside inTransaction().
 */
export async function insertChanges(client: ClientBase, changes: HubChange[]): Promise<number> {
  return (await insertNewChanges(client, changes)).length;
}

/** As insertChanges, returning the ids of the changes the hub did not have (what a push may fold from memory). */
export async function insertNewChanges(client: ClientBase, changes: HubChange[]): Promise<string[]> {
  if (changes.length === 0) return [];
  await lockPushes(client);
  return insertChangeRows(client, changes);
}

/** Inside a transaction: the lock insertNewChanges takes, for a caller that then inserts with insertChangeRows. */
export async function lockPushes(client: ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, LOCK_PUSH]);
}

/**
 * insertNewChanges after lockPushes: one query, sent at once (nothing awaited before it), so the
 * hub works on it while the caller prepares the next batch.
 */
export function insertChangeRows(client: ClientBase, changes: HubChange[]): Promise<string[]> {
  // One JSON document per batch: PostgreSQL parses it faster than node-pg's nine quoted array literals.
  const batch = changes.map((c) => ({
    change_id: c.changeId, hlc: c.hlc, origin: c.origin, kind: c.kind, entity: c.entity,
    street_code: c.streetCode, community_code: c.communityCode, grid_code: c.gridCode, payload: c.payload,
    departments: c.departments?.length ? c.departments : null,
  }));
  // The changes new to the hub, and in the same statement the departments they give their cases to
  // (hub migration 006): each membership from the first change that named it.
  return client.query(
    `WITH batch AS (
       SELECT * FROM ROWS FROM (json_to_recordset($1::json) AS (change_id text, hlc text, origin text, kind text, entity text,
                                                               street_code text, community_code text, grid_code text, payload jsonb,
                                                               departments text[]))
              WITH ORDINALITY AS b(change_id, hlc, origin, kind, entity, street_code, community_code, grid_code, payload, departments, position)),
     inserted AS (
       INSERT INTO changes (change_id, hlc, origin, kind, entity, street_code, community_code, grid_code, payload)
       SELECT change_id, hlc, origin, kind, entity, street_code, community_code, grid_code, payload FROM batch
       ORDER BY position
       ON CONFLICT (change_id) DO NOTHING
       RETURNING change_id, seq, entity),
     joined AS (
       INSERT INTO hub_case_departments (department_code, uid, joined_seq)
       SELECT d.code, i.entity, min(i.seq) FROM inserted i JOIN batch b USING (change_id), unnest(b.departments) AS d(code)
       WHERE b.departments IS NOT NULL
       GROUP BY d.code, i.entity
       ON CONFLICT (department_code, uid) DO NOTHING)
     SELECT change_id FROM inserted`,
    [JSON.stringify(batch)],
  ).then((result) => result.rows.map((r: { change_id: string }) => r.change_id));
}

/**
 * What a pull or a reader is limited to: a change matches when any of its three region codes is
 * listed, or when its case has been given to one of the departments (hub_case_departments).
 */
export interface HubScope {
  streets?: readonly string[];
  communities?: readonly string[];
  grids?: readonly string[];
  /** Department codes: the cases each has led or been summoned to by whistle. */
  departments?: readonly string[];
}

export type ChangeRow = {
  change_id: string; seq: string; hlc: string; origin: string; kind: string; entity: string;
  street_code: string | null; community_code: string | null; grid_code: string | null; payload: unknown;
};
export const CHANGE_COLUMNS = 'change_id, seq, hlc, origin, kind, entity, street_code, community_code, grid_code, payload';

export function storedChange(row: ChangeRow): StoredChange {
  return {
    changeId: row.change_id, seq: Number(row.seq), hlc: row.hlc, origin: row.origin, kind: row.kind, entity: row.entity,
    streetCode: row.street_code, communityCode: row.community_code, gridCode: row.grid_code, payload: row.payload,
  };
}

/** Changes after a pull cursor and up to `upTo`, oldest first; with a scope, only those in it. */
export async function changesAfter(client: ClientBase, afterSeq: number, limit: number, scope?: HubScope, upTo = Number.MAX_SAFE_INTEGER): Promise<StoredChange[]> {
  if (!scope) {
    const result = await client.query<ChangeRow>(
      `SELECT ${CHANGE_COLUMNS} FROM changes WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2`, [afterSeq, limit, upTo],
    );
    return result.rows.map(storedChange);
  }
  // Index range scans (changes_*_seq) merged, rather than one OR that walks every seq.
  const result = await client.query<ChangeRow>(
    `SELECT ${CHANGE_COLUMNS} FROM changes WHERE change_id IN (
       (SELECT change_id FROM changes WHERE street_code = ANY($2::text[]) AND seq > $1 AND seq <= $7 ORDER BY seq LIMIT $5)
       UNION (SELECT change_id FROM changes WHERE community_code = ANY($3::text[]) AND seq > $1 AND seq <= $7 ORDER BY seq LIMIT $5)
       UNION (SELECT change_id FROM changes WHERE grid_code = ANY($4::text[]) AND seq > $1 AND seq <= $7 ORDER BY seq LIMIT $5)
       UNION (SELECT c.change_id FROM changes c
              WHERE c.seq > $1 AND c.seq <= $7 AND cardinality($6::text[]) > 0
                AND EXISTS (SELECT 1 FROM hub_case_departments d WHERE d.uid = c.entity AND d.department_code = ANY($6::text[]))
              ORDER BY c.seq LIMIT $5))
     ORDER BY seq LIMIT $5`,
    [afterSeq, scope.streets ?? [], scope.communities ?? [], scope.grids ?? [], limit, scope.departments ?? [], upTo],
  );
  return result.rows.map(storedChange);
}

/** The changes with these ids (e.g. the bases of cases a scoped page has events for). */
export async function changesByIds(client: ClientBase, ids: readonly string[]): Promise<StoredChange[]> {
  if (ids.length === 0) return [];
  const result = await client.query<ChangeRow>(`SELECT ${CHANGE_COLUMNS} FROM changes WHERE change_id = ANY($1::text[]) ORDER BY seq`, [ids]);
  return result.rows.map(storedChange);
}

/** Which changes the hub holds about these entities (case uids): ids only, no bodies. */
export async function changeIdsOfEntities(client: ClientBase, entities: readonly string[]): Promise<{ changeId: string; entity: string }[]> {
  if (entities.length === 0) return [];
  const result = await client.query<{ change_id: string; entity: string }>(
    'SELECT change_id, entity FROM changes WHERE entity = ANY($1::text[])', [entities],
  );
  return result.rows.map((r) => ({ changeId: r.change_id, entity: r.entity }));
}

/** A case row as the hub's `cases` table holds it; times in epoch milliseconds. */
export interface HubCaseRow {
  uid: string;
  caseNo: string;
  source: string | null;
  status: string;
  categoryCode: string | null;
  streetCode: string | null;
  communityCode: string | null;
  gridCode: string | null;
  lng: number | null;
  lat: number | null;
  receivedAt: number;
  responseDueAt: number | null;
  respondedAt: number | null;
  handlingDueAt: number | null;
  closedAt: number | null;
  solved: boolean | null;
  satisfaction: string | null;
  syncConflict: boolean;
  hlc: string;
}

/** Writes the materialised rows of these cases (each computed from all of its changes on the hub). */
export async function upsertCases(client: ClientBase, rows: readonly HubCaseRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof HubCaseRow>(key: K) => rows.map((row) => row[key]);
  await client.query(
    `INSERT INTO cases (uid, case_no, source, status, category_code, street_code, community_code, grid_code, lng, lat, received_at,
                        response_due_at, responded_at, handling_due_at, closed_at, solved, satisfaction, sync_conflict, hlc)
     SELECT uid, case_no, source, status, category_code, street_code, community_code, grid_code, lng, lat, to_timestamp(received_at / 1000.0),
            to_timestamp(response_due_at / 1000.0), to_timestamp(responded_at / 1000.0), to_timestamp(handling_due_at / 1000.0),
            to_timestamp(closed_at / 1000.0), solved, satisfaction, sync_conflict, hlc
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::float8[],
                 $11::float8[], $12::float8[], $13::float8[], $14::float8[], $15::float8[], $16::boolean[], $17::text[], $18::boolean[], $19::text[])
          AS r(uid, case_no, source, status, category_code, street_code, community_code, grid_code, lng, lat, received_at,
               response_due_at, responded_at, handling_due_at, closed_at, solved, satisfaction, sync_conflict, hlc)
     ON CONFLICT (uid) DO UPDATE SET case_no = excluded.case_no, source = excluded.source, status = excluded.status,
       category_code = excluded.category_code, street_code = excluded.street_code, community_code = excluded.community_code,
       grid_code = excluded.grid_code, lng = excluded.lng, lat = excluded.lat, received_at = excluded.received_at,
       response_due_at = excluded.response_due_at, responded_at = excluded.responded_at, handling_due_at = excluded.handling_due_at,
       closed_at = excluded.closed_at, solved = excluded.solved, satisfaction = excluded.satisfaction,
       sync_conflict = excluded.sync_conflict, hlc = excluded.hlc`,
    [
      column('uid'), column('caseNo'), column('source'), column('status'), column('categoryCode'), column('streetCode'),
      column('communityCode'), column('gridCode'), column('lng'), column('lat'), column('receivedAt'), column('responseDueAt'),
      column('respondedAt'), column('handlingDueAt'), column('closedAt'), column('solved'), column('satisfaction'),
      column('syncConflict'), column('hlc'),
    ],
  );
}

/** One hub case row, for checks (times in epoch milliseconds). */
export async function hubCase(client: ClientBase, uid: string): Promise<{ status: string; hlc: string; syncConflict: boolean; closedAt: number | null } | undefined> {
  const result = await client.query<{ status: string; hlc: string; sync_conflict: boolean; closed_at: Date | null }>(
    'SELECT status, hlc, sync_conflict, closed_at FROM cases WHERE uid = $1', [uid],
  );
  const row = result.rows[0];
  return row && { status: row.status, hlc: row.hlc, syncConflict: row.sync_conflict, closedAt: row.closed_at ? row.closed_at.getTime() : null };
}
