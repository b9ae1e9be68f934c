import { DEPARTMENT_SCOPE_PREFIX, splitScope, type ExchangeScope } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';
import { RegionEditsRepository, type LoggedRegionEdit } from '../grids/region-edits.repository';
import { ReferenceEditsRepository, type LoggedReferenceEdit } from '../sync/reference-edits.repository';

export interface StoredKeys {
  publicKey: string;
  privateKey: string;
}

export interface StoredPeer {
  workspaceId: string;
  name: string;
  publicKey: string;
  scope: ExchangeScope;
  pairedAt: number;
  ackedEventId: number;
  theirThroughId: number;
  /** As ackedEventId and theirThroughId, for region edits (local region_edits ids). */
  ackedEditId: number;
  theirThroughEditId: number;
  /** As ackedEventId and theirThroughId, for reference edits (local reference_edits ids). */
  ackedRefId: number;
  theirThroughRefId: number;
  lastSentAt: number | null;
  lastReceivedAt: number | null;
}

interface PeerRow extends Omit<StoredPeer, 'scope'> {
  scope: string;
}

const PEER_COLUMNS = `workspace_id AS "workspaceId", name, public_key AS "publicKey", scope, paired_at AS "pairedAt",
  acked_event_id AS "ackedEventId", their_through_id AS "theirThroughId",
  acked_edit_id AS "ackedEditId", their_through_edit_id AS "theirThroughEditId",
  acked_ref_id AS "ackedRefId", their_through_ref_id AS "theirThroughRefId", last_sent_at AS "lastSentAt", last_received_at AS "lastReceivedAt"`;

/** All SQL of exchange files: the workspace's key pair, its peers and their watermarks, and what a peer lacks. */
export class ExchangeRepository {
  private readonly edits: RegionEditsRepository;

  private readonly refs: ReferenceEditsRepository;

  constructor(private readonly db: DurableDatabase) {
    this.edits = new RegionEditsRepository(db);
    this.refs = new ReferenceEditsRepository(db);
  }

  keys(): StoredKeys | undefined {
    return this.db.get<StoredKeys>('SELECT public_key AS "publicKey", private_key AS "privateKey" FROM exchange_keys WHERE id = 1');
  }

  /** Keeps the first key pair ever stored (a second caller's pair is dropped) and returns it. */
  storeKeys(keys: StoredKeys, now: number): StoredKeys {
    this.db.transaction((tx) => {
      tx.run('INSERT INTO exchange_keys (id, public_key, private_key, created_at) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO NOTHING', [keys.publicKey, keys.privateKey, now]);
    });
    return this.keys()!;
  }

  peer(workspaceId: string): StoredPeer | undefined {
    const row = this.db.get<PeerRow>(`SELECT ${PEER_COLUMNS} FROM exchange_peers WHERE workspace_id = ?`, [workspaceId]);
    return row ? toPeer(row) : undefined;
  }

  peers(): StoredPeer[] {
    return this.db.all<PeerRow>(`SELECT ${PEER_COLUMNS} FROM exchange_peers ORDER BY name, workspace_id`).map(toPeer);
  }

  /** Pairs (or re-pairs: a new key or scope keeps the watermarks only when the key is the same). */
  savePeer(peer: { workspaceId: string; name: string; publicKey: string; scope: ExchangeScope; pairedAt: number; ackedEventId: number; ackedEditId: number; ackedRefId: number }): void {
    this.db.transaction((tx) => {
      tx.run(
        `INSERT INTO exchange_peers (workspace_id, name, public_key, scope, paired_at, acked_event_id, acked_edit_id, acked_ref_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(workspace_id) DO UPDATE SET name = excluded.name, scope = excluded.scope,
           acked_event_id = CASE WHEN public_key = excluded.public_key THEN acked_event_id ELSE excluded.acked_event_id END,
           their_through_id = CASE WHEN public_key = excluded.public_key THEN their_through_id ELSE 0 END,
           acked_edit_id = CASE WHEN public_key = excluded.public_key THEN acked_edit_id ELSE excluded.acked_edit_id END,
           their_through_edit_id = CASE WHEN public_key = excluded.public_key THEN their_through_edit_id ELSE 0 END,
           acked_ref_id = CASE WHEN public_key = excluded.public_key THEN acked_ref_id ELSE excluded.acked_ref_id END,
           their_through_ref_id = CASE WHEN public_key = excluded.public_key THEN their_through_ref_id ELSE 0 END,
           public_key = excluded.public_key, paired_at = excluded.paired_at`,
        [peer.workspaceId, peer.name, peer.publicKey, JSON.stringify(peer.scope), peer.pairedAt, peer.ackedEventId, peer.ackedEditId, peer.ackedRefId],
      );
    });
  }

  markSent(workspaceId: string, at: number): void {
    this.db.transaction((tx) => tx.run('UPDATE exchange_peers SET last_sent_at = ? WHERE workspace_id = ?', [at, workspaceId]));
  }

  /** After applying a peer's package: what it has of ours and what we have of its, never moving back. */
  markReceived(workspaceId: string, at: number, acked: number, theirThrough: number, edits = { acked: 0, theirThrough: 0 }, refs = { acked: 0, theirThrough: 0 }): void {
    this.db.transaction((tx) => tx.run(
      `UPDATE exchange_peers SET last_received_at = ?, acked_event_id = max(acked_event_id, ?), their_through_id = max(their_through_id, ?),
         acked_edit_id = max(acked_edit_id, ?), their_through_edit_id = max(their_through_edit_id, ?),
         acked_ref_id = max(acked_ref_id, ?), their_through_ref_id = max(their_through_ref_id, ?)
       WHERE workspace_id = ?`,
      [at, acked, theirThrough, edits.acked, edits.theirThrough, refs.acked, refs.theirThrough, workspaceId],
    ));
  }

  /**
   * Region edits in the peer's scope after what it acknowledged, none born there (no echo). A
   * department's desk takes every edit: its cases may lie in any grid.
   */
  regionEditsForPeer(peerId: string, scope: ExchangeScope, afterEditId: number): LoggedRegionEdit[] {
    return this.edits.after(afterEditId, scope !== 'all' && splitScope(scope).departments.length > 0 ? 'all' : scope, peerId);
  }

  lastEditId(): number {
    return this.edits.lastId();
  }

  /** Reference edits after what the peer acknowledged, whatever its scope (the roster is the district's), none born there. */
  referenceEditsForPeer(peerId: string, afterRefId: number): LoggedReferenceEdit[] {
    return this.refs.after(afterRefId, peerId);
  }

  lastRefId(): number {
    return this.refs.lastId();
  }

  /**
   * The cases in `scope` with an event after `afterEventId` that the peer does not already have
   * because it was born there (its own events came to us from it: no echo).
   */
  casesForPeer(peerId: string, scope: ExchangeScope, afterEventId: number): number[] {
    // Events born at the peer, in any of its eras (`<id>:` or `<id>.<n>:`, local-names.ts), do not go back to it.
    const bornThere = `${peerId}:`;
    const bornThereLater = `${peerId}.`;
    const changed = `SELECT DISTINCT case_id FROM case_events
      WHERE id > ? AND (uid IS NULL OR (substr(uid, 1, ?) <> ? AND substr(uid, 1, ?) <> ?))`;
    const params = [afterEventId, bornThere.length, bornThere, bornThereLater.length, bornThereLater];
    if (scope === 'all') return this.db.all<{ id: number }>(`SELECT case_id AS id FROM (${changed}) ORDER BY case_id`, params).map((r) => r.id);
    const { places, departments } = splitScope(scope);
    // A department's cases: those it leads or was summoned to, and those it ever led (it hears what became of a case it passed on).
    return this.db.all<{ id: number }>(
      `WITH scope_regions AS (SELECT id FROM regions WHERE code IN (SELECT value FROM json_each(?))),
            scope_departments AS (SELECT id FROM departments WHERE code IN (SELECT value FROM json_each(?)))
       SELECT c.id FROM cases c WHERE c.id IN (${changed})
         AND (c.street_id IN (SELECT id FROM scope_regions) OR c.community_id IN (SELECT id FROM scope_regions)
           OR c.grid_id IN (SELECT id FROM scope_regions)
           OR c.lead_department_id IN (SELECT id FROM scope_departments)
           OR c.id IN (SELECT w.case_id FROM whistle_reports wr JOIN whistles w ON w.id = wr.whistle_id
                       WHERE wr.department_id IN (SELECT id FROM scope_departments))
           OR EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.patch IS NOT NULL
                        AND json_extract(e.patch, '$.lead_department_id') IN (SELECT id FROM scope_departments)))
       ORDER BY c.id`,
      [JSON.stringify(places), JSON.stringify(departments), ...params],
    ).map((r) => r.id);
  }

  lastEventId(): number {
    return this.db.get<{ id: number | null }>('SELECT max(id) AS id FROM case_events')?.id ?? 0;
  }

  /** Entries of a scope that this workspace does not know (a typo at pairing): region codes, or departments as `department:<code>`. */
  unknownScopeEntries(scope: readonly string[]): string[] {
    const { places, departments } = splitScope(scope);
    const known = (table: 'regions' | 'departments', codes: string[]) => new Set(codes.length === 0 ? [] : this.db.all<{ code: string }>(
      `SELECT code FROM ${table} WHERE code IN (SELECT value FROM json_each(?))`, [JSON.stringify(codes)],
    ).map((r) => r.code));
    const regions = known('regions', places);
    const departmentCodes = known('departments', departments);
    return [
      ...places.filter((c) => !regions.has(c)),
      ...departments.filter((c) => !departmentCodes.has(c)).map((c) => DEPARTMENT_SCOPE_PREFIX + c),
    ];
  }
}

function toPeer(row: PeerRow): StoredPeer {
  return { ...row, scope: JSON.parse(row.scope) as ExchangeScope };
}
