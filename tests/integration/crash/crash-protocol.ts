import { migrations } from '../../../electron/services/db/migrations';

/** The real schema plus a probe table with indexes the crash test defers and rebuilds. */
export const crashMigrations = [
  ...migrations,
  {
    version: migrations.length + 1,
    name: 'crash_probe',
    sql: `CREATE TABLE crash_probe (id INTEGER PRIMARY KEY, value TEXT NOT NULL, pad TEXT NOT NULL, k INTEGER NOT NULL);
          CREATE INDEX crash_probe_value ON crash_probe (value);
          CREATE INDEX crash_probe_k ON crash_probe (k, value);
          CREATE INDEX crash_probe_pad ON crash_probe (pad);
          CREATE UNIQUE INDEX crash_probe_unique ON crash_probe (value, k);`,
  },
];

export const INSERT_PROBE = 'INSERT INTO crash_probe (value, pad, k) VALUES (?, ?, ?)';
export const SELECT_PROBES = 'SELECT value FROM crash_probe';

export type ParentMessage = { kind: 'write'; id: number; value: string; pad: string } | { kind: 'defer'; id: number };
export type ChildMessage =
  | { kind: 'ready' }
  | { kind: 'ack'; id: number }
  | { kind: 'error'; id: number; message: string }
  | { kind: 'snapshot'; phase: 'start' | 'end' };
