import { describe, expect, it } from 'vitest';
import { contiguity, distanceBand, type Rings } from '../../../../electron/services/analytics/contiguity';
import { kernelDensity, kernelValue } from '../../../../electron/services/analytics/kde';
import { longestHighRun, spaceTimeClusters, type StPoint } from '../../../../electron/services/analytics/recurring';

const D = 0.001; // about 111 m of latitude, 85 m of longitude near Beijing
const square = (x0: number, y0: number, x1: number, y1: number): Rings => [[
  [116 + x0 * D, 39.9 + y0 * D], [116 + x1 * D, 39.9 + y0 * D], [116 + x1 * D, 39.9 + y1 * D],
  [116 + x0 * D, 39.9 + y1 * D], [116 + x0 * D, 39.9 + y0 * D],
]];
const neighboursOf = (w: { offsets: Int32Array; indices: Int32Array }, i: number) =>
  Array.from(w.indices.subarray(w.offsets[i], w.offsets[i + 1]));

describe('contiguity from polygon boundaries', () => {
  // 2×2 squares: 0 1 (bottom row), 2 3 (top row).
  const grid = [square(0, 0, 1, 1), square(1, 0, 2, 1), square(0, 1, 1, 2), square(1, 1, 2, 2)];
  it('queen: corners count, so all four touch', () => {
    const w = contiguity(grid, 'queen');
    expect(neighboursOf(w, 0)).toEqual([1, 2, 3]);
  });
  it('rook: only shared edges', () => {
    const w = contiguity(grid, 'rook');
    expect(neighboursOf(w, 0)).toEqual([1, 2]);
    expect(neighboursOf(w, 3)).toEqual([1, 2]);
  });
  it('finds edges across T-junctions (a vertex in the middle of the other edge), as clipped Voronoi grids have', () => {
    const big = square(0, 0, 2, 2); // its right edge has no vertex at y = 1
    const shapes = [big, square(2, 0, 3, 1), square(2, 1, 3, 2), square(5, 5, 6, 6)];
    const w = contiguity(shapes, 'rook');
    expect(neighboursOf(w, 0)).toEqual([1, 2]);
    expect(neighboursOf(w, 3)).toEqual([]);
  });
  it('tolerates a gap of a few centimetres between digitised edges', () => {
    const shapes = [square(0, 0, 1, 1), square(1.0000003, 0, 2, 1)]; // ~3 cm apart
    expect(neighboursOf(contiguity(shapes, 'rook'), 0)).toEqual([1]);
  });
  it('distance band defaults to the smallest band giving everyone a neighbour', () => {
    const { weights, bandM } = distanceBand([[116, 39.9], [116 + D, 39.9], [116 + 5 * D, 39.9]]);
    expect(bandM).toBeGreaterThan(4 * 85);
    expect(neighboursOf(weights, 2)).toEqual([1]);
  });
});

describe('kernel density', () => {
  it('integrates to the number of points and peaks at 3/(πh²) for one point (quartic)', () => {
    const h = 200;
    const r = kernelDensity([116.4], [39.9], null, { bbox: [116.4, 39.9, 116.4, 39.9], bandwidthM: h, cellM: 10 });
    const integral = r.values.reduce((s, v) => s + v, 0) * (r.cellM * r.cellM) / 1e6;
    expect(integral).toBeCloseTo(1, 5);
    expect(r.max / ((3 / (Math.PI * h * h)) * 1e6)).toBeGreaterThan(0.95);
    expect(r.max / ((3 / (Math.PI * h * h)) * 1e6)).toBeLessThan(1.05);
  });
  it('kernel shapes', () => {
    expect(kernelValue('quartic', 0)).toBeCloseTo(3 / Math.PI, 12);
    expect(kernelValue('epanechnikov', 0.5)).toBeCloseTo((2 / Math.PI) * 0.75, 12);
    expect(kernelValue('quartic', 1)).toBe(0);
  });
  it('uses only the selected points', () => {
    const r = kernelDensity([116.4, 116.41], [39.9, 39.9], [1], { bbox: [116.4, 39.9, 116.41, 39.9], bandwidthM: 100, cellM: 25 });
    expect(r.values.reduce((s, v) => s + v, 0) * (25 * 25) / 1e6).toBeCloseTo(1, 5);
  });
});

describe('recurring clusters (space-time)', () => {
  const DAY = 86_400_000;
  const options = { radiusM: 50, windowDays: 30, minCases: 4 };
  it('finds a spot with ≥ k cases within 50 m and 30 days, and nothing where there are fewer', () => {
    const points: StPoint[] = [];
    for (let i = 0; i < 6; i++) points.push({ x: 1000 + (i % 3) * 10, y: 1000 + i * 3, t: i * 4 * DAY }); // spot A: 6 cases in 20 days
    for (let i = 0; i < 3; i++) points.push({ x: 3000 + i * 5, y: 3000, t: i * DAY }); // spot B: only 3
    for (let i = 0; i < 5; i++) points.push({ x: 5000, y: 5000, t: i * 40 * DAY }); // spot C: 5 cases but 40 days apart
    for (let i = 0; i < 10; i++) points.push({ x: 8000 + i * 200, y: 100, t: i * DAY }); // scattered
    const clusters = spaceTimeClusters(points, options);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toEqual([0, 1, 2, 3, 4, 5]);
  });
  it('keeps a spot that recurs month after month as one cluster', () => {
    const points: StPoint[] = Array.from({ length: 60 }, (_, i) => ({ x: 20 * Math.sin(i), y: 20 * Math.cos(i), t: i * 5 * DAY }));
    const clusters = spaceTimeClusters(points, options);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toHaveLength(60);
  });
  it('does not join two spots 150 m apart', () => {
    const points: StPoint[] = [];
    for (let i = 0; i < 5; i++) points.push({ x: 0, y: i, t: i * DAY }, { x: 150, y: i, t: i * DAY });
    expect(spaceTimeClusters(points, options)).toHaveLength(2);
  });
  it('longest run of high months', () => {
    expect(longestHighRun([0, 5, 6, 0, 4, 5, 6, 7, 1], 1, 3, 2)).toEqual([4, 4]);
    expect(longestHighRun([1, 1, 1], 1, 3, 2)).toEqual([0, 0]);
  });
});
