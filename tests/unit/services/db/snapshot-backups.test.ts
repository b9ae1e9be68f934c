import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/temp';
import { DurableDatabase, SNAPSHOT_FILE } from '../../../../electron/services/db/durable-database';
import { loadSqlJs } from '../../../../electron/services/db/sqljs';
import { DAILY_BACKUPS_KEPT, listBackups } from '../../../../electron/services/db/snapshot-backups';

const v1 = [{ version: 1, name: 't', sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);' }];
const v2 = [...v1, { version: 2, name: 'u', sql: 'ALTER TABLE t ADD COLUMN w TEXT;' }];
const DAY_MS = 86_400_000;

async function valuesIn(file: string): Promise<{ values: string[]; userVersion: number }> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(fs.readFileSync(file));
  try {
    const values = (db.exec('SELECT v FROM t ORDER BY id')[0]?.values ?? []).map((row) => String(row[0]));
    const userVersion = Number(db.exec('PRAGMA user_version')[0]!.values[0]![0]);
    return { values, userVersion };
  } finally {
    db.close();
  }
}

async function writeAndClose(dir: string, backupsDir: string, value: string, migrations = v1): Promise<void> {
  const db = await DurableDatabase.open(dir, { migrations, backupsDir });
  db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', [value]));
  await db.close();
}

/** Pretends the snapshot on disk was written `days` ago (backups are named by that day). */
function ageSnapshot(dir: string, days: number): void {
  const when = new Date(Date.now() - days * DAY_MS);
  fs.utimesSync(path.join(dir, SNAPSHOT_FILE), when, when);
}

function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe('snapshot backups', () => {
  it('keeps the snapshot a newer one replaces as the backup of the day it was written', async () => {
    const dir = tempDir();
    const backups = path.join(dir, 'backups');
    await writeAndClose(dir, backups, 'monday');
    ageSnapshot(dir, 1);
    await writeAndClose(dir, backups, 'tuesday');

    // The first session's close replaced the empty snapshot made at creation: today's backup.
    expect(listBackups(backups).map((b) => [b.name, b.kind])).toEqual([
      [`griddesk-${localDay(Date.now())}.db`, 'daily'],
      [`griddesk-${localDay(Date.now() - DAY_MS)}.db`, 'daily'],
    ]);
    expect((await valuesIn(path.join(backups, `griddesk-${localDay(Date.now() - DAY_MS)}.db`))).values).toEqual(['monday']);
    expect((await valuesIn(path.join(backups, `griddesk-${localDay(Date.now())}.db`))).values).toEqual([]);
    expect((await valuesIn(path.join(dir, SNAPSHOT_FILE))).values).toEqual(['monday', 'tuesday']);
  });

  it('replaces a day’s backup by that day’s later snapshot, and keeps the newest days only', async () => {
    const dir = tempDir();
    const backups = path.join(dir, 'backups');
    const days = DAILY_BACKUPS_KEPT + 2;
    await writeAndClose(dir, backups, 'start');
    for (let daysAgo = days; daysAgo >= 1; daysAgo--) {
      // Two snapshots on each past day: the day's backup must end up holding the second.
      ageSnapshot(dir, daysAgo);
      await writeAndClose(dir, backups, `day-${daysAgo}-early`);
      ageSnapshot(dir, daysAgo);
      await writeAndClose(dir, backups, `day-${daysAgo}-late`);
    }
    const daily = listBackups(backups).filter((b) => b.kind === 'daily');
    expect(daily).toHaveLength(DAILY_BACKUPS_KEPT);
    // Newest first: today's (from the first session), then the past days down to the 7th.
    expect(daily.map((b) => b.name)).toEqual(
      Array.from({ length: DAILY_BACKUPS_KEPT }, (_, i) => `griddesk-${localDay(Date.now() - i * DAY_MS)}.db`),
    );
    // Yesterday's backup is yesterday's last snapshot: written when "day-1-late" replaced it.
    const yesterday = await valuesIn(path.join(backups, daily[1]!.name));
    expect(yesterday.values.at(-1)).toBe('day-1-early');
  });

  it('keeps the state before a schema upgrade, journaled writes included', async () => {
    const dir = tempDir();
    const backups = path.join(dir, 'backups');
    await writeAndClose(dir, backups, 'snapshotted');
    const db = await DurableDatabase.open(dir, { migrations: v1, backupsDir: backups });
    db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['only in the journal']));
    await db.close({ checkpoint: false });

    const upgraded = await DurableDatabase.open(dir, { migrations: v2, backupsDir: backups });
    await upgraded.close();
    const before = listBackups(backups).filter((b) => b.kind === 'before-upgrade');
    expect(before).toHaveLength(1);
    expect(before[0]!.name).toMatch(/^griddesk-before-upgrade-v1-\d{8}-\d{6}\.db$/);
    expect(await valuesIn(path.join(backups, before[0]!.name))).toEqual({ values: ['snapshotted', 'only in the journal'], userVersion: 1 });
    expect((await valuesIn(path.join(dir, SNAPSHOT_FILE))).userVersion).toBe(2);
  });

  it('writes no snapshot (and no backup) when a workspace is closed without changes', async () => {
    const dir = tempDir();
    const backups = path.join(dir, 'backups');
    await writeAndClose(dir, backups, 'once');
    const backupsBefore = listBackups(backups);
    const before = fs.statSync(path.join(dir, SNAPSHOT_FILE));
    ageSnapshot(dir, 1);
    const db = await DurableDatabase.open(dir, { migrations: v1, backupsDir: backups });
    expect(db.all('SELECT v FROM t')).toEqual([{ v: 'once' }]);
    await db.close();
    expect(fs.statSync(path.join(dir, SNAPSHOT_FILE)).ino).toBe(before.ino);
    expect(listBackups(backups)).toEqual(backupsBefore);
  });

  it('still writes a snapshot at close when only derived data (not journaled) changed', async () => {
    const dir = tempDir();
    const backups = path.join(dir, 'backups');
    await writeAndClose(dir, backups, 'row');
    const db = await DurableDatabase.open(dir, { migrations: v1, backupsDir: backups });
    db.writeDerived(() => db.execute('INSERT INTO t (v) VALUES (?)', ['derived']));
    await db.close();
    expect((await valuesIn(path.join(dir, SNAPSHOT_FILE))).values).toEqual(['row', 'derived']);
  });
});
