// The durable engine's own bookkeeping inside the database: the sequence number of the last
// journaled transaction a snapshot holds, so that opening replays only the journal after it.
//
// It works on the raw sql.js Database: it runs while a workspace opens, before the DurableDatabase
// exists, and the snapshot_seq write is not journaled (it describes the journal). The table, its
// columns and the key are part of the workspace format: existing snapshots carry them.
import type { Database } from 'sql.js';

const SNAPSHOT_SEQ = 'snapshot_seq';

/** Creates the bookkeeping table when missing (a new database, or one opened after export()). */
export function createDurabilityTable(db: Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS _durability (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
}

/** The last transaction the snapshot holds; 0 for a database never snapshotted. */
export function readSnapshotSeq(db: Database): number {
  const result = db.exec('SELECT value FROM _durability WHERE key = ?', [SNAPSHOT_SEQ]);
  return result.length ? Number(result[0]!.values[0]![0]) : 0;
}

/** Records, just before an export, the last transaction the exported bytes hold. */
export function writeSnapshotSeq(db: Database, seq: number): void {
  db.run(
    `INSERT INTO _durability (key, value) VALUES (?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    [SNAPSHOT_SEQ, seq],
  );
}

/** The rowid of the connection's last INSERT. */
export function selectLastInsertRowid(db: Database): number {
  return Number(db.exec('SELECT last_insert_rowid()')[0]!.values[0]![0]);
}

/** Rewrites the database without its free pages (statements must be freed first: VACUUM refuses while they are open). */
export function vacuum(db: Database): void {
  db.exec('VACUUM');
}
