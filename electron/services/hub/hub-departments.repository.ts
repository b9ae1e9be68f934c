/**
 * The hub's departments' cases (hub migration 006): which cases a department has been given, and
 * the history a department desk must catch up on when a case joins it after its pull cursor.
 */
import type { ClientBase } from 'pg';
import { CHANGE_COLUMNS, storedChange, type ChangeRow, type StoredChange } from './hub.repository';

/** The newest change's seq: a pull reads up to here, so a case joining later is caught up next time. */
export async function hubTopSeq(client: ClientBase): Promise<number> {
  const result = await client.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM changes');
  return Number(result.rows[0]?.seq ?? 0);
}

/** Cases that joined one of these departments after `afterSeq` (up to `upTo`): their earlier changes are not in a scan after the cursor. */
export async function casesJoinedBetween(client: ClientBase, departments: readonly string[], afterSeq: number, upTo: number): Promise<string[]> {
  if (departments.length === 0 || afterSeq === 0) return [];
  const result = await client.query<{ uid: string }>(
    `SELECT DISTINCT uid FROM hub_case_departments
     WHERE department_code = ANY($1::text[]) AND joined_seq > $2 AND joined_seq <= $3 ORDER BY uid`,
    [departments, afterSeq, upTo],
  );
  return result.rows.map((r) => r.uid);
}

/** These cases' changes up to and including `upToSeq`, oldest first. */
export async function changesOfCasesUpTo(client: ClientBase, uids: readonly string[], upToSeq: number): Promise<StoredChange[]> {
  if (uids.length === 0) return [];
  const result = await client.query<ChangeRow>(
    `SELECT ${CHANGE_COLUMNS} FROM changes WHERE entity = ANY($1::text[]) AND seq <= $2 ORDER BY seq`, [uids, upToSeq],
  );
  return result.rows.map(storedChange);
}

/** The departments a case has been given on the hub. */
export async function departmentsOfCase(client: ClientBase, uid: string): Promise<string[]> {
  const result = await client.query<{ department_code: string }>('SELECT department_code FROM hub_case_departments WHERE uid = $1', [uid]);
  return result.rows.map((r) => r.department_code);
}
