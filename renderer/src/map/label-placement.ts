/** Pure helpers for placing map labels without overlaps (no Leaflet, unit-tested). */

export interface ScreenPoint {
  x: number;
  y: number;
}

export interface LabelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The screen box a centred label takes: CJK glyphs are about one em wide, Latin about 0.6 em. */
export function labelBox(center: ScreenPoint, text: string, fontSize: number): LabelBox {
  let width = 0;
  for (const ch of text) width += ch.charCodeAt(0) > 0x2e80 ? fontSize : fontSize * 0.6;
  const halfW = width / 2 + 4;
  const halfH = fontSize * 0.7 + 2;
  return { x0: center.x - halfW, y0: center.y - halfH, x1: center.x + halfW, y1: center.y + halfH };
}

export function boxesOverlap(a: LabelBox, b: LabelBox): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** Keeps labels in order, dropping any that would overlap one already kept. */
export function placeLabels<T>(items: readonly T[], boxOf: (item: T) => LabelBox): T[] {
  const placed: LabelBox[] = [];
  return items.filter((item) => {
    const box = boxOf(item);
    if (placed.some((other) => boxesOverlap(box, other))) return false;
    placed.push(box);
    return true;
  });
}
