/**
 * Where to put the main window on start (pure: no 'electron' import, unit-tested). The saved
 * bounds come from a file that may be stale: the monitor it was on may be unplugged, or the
 * resolution lowered. The window must always come back fully reachable.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What window-state.json holds. Bumped `version` = old files are ignored, not misread. */
export interface WindowState {
  version: 1;
  /** The normal (un-maximized) bounds, so un-maximizing after a restart lands somewhere sensible. */
  bounds: Rect;
  isMaximized: boolean;
}

export const DEFAULT_SIZE = { width: 1366, height: 860 } as const;
export const MIN_SIZE = { width: 1024, height: 640 } as const;

/** Accepts only a well-formed state; anything else (hand-edited, truncated, older format) is dropped. */
export function parseWindowState(value: unknown): WindowState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Partial<WindowState>;
  const bounds = candidate.bounds as Partial<Rect> | undefined;
  if (candidate.version !== 1 || typeof bounds !== 'object' || bounds === null) return undefined;
  const numbers = [bounds.x, bounds.y, bounds.width, bounds.height];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
  if (bounds.width! <= 0 || bounds.height! <= 0) return undefined;
  return {
    version: 1,
    bounds: { x: bounds.x!, y: bounds.y!, width: bounds.width!, height: bounds.height! },
    isMaximized: candidate.isMaximized === true,
  };
}

/**
 * Bounds to open the window with, given the saved state and the displays' work areas (screen
 * minus taskbar). The window goes on the display it overlaps most, shrunk to fit and moved fully
 * inside it; with no overlap (display gone) it is centred on the primary display.
 */
export function restoreBounds(saved: Rect | undefined, workAreas: readonly Rect[], primary: Rect): Rect {
  if (!saved) return centred(DEFAULT_SIZE, primary);
  const best = workAreas
    .map((area) => ({ area, overlap: overlapArea(saved, area) }))
    .sort((a, b) => b.overlap - a.overlap)[0];
  if (!best || best.overlap <= 0) return centred(saved, primary);
  return fitInside(saved, best.area);
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = clampSize(size.width, MIN_SIZE.width, area.width);
  const height = clampSize(size.height, MIN_SIZE.height, area.height);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

function fitInside(rect: Rect, area: Rect): Rect {
  const width = clampSize(rect.width, MIN_SIZE.width, area.width);
  const height = clampSize(rect.height, MIN_SIZE.height, area.height);
  return {
    x: Math.round(clamp(rect.x, area.x, area.x + area.width - width)),
    y: Math.round(clamp(rect.y, area.y, area.y + area.height - height)),
    width,
    height,
  };
}

/** The minimum size wins over the saved size, but a display smaller than the minimum wins over both. */
function clampSize(value: number, min: number, available: number): number {
  return Math.round(Math.min(Math.max(value, min), available));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

function overlapArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}
