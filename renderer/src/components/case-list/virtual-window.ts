/**
 * Which rows of a fixed-row-height list are in view, for a scroll position.
 *
 * Browsers cap an element's height (Chromium near 33.5 million px), and 1,000,000 rows of 32 px come
 * close to it, so the scrolled spacer is at most MAX_SPACER_PX tall: beyond that a pixel of scrolling
 * moves more than a pixel of rows (scaled scrolling). Below the cap, scrolling is one to one.
 */
export const MAX_SPACER_PX = 16_000_000;

export interface WindowInput {
  /** The scroller's scrollTop. */
  scrollTop: number;
  /** Height of the part of the scroller that shows rows (without the sticky header). */
  viewHeight: number;
  rowHeight: number;
  total: number;
  /** Extra rows rendered above and below the view, so a short scroll shows no gap. */
  overscan?: number;
  maxSpacer?: number;
}

export interface RowWindow {
  /** Height of the scrolled spacer. */
  spacerHeight: number;
  /** First and last row index to render (inclusive); last < first when there is nothing. */
  first: number;
  last: number;
  /** First and last row actually visible (what must be fetched first). */
  firstVisible: number;
  lastVisible: number;
  /** Where the first rendered row sits inside the spacer. */
  offset: number;
}

export function rowWindow({ scrollTop, viewHeight, rowHeight, total, overscan = 4, maxSpacer = MAX_SPACER_PX }: WindowInput): RowWindow {
  const contentHeight = total * rowHeight;
  const spacerHeight = Math.min(contentHeight, maxSpacer);
  if (total <= 0) return { spacerHeight: 0, first: 0, last: -1, firstVisible: 0, lastVisible: -1, offset: 0 };
  const view = Math.max(0, viewHeight);
  const scrollRange = Math.max(0, spacerHeight - view);
  const top = Math.min(Math.max(0, scrollTop), scrollRange);
  // Position in the full-height list: scaled only when the spacer had to be shortened.
  const virtualTop = scrollRange > 0 && spacerHeight < contentHeight ? (top * (contentHeight - view)) / scrollRange : top;
  const firstVisible = Math.min(total - 1, Math.floor(virtualTop / rowHeight));
  const lastVisible = Math.min(total - 1, Math.max(firstVisible, Math.ceil((virtualTop + view) / rowHeight) - 1));
  const first = Math.max(0, firstVisible - overscan);
  const last = Math.min(total - 1, lastVisible + overscan);
  // Row `first` sits (first·h − virtualTop) below the view's top edge, and the view's top edge is at `top`.
  return { spacerHeight, first, last, firstVisible, lastVisible, offset: top + first * rowHeight - virtualTop };
}

/** The scrollTop that shows row `index` at the view's top edge (the inverse of rowWindow). */
export function scrollTopFor(index: number, { viewHeight, rowHeight, total, maxSpacer = MAX_SPACER_PX }: Omit<WindowInput, 'scrollTop' | 'overscan'>): number {
  const contentHeight = total * rowHeight;
  const spacerHeight = Math.min(contentHeight, maxSpacer);
  const view = Math.max(0, viewHeight);
  const scrollRange = Math.max(0, spacerHeight - view);
  const virtualTop = Math.min(Math.max(0, index * rowHeight), Math.max(0, contentHeight - view));
  return spacerHeight < contentHeight && contentHeight > view ? (virtualTop * scrollRange) / (contentHeight - view) : virtualTop;
}
