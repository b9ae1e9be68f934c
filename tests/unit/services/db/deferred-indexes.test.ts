import { describe, expect, it } from 'vitest';
import { DeferredIndexBuilder, DeferredIndexesRepository } from '../../../../electron/services/db/deferred-indexes.repository';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { tempDir } from '../../../support/temp';

/** The full schema plus a small table with two indexes, one of them unique. */
const schema = [
  ...migrations,
  {
    version: migrations.length + 1,
    name: 'deferred_test',
    sql: `CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT);
          CREATE INDEX t_a ON t(a);
          CREATE UNIQUE INDEX t_b ON t(b);`,
  },
];

const indexNames = (db: DurableDatabase) =>
  db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 't' ORDER BY name`).map((r) => r.name);

/** Waits (up to five seconds) for the background builder to get somewhere. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('deferred indexes', () => {
  it('drops and records indexes in the same durable transaction as the rows, and survives a restart', async () => {
    const dir = tempDir();
    const db = await DurableDatabase.open(dir, { migrations: schema });
    const deferred = db.transaction((tx) => {
      const n = new DeferredIndexesRepository(db).defer(tx, 't');
      for (let i = 0; i < 100; i++) tx.run('INSERT INTO t (a, b) VALUES (?, ?)', [i % 7, `b${i}`]);
      return n;
    });
    expect(deferred).toBe(2);
    expect(indexNames(db)).toEqual([]);
    await db.close({ checkpoint: false });

    // Replayed from the journal: the rows, the missing indexes and the to-do list agree.
    const reopened = await DurableDatabase.open(dir, { migrations: schema });
    const repo = new DeferredIndexesRepository(reopened);
    expect(reopened.get<{ n: number }>('SELECT count(*) AS n FROM t')!.n).toBe(100);
    expect(indexNames(reopened)).toEqual([]);
    expect(repo.pending()).toBe(2);
    expect(repo.buildAll()).toBe(2);
    expect(indexNames(reopened)).toEqual(['t_a', 't_b']);
    expect(repo.pending()).toBe(0);
    await reopened.close({ checkpoint: false });

    const again = await DurableDatabase.open(dir, { migrations: schema });
    expect(indexNames(again)).toEqual(['t_a', 't_b']);
    expect(new DeferredIndexesRepository(again).pending()).toBe(0);
    expect(again.get<{ integrity_check: string }>('PRAGMA integrity_check')?.integrity_check).toBe('ok');
    await again.close();
  });

  it('builds in the background; an index that cannot be built is reported and stays pending', async () => {
    const db = await DurableDatabase.open(tempDir(), { migrations: schema });
    const repo = new DeferredIndexesRepository(db);
    db.transaction((tx) => {
      repo.defer(tx, 't');
      // Duplicates the unique index will refuse.
      tx.run(`INSERT INTO t (a, b) VALUES (1, 'same'), (2, 'same')`);
    });
    const failures: Error[] = [];
    const builder = new DeferredIndexBuilder(repo, 1, (error) => failures.push(error));
    builder.schedule();
    await until(() => failures.length > 0);
    expect(failures.map((f) => f.message).join()).toMatch(/UNIQUE/);
    expect(indexNames(db)).toEqual(['t_a']);
    expect(repo.pending()).toBe(1);

    // Once the data is fixed, the next schedule (the next open, or the next import) finishes it.
    db.transaction((tx) => tx.run(`UPDATE t SET b = 'other' WHERE a = 2`));
    builder.schedule();
    await until(() => repo.pending() === 0);
    expect(indexNames(db)).toEqual(['t_a', 't_b']);
    expect(repo.pending()).toBe(0);
    expect(failures).toHaveLength(1);
    builder.stop();
    await db.close();
  });

  it('stops before the workspace closes, leaving the rest for the next open', async () => {
    const db = await DurableDatabase.open(tempDir(), { migrations: schema });
    const repo = new DeferredIndexesRepository(db);
    db.transaction((tx) => repo.defer(tx, 't'));
    const builder = new DeferredIndexBuilder(repo, 50);
    builder.schedule();
    builder.stop();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(repo.pending()).toBe(2);
    await db.close();
  });
});
