/** The hub's case rows for lists and one case's changes (PostgreSQL, through the `pg` client). */
import type { ClientBase } from 'pg';
import type { HubScope, StoredChange } from './hub.repository';

export interface HubCaseQuery {
  from?: number;
  to?: number;
  streetCode?: string;
  caseNo?: string;
  /** The reader's places; undefined for every case. */
  scope?: HubScope;
  offset: number;
  limit: number;
}

export interface HubCaseListRow {
  uid: string;
  caseNo: string;
  title: string | null;
  status: string;
  streetCode: string | null;
  gridCode: string | null;
  categoryCode: string | null;
  receivedAt: number;
  closedAt: number | null;
  satisfaction: string | null;
}

function where(q: HubCaseQuery): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (q.from !== undefined) clauses.push(`c.received_at >= to_timestamp(${param(q.from / 1000)})`);
  if (q.to !== undefined) clauses.push(`c.received_at < to_timestamp(${param(q.to / 1000)})`);
  if (q.streetCode) clauses.push(`c.street_code = ${param(q.streetCode)}`);
  if (q.caseNo) clauses.push(`c.case_no = ${param(q.caseNo)}`);
  if (q.scope) {
    clauses.push(`(c.street_code = ANY(${param(q.scope.streets ?? [])}::text[]) OR c.community_code = ANY(${param(q.scope.communities ?? [])}::text[])
      OR c.grid_code = ANY(${param(q.scope.grids ?? [])}::text[])
      OR c.uid IN (SELECT d.uid FROM hub_case_departments d WHERE d.department_code = ANY(${param(q.scope.departments ?? [])}::text[])))`);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** A page, newest first, with the title from the case's base change (the hub's row has no texts). */
export async function hubCasePage(client: ClientBase, q: HubCaseQuery): Promise<{ total: number; rows: HubCaseListRow[] }> {
  const { sql, params } = where(q);
  const total = await client.query<{ n: string }>(`SELECT count(*) AS n FROM cases c ${sql}`, params);
  const page = await client.query<Record<string, unknown>>(
    `SELECT c.uid, c.case_no, c.status, c.street_code, c.grid_code, c.category_code, c.satisfaction,
            (extract(epoch FROM c.received_at) * 1000)::bigint AS received_at, (extract(epoch FROM c.closed_at) * 1000)::bigint AS closed_at,
            (SELECT b.payload->'row'->>'title' FROM changes b WHERE b.entity = c.uid AND b.kind = 'case_base' LIMIT 1) AS title
     FROM cases c ${sql}
     ORDER BY c.received_at DESC, c.uid LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, q.limit, q.offset],
  );
  return {
    total: Number(total.rows[0]!.n),
    rows: page.rows.map((r) => ({
      uid: String(r.uid), caseNo: String(r.case_no), title: (r.title as string | null) ?? null, status: String(r.status),
      streetCode: r.street_code as string | null, gridCode: r.grid_code as string | null, categoryCode: r.category_code as string | null,
      receivedAt: Number(r.received_at), closedAt: r.closed_at === null ? null : Number(r.closed_at), satisfaction: r.satisfaction as string | null,
    })),
  };
}

/** Every change the hub holds of one case, in clock order. */
export async function hubCaseChanges(client: ClientBase, uid: string): Promise<StoredChange[]> {
  const result = await client.query<Record<string, unknown>>(
    `SELECT change_id, seq, hlc, origin, kind, entity, street_code, community_code, grid_code, payload
     FROM changes WHERE entity = $1 ORDER BY hlc, change_id`,
    [uid],
  );
  return result.rows.map((r) => ({
    changeId: String(r.change_id), seq: Number(r.seq), hlc: String(r.hlc), origin: String(r.origin), kind: String(r.kind), entity: String(r.entity),
    streetCode: r.street_code as string | null, communityCode: r.community_code as string | null, gridCode: r.grid_code as string | null, payload: r.payload,
  }));
}

/** A workspace's name as it registered with the hub. */
export async function hubWorkspaceName(client: ClientBase, id: string): Promise<string | null> {
  const result = await client.query<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [id]);
  return result.rows[0]?.name ?? null;
}
