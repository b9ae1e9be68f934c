import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../../electron/services/tiles/polite-fetcher';
import { countTiles, latToTileY, lngToTileX, tileRanges, tilesOf, tileUrl } from '../../../../electron/services/tiles/tile-math';

describe('tile arithmetic for offline areas', () => {
  it('finds the XYZ tile of a point (Tiananmen at z10 is 843/388, worked by hand from the Web Mercator formulas)', () => {
    // x = floor((116.3975 + 180) / 360 * 1024) = floor(843.26); y = floor((1 - ln(tan φ + sec φ)/π)/2 * 1024) = floor(388.07)
    expect(lngToTileX(116.3975, 10)).toBe(843);
    expect(latToTileY(39.9087, 10)).toBe(388);
    expect([lngToTileX(-180, 3), lngToTileX(180, 3), latToTileY(89, 3), latToTileY(-89, 3)]).toEqual([0, 7, 0, 7]);
  });

  it('counts the tiles of a box per zoom, low zooms first', () => {
    const ranges = tileRanges([116.38, 39.9, 116.42, 39.93], 12, 14);
    expect(ranges.map((r) => countTiles([r]))).toEqual([2, 4, 9]);
    expect(countTiles(ranges)).toBe(15);
    const all = [...tilesOf(ranges)];
    expect(all).toHaveLength(15);
    expect(all[0]).toEqual([12, 3372, 1551]);
    expect(all.at(-1)).toEqual([14, 13490, 6208]);
  });

  it('fills {s}, {z}, {x}, {y} and {-y} in templates', () => {
    expect(tileUrl('https://{s}.tile.example/{z}/{x}/{y}.png', 'abc', 3, 1, 2)).toBe('https://a.tile.example/3/1/2.png');
    expect(tileUrl('https://wprd0{s}.is.autonavi.com/x={x}&y={y}&z={z}', '1234', 5, 2, 3)).toBe('https://wprd02.is.autonavi.com/x=2&y=3&z=5');
    expect(tileUrl('http://h/{z}/{x}/{-y}.png', '', 2, 0, 0)).toBe('http://h/2/0/3.png');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-05-01T08:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Fri, 01 May 2026 08:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});
