import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largeSliceFor, pageOfUnion, type OrderedRow } from '../../../../electron/services/cases/union-page';

function sorted(rows: OrderedRow[], descending: boolean): OrderedRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => sign * (a.at - b.at) || sign * (a.id - b.id));
}

describe('a page of the union of a large and a small sorted list', () => {
  it('equals the page of the whole union sorted, for any split, offset and order (the large list read only in its slice)', () => {
    const rows = fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 400 }), at: fc.integer({ min: 0, max: 30 }) }), {
      selector: (row) => row.id, maxLength: 160,
    });
    fc.assert(
      fc.property(rows, fc.func(fc.boolean()), fc.nat(), fc.integer({ min: 1, max: 40 }), fc.boolean(), (all, inSmall, skipSeed, take, descending) => {
        const small = sorted(all.filter((row) => inSmall(row.id)), descending);
        const large = sorted(all.filter((row) => !inSmall(row.id)), descending);
        const skip = all.length ? skipSeed % all.length : 0;
        const slice = largeSliceFor(skip, take, small.length);
        const page = pageOfUnion(large.slice(slice.offset, slice.offset + slice.limit), slice.offset, small, skip, take, descending);
        const expected = sorted(all, descending).slice(skip, skip + take).map((row) => row.id);
        expect(page).toEqual(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses to rank when the slice is empty although it starts past the beginning (the count was not of this union)', () => {
    expect(pageOfUnion([], 5, [{ id: 1, at: 0 }], 10, 5, true)).toBeUndefined();
    expect(pageOfUnion([], 0, [{ id: 1, at: 0 }], 0, 5, true)).toEqual([1]);
  });
});
