import fs from 'node:fs';
import path from 'node:path';

/** One line of `npm run bench`: a measured figure, and the reference it is judged against. */
export interface BenchRow {
  issue: string;
  name: string;
  value: number;
  unit: string;
  /** The same work done the reference way, measured in the same run. */
  reference?: { name: string; value: number };
  /** A stated goal, e.g. "≤ 50 ms"; `pass` says whether it was met. */
  goal?: string;
  pass?: boolean;
}

export class BenchTable {
  readonly rows: BenchRow[] = [];

  add(row: BenchRow): void {
    this.rows.push(row);
    const ratio = row.reference ? ` (${(row.value / row.reference.value).toFixed(4)}× ${row.reference.name})` : '';
    process.stderr.write(`  · ${row.name}: ${format(row.value)} ${row.unit}${ratio}\n`);
  }

  print(): void {
    const header = ['issue', 'measure', 'value', 'reference (same run)', 'ratio', 'goal'];
    const lines = this.rows.map((row) => [
      row.issue,
      row.name,
      `${format(row.value)} ${row.unit}`,
      row.reference ? `${row.reference.name}: ${format(row.reference.value)} ${row.unit}` : '—',
      row.reference ? `${(row.value / row.reference.value).toFixed(4)}×` : '—',
      row.goal ? `${row.goal} ${row.pass ? '✓' : '✗'}` : '—',
    ]);
    const widths = header.map((title, i) => Math.max(width(title), ...lines.map((line) => width(line[i]!))));
    const render = (cells: string[]) => `| ${cells.map((cell, i) => cell + ' '.repeat(widths[i]! - width(cell))).join(' | ')} |`;
    process.stdout.write(`${render(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
    for (const line of lines) process.stdout.write(`${render(line)}\n`);
  }

  write(file: string, environment: Record<string, unknown>): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ measuredAt: new Date().toISOString(), environment, rows: this.rows }, null, 2)}\n`);
  }
}

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

/** Display width: CJK characters take two columns. */
function width(text: string): number {
  let columns = 0;
  for (const char of text) columns += /[\u3000-\u9fff\uff00-\uffef]/.test(char) ? 2 : 1;
  return columns;
}

export function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** Samples RSS while work runs; maxRSS from the OS catches peaks between samples. */
export class MemoryWatch {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.sample(), 50);
    this.timer.unref();
  }

  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return Math.max(this.peak, process.resourceUsage().maxRSS * 1024);
  }
}
