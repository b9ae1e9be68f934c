import { departmentScopeParts } from '../auth/scope.repository';
import type { DurableDatabase, SqlValue } from '../db/durable-database';
import { largeSliceFor, pageOfUnion, type OrderedRow } from './union-page';

/** Above this many cases a department was only whistled to, the page is read the general way. */
const SUMMONED_ONLY_MAX = 5_000;

/**
 * A page of a department's cases in received order, without walking the whole district's order:
 * the part it leads is one index range (only the slice the page can reach is read), the part it
 * was only whistled to is small and read whole; the two are merged (union-page.ts). `filter` is the
 * list's WHERE without the scope. Undefined when this does not apply (too many summoned cases).
 */
export function departmentPageIds(
  db: Pick<DurableDatabase, 'all'>, filter: { sql: string; params: SqlValue[] }, departmentId: number,
  descending: boolean, skip: number, take: number,
): number[] | undefined {
  const { led, summonedOnly } = departmentScopeParts(departmentId);
  const order = descending ? 'c.received_at DESC, c.id DESC' : 'c.received_at, c.id';
  const read = (part: string, params: SqlValue[], limit: number, offset = 0) =>
    db.all<OrderedRow>(
      `SELECT c.id, c.received_at AS at FROM cases c WHERE ${filter.sql} AND ${part} ORDER BY ${order} LIMIT ? OFFSET ?`,
      [...filter.params, ...params, limit, offset],
    );
  const small = read(summonedOnly.sql, summonedOnly.params, SUMMONED_ONLY_MAX + 1);
  if (small.length > SUMMONED_ONLY_MAX) return undefined;
  const slice = largeSliceFor(skip, take, small.length);
  const large = read(led.sql, led.params, slice.limit, slice.offset);
  return pageOfUnion(large, slice.offset, small, skip, take, descending);
}
