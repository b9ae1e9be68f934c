import type { ClientBase } from 'pg';
import type { ReferenceEdit } from '../../contract';

/** The hub's reference edits (migration 005): the roster and shared settings, each once by id, pulled by seq by every desk. */

/** Appends edits; one the hub has (same id) is skipped. Call inside the push's transaction, under its lock. */
export async function insertReferenceEdits(client: ClientBase, edits: readonly ReferenceEdit[]): Promise<number> {
  if (edits.length === 0) return 0;
  const result = await client.query(
    `INSERT INTO reference_edits (edit_id, hlc, origin, kind, key, payload)
     SELECT e->>'id', e->>'hlc', e->>'origin', e->>'kind', e->>'key', e
     FROM jsonb_array_elements($1::jsonb) AS e
     ORDER BY e->>'hlc'
     ON CONFLICT (edit_id) DO NOTHING`,
    [JSON.stringify(edits)],
  );
  return result.rowCount ?? 0;
}

/** Edits after this seq, in seq order: no scope, the roster and the settings are the district's. */
export async function referenceEditsAfter(client: ClientBase, afterSeq: number, limit: number): Promise<{ seq: number; edit: ReferenceEdit }[]> {
  const result = await client.query<{ seq: string; payload: ReferenceEdit }>(
    'SELECT seq, payload FROM reference_edits WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit],
  );
  return result.rows.map((r) => ({ seq: Number(r.seq), edit: r.payload }));
}
