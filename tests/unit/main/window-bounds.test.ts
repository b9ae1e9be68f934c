import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, MIN_SIZE, parseWindowState, restoreBounds, type Rect } from '../../../electron/main/window-bounds';

// A 1920×1080 primary screen with a 40 px taskbar, and a 1280×1024 screen to its right.
const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const right: Rect = { x: 1920, y: 0, width: 1280, height: 984 };
const both = [primary, right];

describe('restoreBounds', () => {
  it('centres the default size on the primary display on first start', () => {
    expect(restoreBounds(undefined, both, primary)).toEqual({
      x: (1920 - DEFAULT_SIZE.width) / 2,
      y: (1040 - DEFAULT_SIZE.height) / 2,
      ...DEFAULT_SIZE,
    });
  });

  it('keeps bounds that fit on a display', () => {
    const saved = { x: 100, y: 80, width: 1400, height: 900 };
    expect(restoreBounds(saved, both, primary)).toEqual(saved);
    const onRight = { x: 2000, y: 20, width: 1100, height: 800 };
    expect(restoreBounds(onRight, both, primary)).toEqual(onRight);
  });

  it('moves a window hanging off the edge fully onto the display it overlaps most', () => {
    expect(restoreBounds({ x: 2800, y: 500, width: 1100, height: 800 }, both, primary)).toEqual({
      x: 1920 + 1280 - 1100,
      y: 984 - 800,
      width: 1100,
      height: 800,
    });
    expect(restoreBounds({ x: -300, y: -50, width: 1200, height: 800 }, both, primary)).toMatchObject({ x: 0, y: 0 });
  });

  it('recentres on the primary display when the saved display is gone', () => {
    const onUnpluggedScreen = { x: 3500, y: 100, width: 1200, height: 800 };
    expect(restoreBounds(onUnpluggedScreen, both, primary)).toEqual({ x: 360, y: 120, width: 1200, height: 800 });
    expect(restoreBounds({ x: 2000, y: 100, width: 1200, height: 800 }, [primary], primary)).toEqual({
      x: 360,
      y: 120,
      width: 1200,
      height: 800,
    });
  });

  it('shrinks a window larger than the display (resolution lowered) and enforces the minimum size', () => {
    const small: Rect = { x: 0, y: 0, width: 1280, height: 680 };
    expect(restoreBounds({ x: 0, y: 0, width: 1920, height: 1040 }, [small], small)).toEqual(small);
    expect(restoreBounds({ x: 10, y: 10, width: 300, height: 200 }, both, primary)).toEqual({
      x: 10,
      y: 10,
      ...MIN_SIZE,
    });
  });

  it('never exceeds a display smaller than the minimum size', () => {
    const tiny: Rect = { x: 0, y: 0, width: 800, height: 560 };
    expect(restoreBounds({ x: 0, y: 0, width: 1366, height: 860 }, [tiny], tiny)).toEqual(tiny);
  });
});

describe('parseWindowState', () => {
  it('accepts a well-formed state', () => {
    const state = { version: 1, bounds: { x: -8, y: -8, width: 1936, height: 1056 }, isMaximized: true };
    expect(parseWindowState(state)).toEqual(state);
  });

  it('drops malformed or foreign content', () => {
    for (const bad of [
      null,
      'x',
      {},
      { version: 2, bounds: { x: 0, y: 0, width: 10, height: 10 } },
      { version: 1, bounds: { x: 0, y: 0, width: 0, height: 10 } },
      { version: 1, bounds: { x: 0, y: Number.NaN, width: 10, height: 10 } },
      { version: 1, bounds: { x: '0', y: 0, width: 10, height: 10 } },
    ]) {
      expect(parseWindowState(bad)).toBeUndefined();
    }
  });
});
