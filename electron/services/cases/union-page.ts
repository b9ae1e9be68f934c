/**
 * A page of the union of two disjoint lists sorted in one order, when one list is large (read
 * from an index, only the slice the page can reach) and the other small (read whole). A
 * department's cases are the ones it leads (an index range) and a few it was only whistled to.
 */
export interface OrderedRow {
  id: number;
  /** The order's first key (received_at); the id breaks ties. */
  at: number;
}

/** Where to read the large list: every row that can land in the page [skip, skip + take). */
export function largeSliceFor(skip: number, take: number, smallCount: number): { offset: number; limit: number } {
  const offset = Math.max(0, skip - smallCount);
  return { offset, limit: skip + take - offset };
}

/**
 * The ids at [skip, skip + take) of large ∪ small, in the order `descending` (at, then id).
 * `large` is the slice read at largeSliceFor(…).offset; `small` is the whole small list, sorted.
 * Counting ranks from the slice's offset is exact for every row that can land in the page: a
 * small row before the slice ranks below `skip` either way (fewer than smallCount small rows and at
 * most `offset` large rows precede it), and one past the slice's end ranks at skip + take or later. Undefined when the slice is
 * empty although it starts past 0: the caller's count was not the union's, and this cannot rank.
 */
export function pageOfUnion(
  large: OrderedRow[], largeOffset: number, small: OrderedRow[], skip: number, take: number, descending: boolean,
): number[] | undefined {
  if (large.length === 0 && largeOffset > 0) return undefined;
  const before = descending
    ? (a: OrderedRow, b: OrderedRow) => a.at > b.at || (a.at === b.at && a.id > b.id)
    : (a: OrderedRow, b: OrderedRow) => a.at < b.at || (a.at === b.at && a.id < b.id);
  let i = 0;
  let j = 0;
  let rank = largeOffset;
  const ids: number[] = [];
  while (ids.length < take && (i < large.length || j < small.length)) {
    const fromSmall = i >= large.length || (j < small.length && before(small[j]!, large[i]!));
    const row = fromSmall ? small[j++]! : large[i++]!;
    if (rank >= skip) ids.push(row.id);
    rank++;
  }
  return ids;
}
