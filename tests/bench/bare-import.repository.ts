import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadSqlJs } from '../../electron/services/db/sqljs';
import { CsvParser } from '../../electron/services/import/csv-parser';

const ROWS_PER_STATEMENT = 100;

/**
 * sql.js's own floor for the import bench: the CSV's records, already parsed (parsing is not
 * timed), into a bare table of TEXT columns, in one transaction, 100 rows per prepared INSERT —
 * what `sqlite3 .import` does natively, without the file's parsing. No import of ours can be
 * faster than this in sql.js; the ratio of the two says what the WASM build itself costs.
 */
export async function bareInsertMs(csv: string): Promise<{ ms: number; rows: number }> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  const parser = new CsvParser(',');
  const decoder = new TextDecoder('utf-8');
  const fd = fs.openSync(csv, 'r');
  const chunk = Buffer.alloc(1 << 20);
  let width = 0;
  let pending: string[] = [];
  let rows = 0;
  let ms = 0;
  let statement: ReturnType<typeof db.prepare> | undefined;
  const timed = (work: () => void) => {
    const start = performance.now();
    work();
    ms += performance.now() - start;
  };
  const flush = (n: number) => {
    if (n === ROWS_PER_STATEMENT) {
      statement ??= db.prepare(insertSql(width, n));
      const values = pending;
      timed(() => statement!.run(values));
    } else {
      const values = pending;
      timed(() => db.run(insertSql(width, n), values));
    }
    rows += n;
    pending = [];
  };
  try {
    timed(() => db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; BEGIN'));
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      const records = n > 0 ? parser.push(decoder.decode(chunk.subarray(0, n), { stream: true })) : parser.end();
      for (const record of records) {
        if (!width) {
          width = record.length;
          timed(() => db.exec(`CREATE TABLE t (${record.map((_, i) => `c${i} TEXT`).join(', ')})`));
          continue;
        }
        for (let i = 0; i < width; i++) pending.push(record[i] ?? '');
        if (pending.length === width * ROWS_PER_STATEMENT) flush(ROWS_PER_STATEMENT);
      }
      if (n === 0) break;
    }
    if (pending.length) flush(pending.length / width);
    timed(() => db.exec('COMMIT'));
  } finally {
    fs.closeSync(fd);
    statement?.free();
    db.close();
  }
  return { ms, rows };
}

function insertSql(width: number, rows: number): string {
  const row = `(${Array(width).fill('?').join(', ')})`;
  return `INSERT INTO t VALUES ${Array(rows).fill(row).join(', ')}`;
}
