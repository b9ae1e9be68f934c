import { describe, expect, it } from 'vitest';
import { rowWindow, scrollTopFor } from '../../../../renderer/src/components/case-list/virtual-window';

const H = 32;

describe('rowWindow (fixed-height virtual list)', () => {
  it('scrolls one to one below the height cap', () => {
    const w = rowWindow({ scrollTop: 19_999 * H, viewHeight: 10 * H, rowHeight: H, total: 50_000, overscan: 2 });
    expect(w.spacerHeight).toBe(50_000 * H);
    expect([w.firstVisible, w.lastVisible]).toEqual([19_999, 20_008]);
    expect([w.first, w.last]).toEqual([19_997, 20_010]);
    // The first rendered row sits at its own place in the spacer.
    expect(w.offset).toBe(19_997 * H);
  });

  it('keeps a partly scrolled row in view', () => {
    const w = rowWindow({ scrollTop: 100.5 * H, viewHeight: 10 * H, rowHeight: H, total: 1000, overscan: 0 });
    expect([w.firstVisible, w.lastVisible]).toEqual([100, 110]);
    expect(w.offset - 100.5 * H).toBe(-0.5 * H);
  });

  it('scales past the cap: a million rows reach their last row, and rows stay put on screen', () => {
    const input = { viewHeight: 20 * H, rowHeight: H, total: 1_000_000, overscan: 3, maxSpacer: 1_000_000 };
    const top = rowWindow({ ...input, scrollTop: 0 });
    expect(top.spacerHeight).toBe(1_000_000);
    expect([top.firstVisible, top.first, top.offset]).toEqual([0, 0, 0]);
    const bottom = rowWindow({ ...input, scrollTop: 1_000_000 - 20 * H });
    expect(bottom.lastVisible).toBe(999_999);
    // The last row ends exactly at the spacer's bottom edge.
    expect(bottom.offset + (bottom.last - bottom.first + 1) * H).toBeCloseTo(bottom.spacerHeight, 6);
    // Mid-way: row i is drawn where the view shows it (i·h − virtualTop below the view's top).
    const scrollTop = 400_000;
    const mid = rowWindow({ ...input, scrollTop });
    const virtualTop = (scrollTop * (1_000_000 * H - 20 * H)) / (1_000_000 - 20 * H);
    expect(mid.firstVisible).toBe(Math.floor(virtualTop / H));
    expect(mid.offset + (mid.firstVisible - mid.first) * H - scrollTop).toBeCloseTo(mid.firstVisible * H - virtualTop, 6);
  });

  it('clamps a scroll past the end, and has nothing to show for no rows', () => {
    const w = rowWindow({ scrollTop: 1e9, viewHeight: 10 * H, rowHeight: H, total: 25, overscan: 0 });
    expect([w.firstVisible, w.lastVisible]).toEqual([15, 24]);
    const empty = rowWindow({ scrollTop: 0, viewHeight: 300, rowHeight: H, total: 0 });
    expect(empty.last).toBeLessThan(empty.first);
    expect(empty.spacerHeight).toBe(0);
  });

  it('scrollTopFor puts the row at the top of the view, scaled or not', () => {
    for (const maxSpacer of [1e12, 1_000_000]) {
      const input = { viewHeight: 20 * H, rowHeight: H, total: 1_000_000, maxSpacer };
      for (const index of [0, 1234, 777_777, 999_980]) {
        const scrollTop = scrollTopFor(index, input);
        expect(rowWindow({ ...input, scrollTop, overscan: 0 }).firstVisible, `row ${index}, cap ${maxSpacer}`).toBe(index);
      }
    }
  });
});
