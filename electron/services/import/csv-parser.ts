/**
 * An incremental RFC 4180 parser: feed text chunks, get complete records back. Quoted fields may
 * hold delimiters, doubled quotes and line breaks (CRLF, LF or CR); a record is only emitted once
 * its end is seen, so a chunk boundary may fall anywhere. Written by hand because it has to stream
 * a million-row file without holding it, and it is faster than a general-purpose parser.
 */
export class CsvParser {
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  /** A quote inside a quoted field: either the closing quote or the first of a doubled pair. */
  private quotePending = false;
  private lastWasCr = false;
  private fieldStarted = false;

  constructor(private readonly delimiter = ',') {}

  push(text: string): string[][] {
    const out: string[][] = [];
    const delim = this.delimiter.charCodeAt(0);
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (text.charCodeAt(i) === 34) {
            this.field += '"';
            i++;
            continue;
          }
          this.inQuotes = false;
          continue; // re-read this character as unquoted
        }
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.field += text.slice(i);
          break;
        }
        this.field += text.slice(i, q);
        this.quotePending = true;
        i = q + 1;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 10 && this.lastWasCr) {
        this.lastWasCr = false;
        i++;
        continue;
      }
      this.lastWasCr = false;
      if (c === delim) {
        this.endField();
        i++;
      } else if (c === 10 || c === 13) {
        this.lastWasCr = c === 13;
        this.endRecord(out);
        i++;
      } else if (c === 34 && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
        i++;
      } else {
        // Scan a plain run up to the next delimiter, quote or line break in one slice.
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === delim || d === 10 || d === 13) break;
          j++;
        }
        this.field += text.slice(i, j);
        this.fieldStarted = true;
        i = j;
      }
    }
    return out;
  }

  end(): string[][] {
    const out: string[][] = [];
    this.quotePending = false;
    this.inQuotes = false;
    if (this.fieldStarted || this.record.length) this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.fieldStarted = false;
  }

  private endRecord(out: string[][]): void {
    this.endField();
    // A blank line is not a record.
    if (!(this.record.length === 1 && this.record[0] === '')) out.push(this.record);
    this.record = [];
  }
}

/** The delimiter of a text table: the one that splits the first lines most consistently. */
export function detectDelimiter(sample: string): string {
  const lines = sample.split(/\r\n|\n|\r/).slice(0, 20).filter((line) => line.length > 0);
  let best = ',';
  let bestScore = 0;
  for (const candidate of [',', '\t', ';', '|']) {
    const counts = lines.map((line) => line.split(candidate).length - 1);
    const min = Math.min(...counts);
    const score = min > 0 ? min * 10 + counts.length : Math.max(0, ...counts);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
