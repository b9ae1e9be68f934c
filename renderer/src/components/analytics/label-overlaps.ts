import type { ECharts } from 'echarts/core';

/** A drawn text's box in chart pixels. */
interface Box { x: number; y: number; width: number; height: number; text: string }

/** Enough for every analytics chart; a chart with more texts is not checked (the pairs grow as n²). */
const MAX_TEXTS = 400;
/** Boxes that merely touch (antialiasing, a shared edge) are not a collision. */
const SLACK = 1;

/**
 * The texts a chart drew (axis labels, legend, colour scale ends, calendar names) that overlap
 * another: drawn to a canvas they cannot be measured from the page, so the chart reports them itself
 * (EChart.vue writes the count on its element; the e2e specs read it).
 */
export function labelOverlaps(chart: ECharts): { texts: number; overlaps: string[] } {
  const boxes: Box[] = [];
  // zrender's display list: what was actually painted, after layout.
  const zr = chart.getZr() as unknown as { storage: { getDisplayList(update: boolean): DrawnElement[] } };
  for (const el of zr.storage.getDisplayList(true)) {
    if ((el.type !== 'text' && el.type !== 'tspan') || el.invisible || el.ignore || !el.style?.text || (el.style.opacity ?? 1) === 0) continue;
    const rect = el.getBoundingRect().clone();
    const transform = el.getComputedTransform();
    if (transform) rect.applyTransform(transform);
    if (rect.width > 0 && rect.height > 0) boxes.push({ x: rect.x, y: rect.y, width: rect.width, height: rect.height, text: String(el.style.text) });
  }
  if (boxes.length > MAX_TEXTS) return { texts: boxes.length, overlaps: [] };
  const overlaps: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (w > SLACK && h > SLACK) overlaps.push(`${a.text} / ${b.text}`);
    }
  }
  return { texts: boxes.length, overlaps };
}

interface DrawnElement {
  type: string;
  invisible?: boolean;
  ignore?: boolean;
  style?: { text?: unknown; opacity?: number };
  getBoundingRect(): { clone(): { x: number; y: number; width: number; height: number; applyTransform(m: number[]): void } };
  getComputedTransform(): number[] | null;
}
