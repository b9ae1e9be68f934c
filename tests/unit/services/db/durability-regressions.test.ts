import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/temp';
import { DurableDatabase, JOURNAL_DIR, SNAPSHOT_FILE } from '../../../../electron/services/db/durable-database';
import { journalFileName, listJournalFiles } from '../../../../electron/services/db/journal';
import { loadSqlJs } from '../../../../electron/services/db/sqljs';
import { listBackups } from '../../../../electron/services/db/snapshot-backups';
import { restoreWorkspaceBackup } from '../../../../electron/services/workspace/workspace-backups';

/**
 * The four durability findings of issue 11, each reproduced with a real fault on real files (a
 * folder where a file must go makes its creation fail, as a full or read-only disk would).
 */
const simple = [{ version: 1, name: 't', sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);' }];

function insert(db: DurableDatabase, value: string): void {
  db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', [value]));
}

function values(db: DurableDatabase): string[] {
  return db.all<{ v: string }>('SELECT v FROM t ORDER BY id').map((row) => row.v);
}

async function snapshotValues(dir: string): Promise<string[]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(fs.readFileSync(path.join(dir, SNAPSHOT_FILE)));
  try {
    return (db.exec('SELECT v FROM t ORDER BY id')[0]?.values ?? []).map((row) => String(row[0]));
  } finally {
    db.close();
  }
}

/** Flips one byte inside the record that carries `marker` (format-agnostic: found by its text). */
function flipByteOf(file: string, marker: string): void {
  const bytes = fs.readFileSync(file);
  const at = bytes.indexOf(Buffer.from(marker));
  expect(at).toBeGreaterThan(0);
  bytes[at + 2]! ^= 0x20;
  fs.writeFileSync(file, bytes);
}

describe('durability regressions (issue 11)', () => {
  it('refuses, and keeps the file whole, when a byte mid newest journal is damaged (was: cut to 1 of 5 inserts)', async () => {
    const dir = tempDir();
    const db = await DurableDatabase.open(dir, { migrations: simple });
    for (let i = 1; i <= 5; i++) insert(db, `insert-${i}`);
    await db.close({ checkpoint: false });
    const [newest] = listJournalFiles(path.join(dir, JOURNAL_DIR)).slice(-1);
    flipByteOf(newest!.file, 'insert-2');
    const damaged = fs.readFileSync(newest!.file);

    await expect(DurableDatabase.open(dir, { migrations: simple })).rejects.toMatchObject({ code: 'journal_damaged' });
    expect(fs.readFileSync(newest!.file).equals(damaged)).toBe(true);
  });

  it('restores a backup of a workspace whose older journal file is damaged (was: restore needed the workspace to open)', async () => {
    const dir = tempDir();
    const backupsDir = path.join(dir, 'backups');
    const first = await DurableDatabase.open(dir, { migrations: simple, backupsDir });
    insert(first, 'in the backup');
    await first.close(); // replaces the creation snapshot: today's daily backup
    fs.copyFileSync(path.join(dir, SNAPSHOT_FILE), path.join(backupsDir, 'griddesk-2026-01-01.db'));

    const db = await DurableDatabase.open(dir, { migrations: simple, backupsDir });
    insert(db, 'older-file');
    fs.mkdirSync(path.join(dir, `${SNAPSHOT_FILE}.tmp`)); // the snapshot cannot be written: the older file stays needed
    await expect(Promise.resolve().then(() => db.checkpoint())).rejects.toThrow();
    insert(db, 'newest-file');
    await db.close({ checkpoint: false });
    fs.rmdirSync(path.join(dir, `${SNAPSHOT_FILE}.tmp`));
    const files = listJournalFiles(path.join(dir, JOURNAL_DIR));
    expect(files.length).toBe(2);
    flipByteOf(files[0]!.file, 'older-file');

    await expect(DurableDatabase.open(dir, { migrations: simple, backupsDir })).rejects.toMatchObject({ code: 'journal_damaged' });
    await restoreWorkspaceBackup(dir, 'griddesk-2026-01-01.db');
    const restored = await DurableDatabase.open(dir, { migrations: simple, backupsDir });
    expect(values(restored)).toEqual(['in the backup']);
    await restored.close();
    expect(listBackups(backupsDir).some((backup) => backup.kind === 'before-restore')).toBe(true);
  });

  it('does not move the snapshot marker when the snapshot fails (was: close skipped the snapshot)', async () => {
    const dir = tempDir();
    const db = await DurableDatabase.open(dir, { migrations: simple });
    insert(db, 'only in the journal');
    const blocker = path.join(dir, `${SNAPSHOT_FILE}.tmp`);
    fs.mkdirSync(blocker);
    await expect(Promise.resolve().then(() => db.checkpoint())).rejects.toThrow();
    fs.rmdirSync(blocker);
    await db.close();
    expect(await snapshotValues(dir)).toEqual(['only in the journal']);
  });

  it('keeps writing to a live journal when creating the next journal file fails (was: writes to a closed handle)', async () => {
    const dir = tempDir();
    const db = await DurableDatabase.open(dir, { migrations: simple });
    insert(db, 'before');
    const next = path.join(dir, JOURNAL_DIR, journalFileName(db.lastSeq + 1));
    fs.mkdirSync(next);
    await expect(Promise.resolve().then(() => db.checkpoint())).rejects.toThrow();
    fs.rmdirSync(next);
    insert(db, 'after');
    await db.close({ checkpoint: false });
    const reopened = await DurableDatabase.open(dir, { migrations: simple });
    expect(values(reopened)).toEqual(['before', 'after']);
    await reopened.close();
  });
});
