import type { ClientBase } from 'pg';
import type { SyncChange } from '../../electron/contract';
import { foldHubCase, toHubChange } from '../../electron/services/hub/hub-changes';
import { upsertCases } from '../../electron/services/hub/hub.repository';

/**
 * Changes written to a hub of an older schema as a push of that time did: the change rows and the
 * case rows folded from them, nothing of the later migrations (which must then fill in what they
 * add from these rows alone). For the tests of those migrations.
 */
export async function writeAsOlderPush(client: ClientBase, changes: readonly SyncChange[]): Promise<void> {
  const rows = changes.map(toHubChange).map((c) => ({
    change_id: c.changeId, hlc: c.hlc, origin: c.origin, kind: c.kind, entity: c.entity,
    street_code: c.streetCode, community_code: c.communityCode, grid_code: c.gridCode, payload: c.payload,
  }));
  await client.query(
    `INSERT INTO changes (change_id, hlc, origin, kind, entity, street_code, community_code, grid_code, payload)
     SELECT change_id, hlc, origin, kind, entity, street_code, community_code, grid_code, payload
     FROM json_to_recordset($1::json) AS (change_id text, hlc text, origin text, kind text, entity text,
                                         street_code text, community_code text, grid_code text, payload jsonb)
     ON CONFLICT (change_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
  const byCase = new Map<string, SyncChange[]>();
  for (const change of changes) byCase.set(change.caseUid, [...(byCase.get(change.caseUid) ?? []), change]);
  await upsertCases(client, [...byCase.values()].flatMap((group) => foldHubCase(group) ?? []));
}
