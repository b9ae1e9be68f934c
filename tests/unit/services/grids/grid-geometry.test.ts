import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../../../electron/contract';
import { mergeShapes, normalisePolygon, shapeColumns, splitShape } from '../../../../electron/services/grids/grid-geometry';
import { areaM2, polygonsOf, type Pt } from '../../../../electron/services/geo/polygon-math';
import { pointInGeometry } from '../../../../electron/services/geo/point-in-polygon';

// A 0.01° × 0.01° square in Beijing (≈ 855 m × 1112 m), and its east neighbour sharing the edge x = 116.41.
const square = (x0: number, y0: number, d = 0.01): Geometry => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]],
});
const A = square(116.4, 39.9);
const B = square(116.41, 39.9);

const vertices = (g: Geometry): Pt[] => polygonsOf(g).flatMap((p) => p[0]!);

describe('splitShape', () => {
  it('cuts a square along a vertical line into two halves that share the cut exactly', () => {
    const [left, right] = splitShape(A, [[116.405, 39.89], [116.405, 39.92]], 'A');
    expect(areaM2(left) + areaM2(right)).toBeCloseTo(areaM2(A), 0);
    expect(areaM2(left) / areaM2(A)).toBeCloseTo(0.5, 3);
    // The cut's vertices are in both parts with the very same coordinates: no seam, no gap.
    const cut = (g: Geometry) => vertices(g).filter((p) => p[0] === 116.405).map((p) => p[1]).sort();
    expect(cut(left)).toEqual(expect.arrayContaining([39.9, 39.91]));
    expect(cut(right)).toEqual(expect.arrayContaining([39.9, 39.91]));
    // Each half holds the points of its side only.
    const [west, east] = pointInGeometry(116.402, 39.905, left) ? [left, right] : [right, left];
    expect(pointInGeometry(116.402, 39.905, west)).toBe(true);
    expect(pointInGeometry(116.408, 39.905, east)).toBe(true);
    expect(pointInGeometry(116.408, 39.905, west)).toBe(false);
  });

  it('follows a bent line (two segments) and keeps the total area', () => {
    const [a, b] = splitShape(A, [[116.399, 39.899], [116.405, 39.905], [116.399, 39.911]], 'A');
    expect(areaM2(a) + areaM2(b)).toBeCloseTo(areaM2(A), 0);
    // The small piece is the triangle west of the bend: 0.5 × 0.01 × 0.005 of the square's 0.0001 deg².
    const small = Math.min(areaM2(a), areaM2(b)) / areaM2(A);
    expect(small).toBeCloseTo(0.25, 2);
  });

  it('refuses a line that ends inside the grid or does not cross it', () => {
    expect(() => splitShape(A, [[116.405, 39.89], [116.405, 39.905]], 'A')).toThrow(/两端须在 A 之外/);
    expect(() => splitShape(A, [[116.42, 39.89], [116.42, 39.92]], 'A')).toThrow(/恰好穿过 A 一次/);
  });

  it('refuses a line that crosses the grid twice (three pieces)', () => {
    const zigzag: Pt[] = [[116.402, 39.89], [116.402, 39.92], [116.404, 39.92], [116.404, 39.89]];
    expect(() => splitShape(A, zigzag, 'A')).toThrow(/恰好穿过/);
  });
});

describe('mergeShapes', () => {
  it('unions two squares that share an edge into one rectangle', () => {
    const merged = mergeShapes(A, B, ['A', 'B']);
    expect(merged.type).toBe('Polygon');
    expect(areaM2(merged)).toBeCloseTo(areaM2(A) + areaM2(B), 0);
    expect(shapeColumns(merged).bbox).toEqual([116.4, 39.9, 116.42, 39.91]);
  });

  it('merges back the two halves of a split into the original area', () => {
    const [a, b] = splitShape(A, [[116.399, 39.899], [116.405, 39.905], [116.399, 39.911]], 'A');
    const merged = mergeShapes(a, b, ['a', 'b']);
    expect(merged.type).toBe('Polygon');
    expect(areaM2(merged)).toBeCloseTo(areaM2(A), 0);
    expect(polygonsOf(merged)[0]!.length).toBe(1);
  });

  it('refuses grids that do not touch', () => {
    expect(() => mergeShapes(A, square(116.43, 39.9), ['A', 'C'])).toThrow(/A 与 C 不相邻/);
  });
});

describe('normalisePolygon', () => {
  it('closes rings and drops repeated points', () => {
    const g = normalisePolygon({ type: 'Polygon', coordinates: [[[1, 1], [2, 1], [2, 1], [2, 2]]] }, 'x');
    expect(g.coordinates).toEqual([[[1, 1], [2, 1], [2, 2], [1, 1]]]);
  });
  it('refuses lines and slivers of two points', () => {
    expect(() => normalisePolygon({ type: 'LineString', coordinates: [[1, 1], [2, 2]] }, '新网格')).toThrow(/新网格：需要多边形/);
    expect(() => normalisePolygon({ type: 'Polygon', coordinates: [[[1, 1], [2, 2], [1, 1]]] }, '新网格')).toThrow(/至少需要 3 个/);
  });
});
