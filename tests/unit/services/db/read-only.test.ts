import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/temp';
import { DurableDatabase, JOURNAL_DIR } from '../../../../electron/services/db/durable-database';
import { encodeRecord, listJournalFiles } from '../../../../electron/services/db/journal';

const simple = [{ version: 1, name: 't', sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);' }];
const v2 = [...simple, { version: 2, name: 'u', sql: 'ALTER TABLE t ADD COLUMN w TEXT;' }];

/** Every file under `dir` with its bytes and modification time. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = `${fs.statSync(file).mtimeMs}:${fs.readFileSync(file).toString('base64')}`;
  }
  return files;
}

describe('read-only open', () => {
  it('replays into memory, refuses writes, and changes no file (not even a torn tail or a pending migration)', async () => {
    const dir = tempDir();
    const db = await DurableDatabase.open(dir, { migrations: simple, backupsDir: path.join(dir, 'backups') });
    db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['journaled']));
    await db.close({ checkpoint: false });
    const [tail] = listJournalFiles(path.join(dir, JOURNAL_DIR)).slice(-1);
    const torn = encodeRecord({ seq: 99, commit: true, body: { ops: [] } });
    fs.appendFileSync(tail!.file, torn.subarray(0, 10));
    const before = tree(dir);

    const readOnly = await DurableDatabase.open(dir, { migrations: v2, backupsDir: path.join(dir, 'backups'), readOnly: true });
    expect(readOnly.status()).toEqual({ readOnly: true, lastBackgroundError: undefined });
    expect(readOnly.all('SELECT v, w FROM t')).toEqual([{ v: 'journaled', w: null }]);
    expect(() => readOnly.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['no']))).toThrow(expect.objectContaining({ code: 'read_only' }));
    // Derived data (the search index) may be built in memory for this session; it is never saved.
    readOnly.writeDerived(() => readOnly.execute('UPDATE t SET w = ?', ['in memory']));
    expect(readOnly.all('SELECT w FROM t')).toEqual([{ w: 'in memory' }]);
    await expect(readOnly.checkpoint()).rejects.toMatchObject({ code: 'read_only' });
    expect(readOnly.needsCheckpoint()).toBe(false);
    await readOnly.close();
    expect(tree(dir)).toEqual(before);

    // A writer opening afterwards cuts the torn tail and upgrades as usual.
    const writer = await DurableDatabase.open(dir, { migrations: v2 });
    expect(writer.status().tornTail).toMatchObject({ file: tail!.file, bytes: 10 });
    expect(writer.all('SELECT v FROM t')).toEqual([{ v: 'journaled' }]);
    await writer.close();
  });
});
