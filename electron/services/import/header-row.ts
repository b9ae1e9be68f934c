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

/** Spreads a merged cell's value over every cell of its range (SheetJS keeps it only top-left). */
export function fillMerges(
  rows: string[][],
  merges: { s: { r: number; c: number }; e: { r: number; c: number } }[],
  rowOffset: number,
  colOffset: number,
): void {
  for (const merge of merges) {
    const top = merge.s.r - rowOffset;
    if (top < 0 || top >= HEADER_SCAN_ROWS) continue;
    const value = rows[top]?.[merge.s.c - colOffset] ?? '';
    for (let r = top; r <= merge.e.r - rowOffset && r < rows.length; r++) {
      const row = rows[r]!;
      for (let c = merge.s.c - colOffset; c <= merge.e.c - colOffset; c++) {
        while (row.length <= c) row.push('');
        if (!row[c]) row[c] = value;
      }
    }
  }
}
