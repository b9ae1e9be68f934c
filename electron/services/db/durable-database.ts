import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'sql.js';
import { AppError } from '../shared/app-error';
import { fastRunner, loadSqlJs, type FastRun } from './sqljs';
import { createDurabilityTable, selectLastInsertRowid, vacuum, writeSnapshotSeq } from './durability.repository';
import { BackgroundErrors, type BackgroundTask } from './background-errors';
import { JournalWriter, journalFileName } from './journal';
import type { JournalDamage } from './journal-scan';
import type { SalvageReport } from './journal-recovery';
import { replayOnOpen, type OpenedState } from './open-journal';
import { JOURNAL_DIR, SNAPSHOT_FILE, retireJournalFiles, writeSnapshot, type TransactionBody } from './snapshot-and-journal';
import { currentVersion, runMigrations } from './migrator';
import { readWholeFile } from './read-whole-file';
import { StatementCache } from './statement-cache';
import { keepBeforeChange } from './snapshot-backups';
import { Transaction } from './transaction';
import type { DatabaseStatus, DurableDatabaseOptions, Row, SqlParams, SqlValue, TornTail } from './database-types';

export { JOURNAL_DIR, SNAPSHOT_FILE, Transaction };
export type { JournalDamage, SalvageReport };
export type { DatabaseStatus, DurableDatabaseOptions, RecoveryMode, Row, SqlParams, SqlValue, TornTail } from './database-types';

/**
 * sql.js keeps the database in memory; this class makes it durable.
 *
 * Every write goes through transaction(): its statements run inside BEGIN, are appended to the
 * journal and fsync'd, and only then COMMITted, so a call that returns is on disk and a call that
 * throws left nothing behind. Opening loads the last snapshot and replays the journal after it
 * (see journal-scan.ts for a torn tail versus damage). Journaled SQL must be deterministic (no
 * random(), no 'now'): times and ids come in as parameters.
 */
export class DurableDatabase {
  private inTransaction = false;
  private closed = false;
  /** Migrations of a read-only open run in memory only. */
  private inMemoryWrites = false;
  private checkpointRunning: Promise<void> | undefined;
  private checkpointFailed = false;
  /** Derived data written outside the journal since the last snapshot (see writeDerived). */
  private derivedSinceSnapshot = false;
  private readonly statements: StatementCache;
  private readonly background = new BackgroundErrors();
  private seq: number;
  /** The transaction the snapshot on disk ends with; moves only once a snapshot is durable. */
  private snapshotSeq: number;
  private journal: JournalWriter | undefined;
  readonly readOnly: boolean;
  readonly salvageReport: SalvageReport | undefined;
  private readonly damage: JournalDamage | undefined;
  private readonly tornTail: TornTail | undefined;

  private constructor(
    private readonly db: Database,
    readonly dir: string,
    state: OpenedState,
    private readonly checkpointJournalBytes: number,
    /** Binds strings natively (see fastRunner); undefined on a sql.js build it does not know. */
    private readonly fastRun: FastRun | undefined,
    private readonly backupsDir: string | undefined,
  ) {
    this.statements = new StatementCache(db);
    this.seq = state.seq;
    this.snapshotSeq = state.snapshotSeq;
    this.journal = state.journal;
    this.readOnly = state.readOnly;
    this.damage = state.damage;
    this.tornTail = state.tornTail;
    this.salvageReport = state.salvageReport;
  }

  static async open(dir: string, options: DurableDatabaseOptions = {}): Promise<DurableDatabase> {
    const SQL = await loadSqlJs();
    const snapshotFile = path.join(dir, SNAPSHOT_FILE);
    const db = fs.existsSync(snapshotFile) ? new SQL.Database(await readWholeFile(snapshotFile)) : new SQL.Database();
    let state: OpenedState | undefined;
    let database: DurableDatabase | undefined;
    try {
      configureConnection(db);
      const fastRun = fastRunner(SQL, db);
      state = await replayOnOpen(db, dir, fastRun, options, () => exportConfigured(db));
      database = new DurableDatabase(db, dir, state, options.checkpointJournalBytes ?? 64 * 1024 * 1024, fastRun, options.backupsDir);
      await database.finishOpening(options, snapshotFile);
      return database;
    } catch (error) {
      if (database) database.abandon();
      else state?.journal?.close();
      db.close();
      throw error;
    }
  }

  private async finishOpening(options: DurableDatabaseOptions, snapshotFile: string): Promise<void> {
    if (this.readOnly) {
      this.inMemoryWrites = true;
      try {
        runMigrations(this, options.migrations ?? []);
      } finally {
        this.inMemoryWrites = false;
      }
      return;
    }
    const fromVersion = currentVersion(this);
    if (options.backupsDir && fs.existsSync(snapshotFile) && fromVersion < (options.migrations?.length ?? 0)) {
      // The backup must hold the journaled writes too, so they go into the snapshot first.
      if (this.seq > this.snapshotSeq) await this.checkpoint();
      await keepBeforeChange(snapshotFile, options.backupsDir, { kind: 'before-upgrade', fromVersion }, new Date());
    }
    const migrated = runMigrations(this, options.migrations ?? []);
    // The journal holds the migrations: a snapshot that fails now (full disk) is retried when idle.
    if (migrated > 0 || !fs.existsSync(snapshotFile)) await this.checkpoint().catch(() => undefined);
  }

  /** After a failed open: releases the journal handle; the caller closes the sql.js database. */
  private abandon(): void {
    this.closed = true;
    this.statements.freeAll();
    this.journal?.close();
  }

  /** Sequence number of the last committed transaction. */
  get lastSeq(): number {
    return this.seq;
  }

  get journalBytes(): number {
    return this.journal?.size ?? 0;
  }

  status(): DatabaseStatus {
    return {
      readOnly: this.readOnly,
      lastBackgroundError: this.background.latest,
      ...(this.damage ? { damage: this.damage } : {}),
      ...(this.tornTail ? { tornTail: this.tornTail } : {}),
    };
  }

  /** For idle work outside this class (the deferred index builder): recorded in status() and logged. */
  backgroundFailed(task: BackgroundTask, error: unknown): void {
    this.background.failed(task, error);
  }

  backgroundSucceeded(task: BackgroundTask): void {
    this.background.succeeded(task);
  }

  all<T = Row>(sql: string, params?: SqlParams): T[] {
    const statement = this.statements.get(sql);
    try {
      if (params !== undefined) statement.bind(params);
      // sql.js's getAsObject() reads every column name from WASM again for every row; reading them
      // once per query makes large reads (a million map points) about 2.5× faster.
      const names = statement.getColumnNames();
      const rows: T[] = [];
      while (statement.step()) {
        const values = statement.get();
        const row: Row = {};
        for (let i = 0; i < names.length; i++) row[names[i]!] = values[i] as SqlValue;
        rows.push(row as T);
      }
      return rows;
    } finally {
      statement.reset();
    }
  }

  get<T = Row>(sql: string, params?: SqlParams): T | undefined {
    return this.all<T>(sql, params)[0];
  }

  /** Runs `work` as one durable transaction; see the class comment. Nested calls are refused. */
  transaction<T>(work: (tx: Transaction) => T): T {
    if (this.inTransaction) throw new Error('Nested transactions are not supported');
    if (this.closed) throw new Error('Database is closed');
    const journal = this.journal;
    if (!journal && !this.inMemoryWrites) throw this.readOnlyError();
    this.inTransaction = true;
    const journalStart = journal?.size ?? 0;
    const seq = this.seq + 1;
    let part = 0;
    const tx = new Transaction(this, (op) => journal?.write({ seq, part: part++, commit: false, body: { ops: [op] } }));
    this.db.exec('BEGIN');
    try {
      const result = work(tx);
      if (tx.isEmpty) {
        this.db.exec('COMMIT');
        return result;
      }
      journal?.append({ seq, part, commit: true, body: { ops: tx.takePending() } satisfies TransactionBody });
      this.db.exec('COMMIT');
      this.seq = seq;
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      // When even the cut fails, the writer cuts the file back before its next write.
      if (journal && journal.size !== journalStart) {
        try {
          journal.truncate(journalStart);
        } catch (truncateError) {
          console.error(`[GridDesk] ${String(truncateError)}`);
        }
      }
      throw error;
    } finally {
      this.inTransaction = false;
    }
  }

  /**
   * Writes derived data (an index rebuilt from journaled rows) in one SQLite transaction but
   * without journaling it: it reaches disk with the next snapshot, which closing then takes. A
   * crash loses only the derived work, which is redone from the rows.
   */
  writeDerived(work: () => void): void {
    if (this.inTransaction) throw new Error('Derived data is written outside a durable transaction');
    this.db.exec('BEGIN');
    try {
      work();
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    // Read-only: derived data (the search index) lives in memory for this session, never saved.
    if (!this.readOnly) this.derivedSinceSnapshot = true;
  }

  /** Executes one statement inside the current transaction (used by Transaction); returns rows changed. */
  execute(sql: string, params: SqlParams): number {
    const statement = this.statements.get(sql);
    try {
      if (!(Array.isArray(params) && this.fastRun?.(statement, params))) statement.run(params);
    } finally {
      statement.reset();
    }
    return this.db.getRowsModified();
  }

  /** Executes a multi-statement script inside the current transaction (used by Transaction). */
  executeScript(sql: string): void {
    this.db.exec(sql);
  }

  lastInsertRowid(): number {
    return selectLastInsertRowid(this.db);
  }

  /** A snapshot is due: the journal has grown, or the last one failed (retried at the next idle moment). */
  needsCheckpoint(): boolean {
    if (!this.journal || this.closed || this.checkpointRunning !== undefined) return false;
    return this.journal.size >= this.checkpointJournalBytes || this.checkpointFailed;
  }

  /**
   * Writes an atomic snapshot (temp file, fsync, rename) and drops the journal files it covers.
   * The export is synchronous; the file is written asynchronously while new writes go to a new
   * journal file, so writes are not held up by the disk. The new journal file is created first:
   * when it cannot be, the current one stays in use and nothing changes.
   */
  checkpoint(): Promise<void> {
    if (this.checkpointRunning) return this.checkpointRunning;
    if (this.inTransaction) throw new Error('Cannot checkpoint inside a transaction');
    if (!this.journal) return Promise.reject(this.readOnlyError());
    const seq = this.seq;
    let next: JournalWriter;
    try {
      // The file being left must end with a whole record: later files only follow a clean end.
      this.journal.settle();
      next = JournalWriter.open(path.join(this.dir, JOURNAL_DIR, journalFileName(seq + 1)));
    } catch (error) {
      this.checkpointFailed = true;
      this.background.failed('checkpoint', error);
      return Promise.reject(error);
    }
    writeSnapshotSeq(this.db, seq);
    const bytes = this.exportBytes();
    this.journal.close();
    this.journal = next;
    const derived = this.derivedSinceSnapshot;
    this.derivedSinceSnapshot = false;
    let backupFailed = false;
    const onBackupError = (error: unknown) => {
      backupFailed = true;
      const reason = error instanceof Error ? error.message : String(error);
      this.background.failed('backup', new AppError('backup_failed', `每日备份没有写成（${reason}）：${this.backupsDir}。数据本身已保存，下次保存快照时会再试。`));
    };
    this.checkpointRunning = writeSnapshot(this.dir, bytes, this.backupsDir, onBackupError)
      .then(
        async () => {
          this.snapshotSeq = seq;
          this.checkpointFailed = false;
          this.background.succeeded('checkpoint');
          if (this.backupsDir && !backupFailed) this.background.succeeded('backup');
          // Left behind, covered files are skipped at open and retired by the next snapshot.
          await retireJournalFiles(this.dir, seq).catch((error: unknown) => console.error(`[GridDesk] retiring journal files: ${String(error)}`));
        },
        (error: unknown) => {
          this.derivedSinceSnapshot ||= derived;
          this.checkpointFailed = true;
          this.background.failed('checkpoint', error);
          throw error;
        },
      )
      .finally(() => {
        this.checkpointRunning = undefined;
      });
    return this.checkpointRunning;
  }

  /**
   * Gives freed pages back (after archiving): VACUUM, then a snapshot of the smaller database at once.
   * VACUUM changes no row a journaled statement names (tables keyed by INTEGER PRIMARY KEY keep their
   * ids), and the snapshot follows it before any other write. It needs the database's size again in memory.
   */
  async compact(): Promise<void> {
    if (this.inTransaction) throw new Error('Cannot compact inside a transaction');
    if (!this.journal) throw this.readOnlyError();
    await this.checkpointRunning;
    this.statements.freeAll();
    vacuum(this.db);
    this.derivedSinceSnapshot = true;
    await this.checkpoint();
  }

  /** A copy of the whole database file, e.g. for a backup. */
  exportBytes(): Uint8Array {
    // export() closes and reopens the connection, which frees prepared statements and pragmas.
    this.statements.freeAll();
    const bytes = this.db.export();
    configureConnection(this.db);
    return bytes;
  }

  /**
   * Closes, snapshotting unsaved work first. A snapshot that fails here is logged and left to the
   * journal, which holds every acknowledged write: closing never loses work and never hangs on it.
   */
  async close(options: { checkpoint?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    try {
      // Closing a workspace nobody wrote to rewrites nothing (a million cases take seconds to export).
      const unsaved = this.seq !== this.snapshotSeq || this.derivedSinceSnapshot;
      if (this.journal && (options.checkpoint ?? true) && unsaved) await this.checkpoint();
      else await this.checkpointRunning;
    } catch (error) {
      console.error(`[GridDesk] snapshot at close failed; the journal keeps every write: ${String(error)}`);
    } finally {
      this.closed = true;
      this.statements.freeAll();
      try {
        this.journal?.settle();
      } catch (error) {
        // Left as it is, a partial record at the newest file's end is a torn tail: cut at next open.
        console.error(`[GridDesk] ${String(error)}`);
      }
      this.journal?.close();
      this.db.close();
    }
  }

  private readOnlyError(): AppError {
    return new AppError('read_only', `只读打开的工作区不能修改：${this.dir}。请以可写方式重新打开后再修改。`);
  }
}

/** sql.js's export() closes and reopens the connection, which resets its pragmas. */
function exportConfigured(db: Database): Uint8Array {
  const bytes = db.export();
  configureConnection(db);
  return bytes;
}

function configureConnection(db: Database): void {
  // The file lives in memory; SQLite's own journal only has to support ROLLBACK.
  db.exec(`PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON;
           PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;`);
  createDurabilityTable(db);
}
