import { describe, expect, it } from 'vitest';
import { contentKey } from '../../../../electron/services/import/content-key';
import { suggestFromContent } from '../../../../electron/services/import/content-suggestions';
import { suggestColumns } from '../../../../electron/services/import/field-suggestions';
import { parsePoint } from '../../../../electron/services/import/point-text';
import { RegionMatcher } from '../../../../electron/services/import/region-matcher';

describe('points written as text', () => {
  it('reads Socrata "(lat, lng)", Chinese "lng,lat" and WKT, and refuses what is not a place', () => {
    expect(parsePoint('(42.3504, -71.0867)')).toEqual([-71.0867, 42.3504]);
    expect(parsePoint('116.397,39.909')).toEqual([116.397, 39.909]);
    expect(parsePoint('39.909, 116.397')).toEqual([116.397, 39.909]); // 116 cannot be a latitude
    expect(parsePoint('POINT (116.397 39.909)')).toEqual([116.397, 39.909]);
    expect(parsePoint('SRID=4326;POINT(-71.08 42.35)')).toEqual([-71.08, 42.35]);
    expect(parsePoint('(0, 0)')).toBeNull();
    expect(parsePoint('(999, 42)')).toBeNull();
    expect(parsePoint('12 Main St')).toBeNull();
  });
});

describe('content key', () => {
  const row = { receivedAt: Date.UTC(2025, 0, 1), sourceLng: 116.397, sourceLat: 39.909, address: '东华门大街 1 号', title: '路灯不亮', description: null };
  it('is the same for the same time, place and words (spacing, case and punctuation aside), and 15 digits', () => {
    expect(contentKey(row)).toMatch(/^[1-9]\d{14}$/);
    expect(contentKey({ ...row, address: '东华门大街1号', title: '路灯不亮。' })).toBe(contentKey(row));
    // Coordinates as the database gives them back, a few ulps off, still read the same.
    expect(contentKey({ ...row, sourceLng: 116.39700000000001 })).toBe(contentKey(row));
  });
  it('differs when the time, the place or the text differs', () => {
    expect(contentKey({ ...row, receivedAt: row.receivedAt + 1000 })).not.toBe(contentKey(row));
    expect(contentKey({ ...row, sourceLat: 39.91 })).not.toBe(contentKey(row));
    expect(contentKey({ ...row, title: '井盖缺失' })).not.toBe(contentKey(row));
  });
});

describe('suggestions from column content', () => {
  const suggest = (headers: string[], rows: string[][], regions?: RegionMatcher) => suggestFromContent(headers, rows, (h) => suggestColumns(h), { regions });

  it('finds dates, coordinates (latitude told from longitude), an id and a category without usable headers', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [
      String(i), `GD2025${String(1000 + i)}`, `2025-03-${String(1 + (i % 28)).padStart(2, '0')} 08:${String(i % 60).padStart(2, '0')}`,
      (116.38 + i / 1000).toFixed(4), (39.9 + i / 2000).toFixed(4), ['噪音', '占道经营', '垃圾'][i % 3]!,
    ]);
    expect(suggest(['', 'a', 'b', 'c', 'd', 'e'].map((h, i) => h || `列${i + 1}`), rows)).toEqual({
      externalNo: 'a', receivedAt: 'b', lng: 'c', lat: 'd', category: 'e',
    });
  });

  it('takes the empty-header row index for nothing, NA for empty, and a "location" of points for a point', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [String(100 + i), `(42.3${i}, -71.0${i})`, i % 2 ? 'NA' : `${i} Main St  Dorchester  MA`]);
    expect(suggest(['列1', 'Location', 'Address'], rows)).toEqual({ point: 'Location', address: 'Address' });
  });

  it('swaps a latitude/longitude pair mapped the wrong way round', () => {
    const rows = Array.from({ length: 20 }, (_, i) => [(116.4 + i / 100).toFixed(3), (39.9 + i / 100).toFixed(3)]);
    expect(suggest(['纬度', '经度'], rows)).toEqual({ lat: '经度', lng: '纬度' });
  });

  it('recognises region names as the grid column', () => {
    const regions = new RegionMatcher([
      { id: 1, parentId: null, level: 'district', code: 'B', name: 'Boston' },
      { id: 2, parentId: 1, level: 'grid', code: 'B1', name: 'Dorchester' },
      { id: 3, parentId: 1, level: 'grid', code: 'B2', name: 'Roxbury' },
      { id: 4, parentId: 1, level: 'grid', code: 'B3', name: 'West Roxbury' },
    ]);
    const rows = Array.from({ length: 10 }, (_, i) => [['Dorchester', 'Roxbury', 'West Roxbury'][i % 3]!]);
    expect(suggest(['hood'], rows, regions)).toEqual({ grid: 'hood' });
    expect(regions.matchText('12 Main St, West Roxbury, MA')?.gridId).toBe(4); // not also Roxbury, the name inside it
    expect(regions.matchText('12 Adams St, Dorchester, MA')?.gridId).toBe(2);
  });
});
