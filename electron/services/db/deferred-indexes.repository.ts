import type { DurableDatabase, Transaction } from './durable-database';

/**
 * Secondary indexes a bulk write drops and rebuilds after its commit (migration 007).
 *
 * Loading a million rows and then building each index once from sorted keys is far cheaper than
 * updating fifteen B-trees row by row; building them inside the import's transaction made the user
 * wait for all of them before the import counted as done. Instead the transaction that drops them
 * records them in `deferred_indexes`, so the drop, the rows and the to-do list commit together;
 * each index is then rebuilt in a durable transaction of its own that also removes its entry.
 * A crash in between leaves the entries, and the next open carries on. Queries stay correct
 * without an index, only slower, until it is back.
 *
 * A migration that alters an index of a table with deferred entries must build them first
 * (`buildAll`).
 */
export class DeferredIndexesRepository {
  constructor(readonly db: DurableDatabase) {}

  /** Inside `tx`: drops the table's secondary indexes and records them; returns how many. */
  defer(tx: Transaction, table: string): number {
    const indexes = tx.all<{ name: string; sql: string }>(
      // Creation order (rowid): the oldest indexes are the ones the case list leans on most.
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY rowid`,
      [table],
    );
    for (const index of indexes) {
      tx.script(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
      tx.run('INSERT OR REPLACE INTO deferred_indexes (name, table_name, sql) VALUES (?, ?, ?)', [index.name, table, index.sql]);
    }
    return indexes.length;
  }

  pending(): number {
    return this.db.get<{ n: number }>('SELECT count(*) AS n FROM deferred_indexes')!.n;
  }

  /** Rebuilds the next deferred index in its own durable transaction; false when none is left. */
  buildNext(): boolean {
    const next = this.db.get<{ name: string; sql: string }>('SELECT name, sql FROM deferred_indexes ORDER BY rowid LIMIT 1');
    if (!next) return false;
    this.db.transaction((tx) => {
      tx.script(next.sql);
      tx.run('DELETE FROM deferred_indexes WHERE name = ?', [next.name]);
    });
    return true;
  }

  /** Rebuilds every deferred index now; returns how many. */
  buildAll(): number {
    let built = 0;
    while (this.buildNext()) built++;
    return built;
  }
}

const RETRY_AFTER_ERROR_MS = 60_000;

/**
 * Rebuilds deferred indexes one per timer tick, between requests: each takes well under a second
 * at a million cases, so a request arriving meanwhile waits at most one index.
 */
export class DeferredIndexBuilder {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly repo: DeferredIndexesRepository,
    private readonly pauseMs = 20,
    // Logged and shown in the database's status line (db.status()).
    private readonly onError: (error: Error) => void = (error) => repo.db.backgroundFailed('index', error),
  ) {}

  /** Starts rebuilding when something is pending; safe to call again. A read-only workspace waits for a writer. */
  schedule(): void {
    if (this.timer || this.stopped || this.repo.db.readOnly) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      try {
        if (this.repo.buildNext()) this.schedule();
        this.repo.db.backgroundSucceeded('index');
      } catch (error) {
        // The entry stays: tried again a while later, or at the next import or open.
        this.onError(error as Error);
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.schedule(), RETRY_AFTER_ERROR_MS);
        this.retryTimer.unref?.();
      }
    }, this.pauseMs);
    this.timer.unref?.();
  }

  /** Before the workspace closes: what is left is rebuilt after the next open. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Before the workspace closes, for a batch job (the CLI): rebuilds what is left now. */
  finish(): number {
    this.stop();
    return this.repo.buildAll();
  }
}
