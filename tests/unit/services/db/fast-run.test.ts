import { describe, expect, it } from 'vitest';
import { fastRunner, loadSqlJs } from '../../../../electron/services/db/sqljs';

const VALUES: (string | number | null)[][] = [
  ['网格化治理 东城区', 0, -1, 2 ** 31, 1_795_321_516_091, 116.397_128, null, ''],
  ['emoji 😀 and a lone \u00e9', -(2 ** 31), 2 ** 31 - 1, -1.5, 1e-300, Number.MAX_SAFE_INTEGER, 'x'.repeat(5000), null],
  ['', 7, 0.1 + 0.2, -0, 42, 3, '路面塌陷', 'GD2611-000001'],
];

describe('fast binding', () => {
  it('finds the statement handle of the shipped sql.js build and stores exactly what sql.js bind stores', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    const run = fastRunner(SQL, db);
    expect(run).toBeTypeOf('function');
    db.exec('CREATE TABLE fast (a, b, c, d, e, f, g, h); CREATE TABLE slow (a, b, c, d, e, f, g, h)');
    const fast = db.prepare('INSERT INTO fast VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const slow = db.prepare('INSERT INTO slow VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const row of VALUES) {
      expect(run!(fast, row)).toBe(true);
      slow.run(row);
      slow.reset();
    }
    const read = (table: string) => db.exec(`SELECT a, b, c, d, e, f, g, h, typeof(a) || typeof(b) || typeof(c) || typeof(d) || typeof(e) || typeof(f) || typeof(g) || typeof(h) FROM ${table} ORDER BY rowid`)[0]!.values;
    expect(read('fast')).toEqual(read('slow'));
    expect(read('fast')[0]![0]).toBe('网格化治理 东城区');
    fast.free();
    slow.free();
    db.close();
  });

  it('reports SQLite errors as sql.js does, and leaves values it does not handle to sql.js', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    const run = fastRunner(SQL, db)!;
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    expect(run(insert, [1, 'a'])).toBe(true);
    expect(() => run(insert, [1, 'b'])).toThrow(/UNIQUE constraint failed/);
    expect(() => run(insert, [2, null])).toThrow(/NOT NULL constraint failed/);
    expect(() => run(insert, [2, 'b', 'extra'])).toThrow(/column index out of range|range/);
    // The statement is usable after each failure.
    expect(run(insert, [2, 'b'])).toBe(true);
    expect(run(insert, [3, new Uint8Array([1]) as unknown as string])).toBe(false);
    expect(db.exec('SELECT count(*) FROM t')[0]!.values[0]![0]).toBe(2);
    insert.free();
    db.close();
  });
});
