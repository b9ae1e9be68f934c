import { describe, expect, it } from 'vitest';
import { CASE_POINT_BYTES, unpackCasePoints, type CasePoint } from '../../../../electron/contract/case-points';
import { packCasePoints } from '../../../../electron/services/cases/case-points-pack';

describe('case points on the wire', () => {
  it('comes back exactly as packed: largest ids, full-precision coordinates, every value', () => {
    const points: CasePoint[] = [
      [1, 116.41694, 39.92851, 0],
      [2 ** 31 - 1, -71.0589123456789, 42.3600825, 9],
      [77, 116.388389, 39.919482, 255],
    ];
    const packed = packCasePoints(points);
    expect(packed.count).toBe(3);
    expect(Buffer.from(packed.data, 'base64').length).toBe(3 * CASE_POINT_BYTES);
    expect(unpackCasePoints(packed)).toEqual(points);
  });

  it('packs no points as an empty string', () => {
    expect(packCasePoints([])).toEqual({ count: 0, data: '' });
    expect(unpackCasePoints({ count: 0, data: '' })).toEqual([]);
  });

  it('refuses data that does not hold the stated count', () => {
    const packed = packCasePoints([[5, 116.4, 39.9, 1]]);
    expect(() => unpackCasePoints({ ...packed, count: 2 })).toThrow(/bytes for 2 points/);
  });
});
