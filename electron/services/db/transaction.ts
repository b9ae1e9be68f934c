import type { Row, SqlParams } from './database-types';
import type { DurableDatabase } from './durable-database';
import type { WriteOp } from './snapshot-and-journal';

/** A transaction's recorded writes are flushed to the journal (unsynced) past this size. */
const CHUNK_BYTES = 8 * 1024 * 1024;

/** The handle a transaction's work gets: reads see the transaction's own writes. */
export class Transaction {
  private pending: WriteOp[] = [];
  private pendingBytes = 0;
  private written = false;

  constructor(
    private readonly database: DurableDatabase,
    private readonly flushChunk: (op: WriteOp) => void,
  ) {}

  get isEmpty(): boolean {
    return !this.written && this.pending.length === 0;
  }

  /** Runs one statement; returns the number of rows it changed. */
  run(sql: string, params: SqlParams = []): number {
    const changes = this.database.execute(sql, params);
    this.record(sql, params);
    return changes;
  }

  /** Runs an INSERT and returns the new row's id. */
  insert(sql: string, params: SqlParams = []): number {
    this.run(sql, params);
    return this.database.lastInsertRowid();
  }

  /** Runs a multi-statement script (migrations). */
  script(sql: string): void {
    this.database.executeScript(sql);
    this.pending.push({ sql, rows: [], script: true });
    this.pendingBytes += sql.length;
  }

  all<T = Row>(sql: string, params?: SqlParams): T[] {
    return this.database.all<T>(sql, params);
  }

  get<T = Row>(sql: string, params?: SqlParams): T | undefined {
    return this.database.get<T>(sql, params);
  }

  /** Hands over the writes not yet flushed, for the commit record. */
  takePending(): WriteOp[] {
    const ops = this.pending;
    this.pending = [];
    return ops;
  }

  private record(sql: string, params: SqlParams): void {
    const bytes = journalBytes(sql, params);
    const last = this.pending[this.pending.length - 1];
    if (last && last.sql === sql && !last.script) last.rows.push(params);
    else this.pending.push({ sql, rows: [params] });
    this.pendingBytes += sql.length / 8 + bytes;
    if (this.pendingBytes >= CHUNK_BYTES) {
      for (const op of this.pending) this.flushChunk(op);
      this.pending = [];
      this.pendingBytes = 0;
      this.written = true;
    }
  }
}

/** Refuses what the journal (JSON) cannot carry unchanged; estimates the bytes it adds, in one pass. */
function journalBytes(sql: string, params: SqlParams): number {
  let bytes = 8;
  for (const value of Array.isArray(params) ? params : Object.values(params)) {
    if (typeof value === 'string') bytes += value.length * 2 + 3;
    else if (value === null || typeof value === 'number') bytes += 10;
    else throw new TypeError(`Only text, numbers and null can be written; got ${typeof value} in: ${sql}`);
  }
  return bytes;
}

