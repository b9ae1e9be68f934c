/** Rows looked at when guessing the header row: titles and notes rarely take more. */
export const HEADER_SCAN_ROWS = 30;

const NUMERIC = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const DATE_LIKE = /^\d{2,4}[-/.年]\d{1,2}/;

/**
 * Guesses which row holds the headers: the one with the most distinct text labels (numbers and
 * dates are data, not labels), so a merged title row above the table (one value spread over all
 * its cells) or a note line loses to the real header. Returns a 0-based index.
 */
export function detectHeaderRow(rows: string[][]): number {
  let best = 0;
  let bestScore = -1;
  rows.slice(0, HEADER_SCAN_ROWS).forEach((row, index) => {
    const labels = new Set<string>();
    for (const cell of row) {
      const value = cell.trim();
      if (value && !NUMERIC.test(value) && !DATE_LIKE.test(value)) labels.add(value);
    }
    if (labels.size > bestScore) {
      best = index;
      bestScore = labels.size;
    }
  });
  return best;
}

/**
 * Header names for the chosen row. A blank cell under a merged cell of the row above (a two-level
 * header such as 位置 over 经度/纬度, or a label merged down over two rows) takes the upper label;
 * blank and repeated names are made unique (列3, 经度 (2)) so every column can be told apart.
 */
export function headerNames(rows: string[][], headerIndex: number): string[] {
  const header = rows[headerIndex] ?? [];
  const above = headerIndex > 0 ? rows[headerIndex - 1] ?? [] : [];
  const width = Math.max(header.length, ...rows.slice(headerIndex, headerIndex + 20).map((row) => row.length));
  const seen = new Map<string, number>();
  const names: string[] = [];
  for (let col = 0; col < width; col++) {
    let name = (header[col] ?? '').trim().replace(/\s+/g, ' ');
    if (!name) name = (above[col] ?? '').trim();
    if (!name) name = `列${col + 1}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    names.push(count > 1 ? `${name} (${count})` : name);
  }
  return names;
}

/**
 * Spreads a merged cell's value over every cell of its range (SheetJS keeps it only top-left),
 * clamped to the sheet's real extent: a merge written as A1:XFD1048576 is a few bytes of XML and
 * must not grow every row to 16,384 cells. Overlapping merges (Excel never writes them) stop once
 * the work exceeds twice the sheet's cells.
 */
export function fillMerges(
  rows: string[][],
  merges: { s: { r: number; c: number }; e: { r: number; c: number } }[],
  rowOffset: number,
  colOffset: number,
): void {
  const width = rows.reduce((most, row) => Math.max(most, row.length), 0);
  let budget = 2 * rows.length * width;
  for (const merge of merges) {
    const top = merge.s.r - rowOffset;
    const left = merge.s.c - colOffset;
    if (top < 0 || top >= HEADER_SCAN_ROWS || top >= rows.length || left < 0 || left >= width) continue;
    const value = rows[top]![left] ?? '';
    const bottom = Math.min(merge.e.r - rowOffset, rows.length - 1);
    const right = Math.min(merge.e.c - colOffset, width - 1);
    for (let r = top; r <= bottom; r++) {
      const row = rows[r]!;
      for (let c = left; c <= right; c++) {
        while (row.length <= c) row.push('');
        if (!row[c]) row[c] = value;
      }
      budget -= right - left + 1;
      if (budget < 0) return;
    }
  }
}
