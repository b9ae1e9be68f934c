import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/temp';
import { DurableDatabase, JOURNAL_DIR, SNAPSHOT_FILE, type JournalDamage } from '../../../../electron/services/db/durable-database';
import { listJournalFiles, readRecordAt } from '../../../../electron/services/db/journal';
import { QUARANTINE_DIR } from '../../../../electron/services/db/journal-recovery';
import { restoreWorkspaceBackup } from '../../../../electron/services/workspace/workspace-backups';

/**
 * Every record position of a two-file journal (an older file a failed snapshot left needed, and
 * the newest file) × three kinds of damage: one flipped byte, 4 KiB of zeros, the file cut inside
 * the record. Expected for each: a truncation of the newest file is a torn tail (the cut bytes go
 * to quarantine); everything else refuses, naming the file and the record, and each way out works:
 * read-only sees exactly the records before the damage, salvage every intact record after it, and
 * a backup restores without the workspace opening.
 */
const simple = [{ version: 1, name: 't', sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);' }];
const OLDER = 4;
const NEWEST = 5;
const BACKUP = 'griddesk-2026-01-01.db';

interface Rec {
  fileIndex: number;
  number: number;
  offset: number;
  end: number;
  value: string;
}

const valueOf = (name: string) => `${name}:${'x'.repeat(2500)}`;
let base: string;
let records: Rec[];

async function buildWorkspace(dir: string): Promise<void> {
  const backupsDir = path.join(dir, 'backups');
  const first = await DurableDatabase.open(dir, { migrations: simple, backupsDir });
  first.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['in the backup']));
  await first.close();
  fs.copyFileSync(path.join(dir, SNAPSHOT_FILE), path.join(backupsDir, BACKUP));
  const db = await DurableDatabase.open(dir, { migrations: simple, backupsDir });
  for (let i = 1; i <= OLDER; i++) db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', [valueOf(`older-${i}`)]));
  const blocker = path.join(dir, `${SNAPSHOT_FILE}.tmp`);
  fs.mkdirSync(blocker); // the snapshot fails: the older file stays needed
  await expect(db.checkpoint()).rejects.toThrow();
  fs.rmdirSync(blocker);
  for (let i = 1; i <= NEWEST; i++) db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', [valueOf(`newest-${i}`)]));
  await db.close({ checkpoint: false });
}

function journalFiles(dir: string): string[] {
  return listJournalFiles(path.join(dir, JOURNAL_DIR)).map((f) => f.file);
}

function recordsOf(dir: string): Rec[] {
  return journalFiles(dir).flatMap((file, fileIndex) => {
    const data = fs.readFileSync(file);
    const found: Rec[] = [];
    for (let offset = 0; offset < data.length; ) {
      const read = readRecordAt(data, offset, found.length > 0);
      if (read.kind !== 'record') throw new Error(`unexpected ${read.kind} at ${offset}`);
      const value = (read.record.body as { ops: { rows: string[][] }[] }).ops[0]!.rows[0]![0]!;
      found.push({ fileIndex, number: found.length + 1, offset, end: read.end, value });
      offset = read.end;
    }
    return found;
  });
}

type Damage = 'flip' | 'zero-page' | 'truncate';

/** Damages `target`; returns the records whose bytes changed or are gone. */
function damage(dir: string, target: Rec, kind: Damage): Rec[] {
  const file = journalFiles(dir)[target.fileIndex]!;
  const bytes = fs.readFileSync(file);
  const original = Buffer.from(bytes);
  let length = bytes.length;
  if (kind === 'flip') {
    // The magic, the length field or the payload, by turn.
    const at = [target.offset + 1, target.offset + 5, Math.floor((target.offset + target.end) / 2)][target.number % 3]!;
    bytes[at]! ^= 0x5a;
  } else if (kind === 'zero-page') bytes.fill(0, target.offset, Math.min(target.offset + 4096, bytes.length));
  else length = target.offset + Math.floor((target.end - target.offset) / 2);
  fs.writeFileSync(file, bytes.subarray(0, length));
  return records.filter(
    (rec) => rec.fileIndex === target.fileIndex && (rec.end > length || !original.subarray(rec.offset, rec.end).equals(bytes.subarray(rec.offset, rec.end))),
  );
}

function snapshotFiles(dir: string): Map<string, Buffer> {
  return new Map(journalFiles(dir).map((file) => [path.basename(file), fs.readFileSync(file)]));
}

function quarantined(dir: string): Map<string, Buffer> {
  const root = path.join(dir, QUARANTINE_DIR);
  const found = new Map<string, Buffer>();
  if (!fs.existsSync(root)) return found;
  for (const stamp of fs.readdirSync(root)) for (const name of fs.readdirSync(path.join(root, stamp))) found.set(name, fs.readFileSync(path.join(root, stamp, name)));
  return found;
}

async function values(db: DurableDatabase): Promise<string[]> {
  return db.all<{ v: string }>('SELECT v FROM t ORDER BY id').map((row) => row.v);
}

const cases = Array.from({ length: OLDER + NEWEST }, (_, index) => index).flatMap((index) =>
  (['flip', 'zero-page', 'truncate'] as const).map((kind) => ({
    index,
    kind,
    where: index < OLDER ? `older file, record ${index + 1}` : `newest file, record ${index - OLDER + 1}`,
  })),
);

describe('damaged journal matrix', () => {
  // Built once and copied per case (tempDir() folders go after each test).
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-matrix-'));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
  beforeAll(async () => {
    base = path.join(scratch, 'ws');
    await buildWorkspace(base);
    records = recordsOf(base);
    expect(records.map((r) => r.fileIndex)).toEqual([...Array(OLDER).fill(0), ...Array(NEWEST).fill(1)]);
  });

  it.each(cases)('$where: $kind', async ({ index, kind }) => {
    const dir = path.join(tempDir(), 'ws');
    fs.cpSync(base, dir, { recursive: true });
    const target = records[index]!;
    const damaged = damage(dir, target, kind);
    expect(damaged[0]).toBe(target);
    const before = records.filter((rec) => rec.fileIndex < target.fileIndex || (rec.fileIndex === target.fileIndex && rec.number < target.number));
    const intact = records.filter((rec) => !damaged.includes(rec));
    const damagedFile = journalFiles(dir)[target.fileIndex]!;
    const onDisk = snapshotFiles(dir);
    const backupsDir = path.join(dir, 'backups');

    if (kind === 'truncate' && target.fileIndex === 1) {
      // Indistinguishable from a write that never finished: cut, but the cut bytes are kept.
      const cutBytes = onDisk.get(path.basename(damagedFile))!.subarray(target.offset);
      const db = await DurableDatabase.open(dir, { migrations: simple });
      expect(await values(db)).toEqual(['in the backup', ...before.map((r) => r.value)]);
      expect(db.status().tornTail).toMatchObject({ file: damagedFile, offset: target.offset, bytes: cutBytes.length });
      await db.close();
      expect(quarantined(dir).get(`${path.basename(damagedFile)}.torn-at-${target.offset}`)).toEqual(cutBytes);
      return;
    }

    // Refused, with the file and the record named, and nothing on disk changed.
    const refused = await DurableDatabase.open(dir, { migrations: simple }).then(
      () => undefined,
      (error: { code: string; message: string; details: JournalDamage }) => error,
    );
    expect(refused?.code).toBe('journal_damaged');
    expect(refused!.details).toMatchObject({ file: damagedFile, record: target.number, offset: target.offset, readableBefore: before.length });
    expect(refused!.message).toContain(damagedFile);
    expect(refused!.message).toContain(`第 ${target.number} 条记录`);
    expect(snapshotFiles(dir)).toEqual(onDisk);

    // Way out 1: read-only up to the damage.
    const readOnly = await DurableDatabase.open(dir, { migrations: simple, recovery: 'read-only-to-damage' });
    expect(readOnly.status()).toMatchObject({ readOnly: true, damage: refused!.details });
    expect(await values(readOnly)).toEqual(['in the backup', ...before.map((r) => r.value)]);
    expect(() => readOnly.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['no']))).toThrow(expect.objectContaining({ code: 'read_only' }));
    await readOnly.close();
    expect(snapshotFiles(dir)).toEqual(onDisk);
    expect(fs.existsSync(path.join(dir, QUARANTINE_DIR))).toBe(false);

    // Way out 2: a backup restores without the workspace opening; the replaced files are kept.
    const restoredDir = path.join(tempDir(), 'ws');
    fs.cpSync(dir, restoredDir, { recursive: true });
    const { quarantinedTo } = await restoreWorkspaceBackup(restoredDir, BACKUP);
    for (const [name, bytes] of onDisk) expect(fs.readFileSync(path.join(quarantinedTo, name))).toEqual(bytes);
    const restored = await DurableDatabase.open(restoredDir, { migrations: simple });
    expect(await values(restored)).toEqual(['in the backup']);
    await restored.close();

    // Way out 3: salvage every intact record after the damage, report the rest, keep the originals.
    const salvaged = await DurableDatabase.open(dir, { migrations: simple, backupsDir, recovery: 'salvage' });
    const after = intact.filter((rec) => !before.includes(rec));
    expect(salvaged.salvageReport!.applied).toBe(after.length);
    expect(salvaged.salvageReport!.skipped[0]).toMatchObject({ file: damagedFile, record: target.number, offset: target.offset });
    expect(await values(salvaged)).toEqual(['in the backup', ...intact.map((r) => r.value)]);
    for (const [name, bytes] of onDisk) expect(fs.readFileSync(path.join(salvaged.salvageReport!.quarantinedTo, name))).toEqual(bytes);
    salvaged.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['after salvage']));
    await salvaged.close({ checkpoint: false });
    const reopened = await DurableDatabase.open(dir, { migrations: simple });
    expect(await values(reopened)).toEqual(['in the backup', ...intact.map((r) => r.value), 'after salvage']);
    await reopened.close();
  });
});
