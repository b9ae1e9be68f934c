import type { DurableDatabase } from '../db/durable-database';

/**
 * The tables the demo generator fills: its history. Not accounts, logs of who looked, settings or
 * the official calendar, which belong to the present and must not move.
 */
const HISTORY = ['cases', 'case_events', 'whistles', 'whistle_reports', 'duty_assignments', 'regions', 'staff', 'departments', 'street_lines', 'categories', 'topics', 'attachments', 'import_batches'];
/** Columns holding epoch-ms times by the schema's naming rule (received_at, since, until, at …). */
const TIME_COLUMN = /^(at|since|until)$|_(at|since)$/;

/** The SQL that moves a copied demo's history in time (demo-present.ts). */
export class DemoPresentRepository {
  constructor(private readonly db: DurableDatabase) {}

  latestCaseAt(): number | null {
    return this.db.get<{ at: number | null }>('SELECT max(received_at) AS at FROM cases')?.at ?? null;
  }

  meta(key: string): string | undefined {
    return this.db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key])?.value;
  }

  /**
   * Adds `deltaMs` to every time column of the history tables (found from the schema, so columns
   * added by later migrations move too) in one transaction, with the meta rows. Append-only tables
   * refuse updates by trigger: those triggers are dropped for the move and recreated as they were.
   * The indexes are updated in place: dropping and rebuilding them (as a large import does) was
   * measured no faster in total at 50,000 cases.
   */
  shift(deltaMs: number, meta: Record<string, string>): { columns: number } {
    return this.db.transaction((tx) => {
      const existing = new Set(tx.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).map((t) => t.name));
      let columns = 0;
      for (const table of HISTORY.filter((t) => existing.has(t))) {
        const times = tx
          .all<{ name: string; type: string }>('SELECT name, type FROM pragma_table_info(?)', [table])
          .filter((c) => c.type.toUpperCase() === 'INTEGER' && TIME_COLUMN.test(c.name))
          .map((c) => c.name);
        if (!times.length) continue;
        const guards = tx.all<{ name: string; sql: string }>(
          `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND upper(sql) LIKE '%BEFORE UPDATE%'`,
          [table],
        );
        for (const g of guards) tx.script(`DROP TRIGGER "${g.name}"`);
        tx.run(`UPDATE "${table}" SET ${times.map((c) => `"${c}" = "${c}" + :delta`).join(', ')}`, { ':delta': deltaMs });
        for (const g of guards) tx.script(g.sql);
        columns += times.length;
      }
      for (const [key, value] of Object.entries(meta)) {
        tx.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, value]);
      }
      return { columns };
    });
  }
}
