import { describe, expect, it } from 'vitest';
import { PointCounter } from '../../../../electron/services/import/point-counter';
import { PreparedRow, caseValues } from '../../../../electron/services/import/prepared-row';
import { RowStore } from '../../../../electron/services/import/row-store';

function row(i: number): PreparedRow {
  const r = new PreparedRow(i + 2);
  r.externalNo = i % 7 === 0 ? null : `1010011${i}`;
  r.title = i % 5 === 0 ? '' : `路灯不亮 ${i}`;
  r.description = i % 3 === 0 ? null : `东城区东四街道 ${'诉求内容'.repeat(i % 40)} “引号” ${i}`;
  r.address = i % 4 === 0 ? null : `北京市东城区东四十条${i}号`;
  r.sourceCrs = (['wgs84', 'gcj02', 'bd09', 'cgcs2000'] as const)[i % 4]!;
  r.sourceLng = i % 6 === 0 ? null : 116.4 + i / 1e6;
  r.sourceLat = r.sourceLng === null ? null : 39.9 - i / 1e6;
  r.lng = r.sourceLng;
  r.lat = r.sourceLat;
  r.gridId = i % 9 === 0 ? null : i;
  r.communityId = i % 2 ? null : i + 1;
  r.streetId = 3;
  r.categoryId = i % 8 ? 12 : null;
  r.departmentId = i % 3 ? null : 4;
  r.status = (['received', 'closed', 'in_progress'] as const)[i % 3]!;
  r.receivedAt = 1_700_000_000_000 + i * 61_000;
  r.closedAt = r.status === 'closed' ? r.receivedAt + 3_600_000 : null;
  r.handlingDueAt = i % 10 ? r.receivedAt + 86_400_000 : null;
  r.satisfaction = i % 4 === 1 ? 'basically_satisfied' : null;
  r.reporterName = i % 2 ? '张三' : null;
  r.reporterPhone = i % 2 ? '13812345678' : null;
  r.namedGrid = i % 11 === 0 ? { gridId: 5, communityId: null, streetId: 2 } : null;
  r.warned = i % 3 === 0;
  r.existingId = i % 13 === 0 ? 900 + i : null;
  r.changed = i % 2 === 0;
  return r;
}

describe('RowStore', () => {
  it('gives back every value of every row as it was pushed', () => {
    const store = new RowStore();
    const n = 5000;
    for (let i = 0; i < n; i++) store.push(row(i));
    expect(store.length).toBe(n);
    const into = new PreparedRow(0);
    for (let i = 0; i < n; i++) {
      const expected = row(i);
      const got = store.read(i, into);
      expect(caseValues(got)).toEqual(caseValues(expected));
      expect({ rowNo: got.rowNo, externalNo: got.externalNo, namedGrid: got.namedGrid, warned: got.warned, existingId: got.existingId, changed: got.changed })
        .toEqual({ rowNo: expected.rowNo, externalNo: expected.externalNo, namedGrid: expected.namedGrid, warned: expected.warned, existingId: expected.existingId, changed: expected.changed });
    }
  });

  it('keeps a description longer than one 16 MB chunk allows in what remains, and writes back without touching text', () => {
    const store = new RowStore();
    const big = new PreparedRow(2);
    big.title = '长';
    big.description = '文'.repeat(2_000_000); // 6 MB of UTF-8: the third such row needs a new chunk
    for (let i = 0; i < 4; i++) store.push(big);
    const got = store.read(3);
    expect(got.description).toBe(big.description);
    got.gridId = 77;
    got.warned = true;
    store.write(3, got);
    const again = store.read(3, undefined, true);
    expect([again.gridId, again.warned, again.title, again.description?.length]).toEqual([77, true, '长', 2_000_000]);
    // Longer than a whole chunk: a chunk of its own, and the next text still lands right.
    const huge = new PreparedRow(3);
    huge.description = 'x'.repeat(7_000_000);
    store.push(huge);
    store.push(big);
    expect(store.read(4).description).toBe(huge.description);
    expect(store.read(5).description).toBe(big.description);
  });
});

describe('PointCounter', () => {
  it('counts exact points, growing past its first size', () => {
    const counter = new PointCounter(4);
    for (let i = 0; i < 10_000; i++) counter.add(-71.0587 + (i % 3000) * 1e-6, 42.3594);
    for (let i = 0; i < 500; i++) counter.add(-71.0587, 42.3594);
    expect(counter.count(-71.0587, 42.3594)).toBe(504);
    expect(counter.count(-71.0587 + 2999e-6, 42.3594)).toBe(3);
    expect(counter.count(0, 0)).toBe(0);
    expect(counter.atLeast(100)).toEqual([{ x: -71.0587, y: 42.3594, count: 504 }]);
  });
});
