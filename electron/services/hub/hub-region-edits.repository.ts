import type { ClientBase } from 'pg';
import type { RegionEdit } from '../../contract';
import type { HubScope } from './hub.repository';

/** The hub's region edits (migration 004): grid edits, each once by id, pulled by seq within a scope. */

/** Appends edits; one the hub has (same id) is skipped. Call inside the push's transaction, under its lock. */
export async function insertRegionEdits(client: ClientBase, edits: readonly RegionEdit[]): Promise<number> {
  if (edits.length === 0) return 0;
  const result = await client.query(
    `INSERT INTO region_edits (edit_id, hlc, origin, code, street_code, community_code, payload)
     SELECT e->>'id', e->>'hlc', e->>'origin', e->>'code', e->'place'->>'street', e->'place'->>'community', e
     FROM jsonb_array_elements($1::jsonb) AS e
     ORDER BY e->>'hlc'
     ON CONFLICT (edit_id) DO NOTHING`,
    [JSON.stringify(edits)],
  );
  return result.rowCount ?? 0;
}

/** Edits after this seq, within a scope (undefined: all), in seq order. */
export async function regionEditsAfter(client: ClientBase, afterSeq: number, limit: number, scope?: HubScope): Promise<{ seq: number; edit: RegionEdit }[]> {
  const result = scope
    ? await client.query<{ seq: string; payload: RegionEdit }>(
      `SELECT seq, payload FROM region_edits WHERE seq > $1
         AND (street_code = ANY($2::text[]) OR community_code = ANY($3::text[]) OR code = ANY($4::text[]))
       ORDER BY seq LIMIT $5`,
      [afterSeq, scope.streets ?? [], scope.communities ?? [], scope.grids ?? [], limit],
    )
    : await client.query<{ seq: string; payload: RegionEdit }>('SELECT seq, payload FROM region_edits WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit]);
  return result.rows.map((r) => ({ seq: Number(r.seq), edit: r.payload }));
}
