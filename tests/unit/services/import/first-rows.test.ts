import { describe, expect, it } from 'vitest';
import { FirstRows } from '../../../../electron/services/import/first-rows';

describe('first row of each external number', () => {
  it('answers like a Map of the texts, for plain numbers and everything else', () => {
    const rows = new FirstRows(4);
    const reference = new Map<string, number>();
    let seed = 3;
    const rnd = (n: number) => (seed = (seed * 16807) % 2147483647) % n;
    const keys = ['0', '00', '007', '7', '1010012424041', '999999999999999', '9999999999999999', '12345678901234567890', 'A12', '１２', '12a', ''];
    for (let k = 0; k < 3000; k++) keys.push(String(rnd(2000) * 1_000_003 + 101001000000), `GD${rnd(500)}`, String(rnd(50)).padStart(3, '0'));
    keys.forEach((key, i) => {
      const rowNo = i + 2;
      const expected = reference.get(key);
      if (expected === undefined) reference.set(key, rowNo);
      expect(rows.firstOrAdd(key, rowNo), key).toBe(expected);
    });
    // Leading zeros and long numbers are texts: "007" and "7" are different numbers.
    expect(rows.firstOrAdd('7', 1_000_000)).toBe(keys.indexOf('7') + 2);
    expect(rows.firstOrAdd('007', 1_000_000)).toBe(keys.indexOf('007') + 2);
    expect(rows.firstOrAdd('9999999999999999', 1_000_000)).toBe(keys.indexOf('9999999999999999') + 2);
  });
});
