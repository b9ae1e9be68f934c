import { createRequire } from 'node:module';
import initSqlJs, { type Database, type SqlJsStatic, type Statement } from 'sql.js';

const require = createRequire(import.meta.url);
let loading: Promise<SqlJsStatic> | undefined;

/** Loads the sql.js WASM once per process, from node_modules (unpacked from asar when packaged). */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= initSqlJs({
    locateFile: (file: string) => require.resolve(`sql.js/dist/${file}`).replace('app.asar', 'app.asar.unpacked'),
  });
  return loading;
}

/** The raw exports fast binding needs (present in sql.js's builds, though not in its typings). */
interface RawExports {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  writeArrayToMemory(bytes: Uint8Array, pointer: number): void;
  UTF8ToString(pointer: number): string;
  _sqlite3_sql(statement: number): number;
  _sqlite3_errmsg(connection: number): number;
  _sqlite3_bind_text(statement: number, index: number, pointer: number, bytes: number, destructor: number): number;
  _sqlite3_bind_int(statement: number, index: number, value: number): number;
  _sqlite3_bind_double(statement: number, index: number, value: number): number;
}

/** Binds and runs a statement; false when it cannot (the caller then uses sql.js's own bind). */
export type FastRun = (statement: Statement, params: readonly unknown[]) => boolean;

/**
 * sql.js's Statement.bind walks each string three times in JS and mallocs it on its own; a
 * million-row import binds tens of millions of values. This encodes a statement's strings with
 * the platform's TextEncoder into one WASM allocation and binds them by pointer (SQLITE_STATIC:
 * the memory is freed after the step and reset). sql.js's build is minified, so a statement's
 * handle has no stable property name: it is found once, by asking SQLite which candidate holds a
 * known statement's SQL. Without it (another build), undefined: sql.js's own bind is used.
 */
export function fastRunner(SQL: SqlJsStatic, db: Database): FastRun | undefined {
  const raw = SQL as unknown as RawExports;
  if (typeof raw._malloc !== 'function' || typeof raw._sqlite3_sql !== 'function' || typeof raw.writeArrayToMemory !== 'function') return undefined;
  const probe = db.prepare('SELECT 20261122');
  let handleKey: string | undefined;
  try {
    for (const [key, value] of Object.entries(probe)) {
      if (typeof value === 'number' && value > 65_536 && raw.UTF8ToString(raw._sqlite3_sql(value)) === 'SELECT 20261122') handleKey = key;
    }
  } finally {
    probe.free();
  }
  if (!handleKey) return undefined;
  const key = handleKey;
  const errorMessage = (code: number) => {
    const connection = (db as unknown as { db?: unknown }).db;
    return typeof connection === 'number' ? raw.UTF8ToString(raw._sqlite3_errmsg(connection)) : `SQLite error ${code}`;
  };
  const encoder = new TextEncoder();
  let staging = new Uint8Array(1 << 16);
  const offsets: number[] = [];
  const lengths: number[] = [];
  return (statement, params) => {
    let worstCase = 1;
    for (const value of params) {
      if (typeof value === 'string') worstCase += value.length * 3;
      else if (value !== null && typeof value !== 'number') return false;
    }
    if (staging.length < worstCase) staging = new Uint8Array(worstCase * 2);
    let used = 0;
    offsets.length = 0;
    lengths.length = 0;
    for (const value of params) {
      if (typeof value !== 'string') continue;
      const written = encoder.encodeInto(value, staging.subarray(used)).written;
      offsets.push(used);
      lengths.push(written);
      used += written;
    }
    const handle = (statement as unknown as Record<string, number>)[key]!;
    statement.reset();
    const memory = raw._malloc(Math.max(1, used));
    try {
      raw.writeArrayToMemory(staging.subarray(0, used), memory);
      let text = 0;
      for (let i = 0; i < params.length; i++) {
        const value = params[i];
        let code = 0;
        if (typeof value === 'string') {
          code = raw._sqlite3_bind_text(handle, i + 1, memory + offsets[text]!, lengths[text]!, 0);
          text++;
        } else if (typeof value === 'number') {
          code = value === (value | 0) ? raw._sqlite3_bind_int(handle, i + 1, value) : raw._sqlite3_bind_double(handle, i + 1, value);
        }
        // null: reset() cleared every binding to NULL already.
        if (code !== 0) throw new Error(`${errorMessage(code)} (binding value ${i + 1})`);
      }
      statement.step();
    } finally {
      statement.reset();
      raw._free(memory);
    }
    return true;
  };
}

