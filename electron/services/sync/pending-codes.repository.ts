import type { Transaction } from '../db/transaction';

type Reader = Pick<Transaction, 'all'>;

/**
 * Cases with an event whose patch kept one of these codes aside (`~<column>`, portable.ts): a grid,
 * department or staff member this desk did not know when the event came. Replayed once it arrives.
 */
export function casesWithCodesAside(tx: Reader, codes: readonly string[]): number[] {
  if (codes.length === 0) return [];
  return tx.all<{ id: number }>(
    `SELECT DISTINCT case_id AS id FROM case_events
       WHERE patch LIKE '%"~%' AND EXISTS (SELECT 1 FROM json_each(patch) j WHERE substr(j.key, 1, 1) = '~' AND j.value IN (SELECT value FROM json_each(?)))`,
    [JSON.stringify(codes)],
  ).map((r) => r.id);
}

/** Both lists in one, each id once, in order. */
export function unionIds(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}
