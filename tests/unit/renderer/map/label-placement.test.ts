import { describe, expect, it } from 'vitest';
import { boxesOverlap, labelBox, placeLabels } from '../../../../renderer/src/map/label-placement';

describe('label placement', () => {
  it('sizes CJK text wider than Latin text of the same length', () => {
    const cjk = labelBox({ x: 0, y: 0 }, '东华门街道', 13);
    const latin = labelBox({ x: 0, y: 0 }, 'Dongh', 13);
    expect(cjk.x1 - cjk.x0).toBeGreaterThan(latin.x1 - latin.x0);
    expect(cjk.x0).toBe(-cjk.x1);
  });

  it('detects overlaps', () => {
    const a = labelBox({ x: 100, y: 100 }, '景山街道', 13);
    expect(boxesOverlap(a, labelBox({ x: 110, y: 104 }, '东四街道', 13))).toBe(true);
    expect(boxesOverlap(a, labelBox({ x: 300, y: 100 }, '东四街道', 13))).toBe(false);
    expect(boxesOverlap(a, labelBox({ x: 100, y: 140 }, '东四街道', 13))).toBe(false);
  });

  it('keeps the first of overlapping labels and every separate one', () => {
    const labels = [
      { name: '北新桥街道', x: 100, y: 100 },
      { name: '东直门街道', x: 130, y: 102 },
      { name: '和平里街道', x: 100, y: 200 },
    ];
    const kept = placeLabels(labels, (l) => labelBox(l, l.name, 13));
    expect(kept.map((l) => l.name)).toEqual(['北新桥街道', '和平里街道']);
  });
});
