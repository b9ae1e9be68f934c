import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../../../electron/contract';
import { checkTopology, selfIntersection, type TopologyRegion } from '../../../../electron/services/grids/topology';

// Crafted squares near Dongcheng: 0.01° ≈ 850 m east-west, 1.1 km north-south.
const X = 116.4;
const Y = 39.9;
const box = (x0: number, y0: number, x1: number, y1: number): Geometry => ({
  type: 'Polygon',
  coordinates: [[[X + x0, Y + y0], [X + x1, Y + y0], [X + x1, Y + y1], [X + x0, Y + y1], [X + x0, Y + y0]]],
});
const region = (id: number, level: TopologyRegion['level'], parentId: number | null, geometry: Geometry): TopologyRegion =>
  ({ id, name: `R${id}`, level, parentId, geometry });

const parent = region(1, 'community', null, box(0, 0, 0.02, 0.01));

describe('checkTopology', () => {
  it('finds nothing wrong in a clean partition (shared edges are not overlaps)', () => {
    const problems = checkTopology([parent, region(2, 'grid', 1, box(0, 0, 0.01, 0.01)), region(3, 'grid', 1, box(0.01, 0, 0.02, 0.01))]);
    expect(problems).toEqual([]);
  });

  it('reports a bow-tie as a self-intersection at the crossing', () => {
    const bowtie: Geometry = { type: 'Polygon', coordinates: [[[X, Y], [X + 0.01, Y + 0.01], [X + 0.01, Y], [X, Y + 0.01], [X, Y]]] };
    const problems = checkTopology([region(5, 'grid', null, bowtie)]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'self_intersection', regionIds: [5] });
    expect(problems[0]!.at[0]).toBeCloseTo(X + 0.005, 9);
    expect(problems[0]!.at[1]).toBeCloseTo(Y + 0.005, 9);
    expect(selfIntersection([[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]])).toBeNull();
  });

  it('reports overlapping siblings with both ids and an area near the true one', () => {
    // Overlap strip 0.002° wide × 0.01° tall ≈ 170 m × 1105 m ≈ 188,000 m².
    const problems = checkTopology([parent, region(2, 'grid', 1, box(0, 0, 0.011, 0.01)), region(3, 'grid', 1, box(0.009, 0, 0.02, 0.01))]);
    const overlap = problems.filter((p) => p.kind === 'overlap');
    expect(overlap).toHaveLength(1);
    expect(overlap[0]!.regionIds).toEqual([2, 3]);
    expect(overlap[0]!.areaM2).toBeGreaterThan(150_000);
    expect(overlap[0]!.areaM2).toBeLessThan(230_000);
    expect(problems.some((p) => p.kind === 'gap')).toBe(false);
  });

  it('reports a gap inside the parent where no child covers it', () => {
    // Children leave 0.002° × 0.01° uncovered in the middle.
    const problems = checkTopology([parent, region(2, 'grid', 1, box(0, 0, 0.009, 0.01)), region(3, 'grid', 1, box(0.011, 0, 0.02, 0.01))]);
    const gaps = problems.filter((p) => p.kind === 'gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.regionIds).toEqual([1]);
    expect(gaps[0]!.at[0]).toBeGreaterThan(X + 0.009);
    expect(gaps[0]!.at[0]).toBeLessThan(X + 0.011);
    expect(gaps[0]!.areaM2).toBeGreaterThan(150_000);
    expect(gaps[0]!.areaM2).toBeLessThan(230_000);
    expect(problems.some((p) => p.kind === 'overlap')).toBe(false);
  });

  it('reports a child that reaches outside its parent, naming both', () => {
    const problems = checkTopology([parent, region(2, 'grid', 1, box(0, 0, 0.01, 0.01)), region(3, 'grid', 1, box(0.01, 0, 0.025, 0.01))]);
    const outside = problems.filter((p) => p.kind === 'outside_parent');
    expect(outside).toHaveLength(1);
    expect(outside[0]!.regionIds).toEqual([3, 1]);
    expect(outside[0]!.at[0]).toBeCloseTo(X + 0.025, 9);
  });

  it('tolerates digitising noise below the tolerance along shared edges', () => {
    const wobble: Geometry = {
      type: 'Polygon',
      coordinates: [[[X + 0.01, Y], [X + 0.02, Y], [X + 0.02, Y + 0.01], [X + 0.01, Y + 0.01], [X + 0.0099999, Y + 0.005], [X + 0.01, Y]]],
    };
    expect(checkTopology([parent, region(2, 'grid', 1, box(0, 0, 0.01, 0.01)), region(3, 'grid', 1, wobble)])).toEqual([]);
  });
});

describe('checkTopology on duplicates', () => {
  it('reports a polygon imported twice (identical shapes) as an overlap', () => {
    const problems = checkTopology([region(2, 'grid', null, box(0, 0, 0.01, 0.01)), region(3, 'grid', null, box(0, 0, 0.01, 0.01))]);
    expect(problems.map((p) => [p.kind, p.regionIds])).toEqual([['overlap', [2, 3]]]);
  });
});
