import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/temp';
import { DurableDatabase, JOURNAL_DIR } from '../../../../electron/services/db/durable-database';
import { encodeRecord, listJournalFiles } from '../../../../electron/services/db/journal';
import { migrations } from '../../../../electron/services/db/migrations';

const simple = [{ version: 1, name: 't', sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);' }];

describe('DurableDatabase', () => {
  it('keeps committed writes across a close without checkpoint (journal replay)', async () => {
    const dir = tempDir();
    const db = await DurableDatabase.open(dir, { migrations: simple });
    db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['a']));
    db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['b']));
    await db.close({ checkpoint: false });
    const reopened = await DurableDatabase.open(dir, { migrations: simple });
    expect(reopened.all('SELECT v FROM t ORDER BY id')).toEqual([{ v: 'a' }, { v: 'b' }]);
    expect(reopened.lastSeq).toBe(db.lastSeq);
    await reopened.close();
  });

  it('leaves nothing behind when a transaction throws', async () => {
    const dir = tempDir();
    const db = await DurableDatabase.open(dir, { migrations: simple });
    expect(() =>
      db.transaction((tx) => {
        tx.run('INSERT INTO t (v) VALUES (?)', ['kept?']);
        tx.run('INSERT INTO t (v) VALUES (?)', [null]);
      }),
    ).toThrow(/NOT NULL/);
    await db.close({ checkpoint: false });
    const reopened = await DurableDatabase.open(dir, { migrations: simple });
    expect(reopened.all('SELECT * FROM t')).toEqual([]);
    await reopened.close();
  });

  it('checkpoints into a snapshot and drops the covered journal', async () => {
    const dir = tempDir();
    const db = await DurableDatabase.open(dir, { migrations: simple });
    for (let i = 0; i < 20; i++) db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', [`r${i}`]));
    await db.checkpoint();
    db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['after']));
    expect(listJournalFiles(path.join(dir, JOURNAL_DIR))).toHaveLength(1);
    await db.close({ checkpoint: false });
    const reopened = await DurableDatabase.open(dir, { migrations: simple });
    expect(reopened.get<{ n: number }>('SELECT count(*) AS n FROM t')?.n).toBe(21);
    await reopened.close();
  });

  it('commits a transaction larger than one journal chunk atomically', async () => {
    const dir = tempDir();
    const db = await DurableDatabase.open(dir, { migrations: simple });
    const big = 'x'.repeat(1000);
    db.transaction((tx) => {
      for (let i = 0; i < 6000; i++) tx.run('INSERT INTO t (v) VALUES (?)', [big + i]);
    });
    expect(() =>
      db.transaction((tx) => {
        for (let i = 0; i < 6000; i++) tx.run('INSERT INTO t (v) VALUES (?)', [big + i]);
        throw new Error('cancelled by user');
      }),
    ).toThrow('cancelled by user');
    db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['last']));
    await db.close({ checkpoint: false });
    const reopened = await DurableDatabase.open(dir, { migrations: simple });
    expect(reopened.get<{ n: number }>('SELECT count(*) AS n FROM t')?.n).toBe(6001);
    await reopened.close();
  });

  it('cuts off a torn record at the journal tail', async () => {
    const dir = tempDir();
    const db = await DurableDatabase.open(dir, { migrations: simple });
    db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['whole']));
    await db.close({ checkpoint: false });
    const [tail] = listJournalFiles(path.join(dir, JOURNAL_DIR)).slice(-1);
    // The first part of a record whose write never finished (the process died mid-write).
    const torn = encodeRecord({ seq: db.lastSeq + 1, commit: true, body: { ops: [{ sql: 'INSERT INTO t (v) VALUES (?)', rows: [['torn']] }] } });
    fs.appendFileSync(tail!.file, torn.subarray(0, torn.length - 5));
    const reopened = await DurableDatabase.open(dir, { migrations: simple });
    expect(reopened.all('SELECT v FROM t')).toEqual([{ v: 'whole' }]);
    reopened.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['next']));
    await reopened.close({ checkpoint: false });
    const again = await DurableDatabase.open(dir, { migrations: simple });
    expect(again.all('SELECT v FROM t ORDER BY id')).toEqual([{ v: 'whole' }, { v: 'next' }]);
    await again.close();
  });

  it('applies the real schema migrations and passes the integrity check', async () => {
    const dir = tempDir();
    const db = await DurableDatabase.open(dir, { migrations });
    expect(db.get<{ user_version: number }>('PRAGMA user_version')?.user_version).toBe(migrations.length);
    expect(db.get<{ integrity_check: string }>('PRAGMA integrity_check')?.integrity_check).toBe('ok');
    await db.close();
  });

  it('refuses a workspace written by a newer schema', async () => {
    const dir = tempDir();
    const newer = [...simple, { version: 2, name: 'u', sql: 'CREATE TABLE u (id INTEGER PRIMARY KEY);' }];
    const db = await DurableDatabase.open(dir, { migrations: newer });
    await db.close();
    await expect(DurableDatabase.open(dir, { migrations: simple })).rejects.toThrow(/newer GridDesk/);
  });
});
