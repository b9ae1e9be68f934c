import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/temp';
import { DurableDatabase, JOURNAL_DIR } from '../../../../electron/services/db/durable-database';
import { journalFileName, listJournalFiles, readRecordAt, type JournalRecord } from '../../../../electron/services/db/journal';

/** Journals written before records had a magic and a header checksum (v1) still replay. */
const simple = [{ version: 1, name: 't', sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);' }];
const INSERT = 'INSERT INTO t (v) VALUES (?)';

/** The v1 frame, as GridDesk wrote it before: [u32 length][u32 crc32 of payload][payload]. */
function v1Frame(record: JournalRecord): Buffer {
  const payload = Buffer.from(JSON.stringify(record), 'utf8');
  const header = Buffer.alloc(8);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

const insert = (seq: number, value: string, commit = true): JournalRecord => ({ seq, commit, body: { ops: [{ sql: INSERT, rows: [[value]] }] } });

/** A snapshotted workspace plus a v1 journal after it: one plain, one two-record, one plain transaction. */
async function oldWorkspace(): Promise<{ dir: string; file: string; frames: Buffer[] }> {
  const dir = tempDir();
  const db = await DurableDatabase.open(dir, { migrations: simple });
  const seq = db.lastSeq;
  await db.close();
  for (const { file } of listJournalFiles(path.join(dir, JOURNAL_DIR))) fs.rmSync(file);
  const frames = [insert(seq + 1, 'v1-a'), insert(seq + 2, 'v1-b1', false), insert(seq + 2, 'v1-b2'), insert(seq + 3, 'v1-c')].map(v1Frame);
  const file = path.join(dir, JOURNAL_DIR, journalFileName(seq + 1));
  fs.writeFileSync(file, Buffer.concat(frames));
  return { dir, file, frames };
}

async function values(dir: string, options: Parameters<typeof DurableDatabase.open>[1] = {}): Promise<string[]> {
  const db = await DurableDatabase.open(dir, { migrations: simple, ...options });
  try {
    return db.all<{ v: string }>('SELECT v FROM t ORDER BY id').map((row) => row.v);
  } finally {
    await db.close({ checkpoint: false });
  }
}

describe('journal format', () => {
  it('replays a v1 journal, then appends v2 records to the same file and replays both', async () => {
    const { dir, file } = await oldWorkspace();
    expect(await values(dir)).toEqual(['v1-a', 'v1-b1', 'v1-b2', 'v1-c']);
    const db = await DurableDatabase.open(dir, { migrations: simple });
    db.transaction((tx) => tx.run(INSERT, ['v2-d']));
    await db.close({ checkpoint: false });
    const data = fs.readFileSync(file);
    const last = readRecordAt(data, data.lastIndexOf(Buffer.from([0x47, 0x44, 0x4a, 0xd7])), true);
    expect(last).toMatchObject({ kind: 'record', v2: true });
    expect(await values(dir)).toEqual(['v1-a', 'v1-b1', 'v1-b2', 'v1-c', 'v2-d']);
  });

  it('cuts a torn v1 record at the end (into quarantine)', async () => {
    const { dir, file } = await oldWorkspace();
    const torn = v1Frame(insert(99, 'never acknowledged'));
    fs.appendFileSync(file, torn.subarray(0, torn.length - 3));
    expect(await values(dir)).toEqual(['v1-a', 'v1-b1', 'v1-b2', 'v1-c']);
  });

  it('refuses a damaged v1 record followed by good ones, and salvages the good ones', async () => {
    const { dir, file, frames } = await oldWorkspace();
    const data = fs.readFileSync(file);
    data[frames[0]!.length + 20]! ^= 0x01; // inside the first record of the two-record transaction
    fs.writeFileSync(file, data);
    await expect(values(dir)).rejects.toMatchObject({ code: 'journal_damaged', details: { file, record: 2, kind: 'crc' } });
    expect(await values(dir, { recovery: 'read-only-to-damage' })).toEqual(['v1-a']);
    const salvaged = await DurableDatabase.open(dir, { migrations: simple, recovery: 'salvage' });
    expect(salvaged.salvageReport).toMatchObject({ applied: 1, skipped: [{ record: 2 }, { record: 3 }] });
    await salvaged.close();
    expect(await values(dir)).toEqual(['v1-a', 'v1-c']);
  });
});
