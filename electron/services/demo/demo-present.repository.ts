import type { DurableDatabase } from '../db/durable-database';

/**
 * The tables the demo generator fills: its history. Not accounts, logs of who looked, settings or
 * the official calendar, which belong to the present and must not move.
 */
const HISTORY = ['cases', 'case_events', 'whistles', 'whistle_reports', 'duty_assignments', 'regions', 'staff', 'departments', 'street_lines', 'categories', 'topics', 'attachments', 'import_batches'];
const DAY = 86_400_000;
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
   * In one transaction: adds `deltaMs` to every time column of the history tables (found from the
   * schema, so columns added by later migrations move too); then the cases that would have anything
   * happen after `now` (received later, or a step, whistle or report still to come) move back, with
   * everything of theirs, by the whole days it takes to bring their last moment to `now`; then the
   * meta rows. Append-only tables refuse updates by trigger: those triggers are dropped for the move
   * and recreated as they were. Indexes are updated in place (dropping and rebuilding them was
   * measured no faster in total at 50,000 cases).
   */
  shift(deltaMs: number, now: number, meta: Record<string, string>): { columns: number; movedBack: number; backDays: number } {
    return this.db.transaction((tx) => {
      const existing = new Set(tx.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).map((t) => t.name));
      const tables = HISTORY.filter((t) => existing.has(t));
      const timesOf = new Map<string, string[]>();
      for (const table of tables) {
        const times = tx
          .all<{ name: string; type: string }>('SELECT name, type FROM pragma_table_info(?)', [table])
          .filter((c) => c.type.toUpperCase() === 'INTEGER' && TIME_COLUMN.test(c.name))
          .map((c) => c.name);
        if (times.length) timesOf.set(table, times);
      }
      const move = (table: string, delta: number, where = '') => {
        const times = timesOf.get(table);
        if (!times) return;
        const guards = tx.all<{ name: string; sql: string }>(
          `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND upper(sql) LIKE '%BEFORE UPDATE%'`,
          [table],
        );
        for (const g of guards) tx.script(`DROP TRIGGER "${g.name}"`);
        tx.run(`UPDATE "${table}" SET ${times.map((c) => `"${c}" = "${c}" + :delta`).join(', ')} ${where}`, { ':delta': delta });
        for (const g of guards) tx.script(g.sql);
      };
      for (const table of timesOf.keys()) move(table, deltaMs);
      // Deadlines may lie ahead; anything that happened may not.
      tx.run(
        `CREATE TEMP TABLE demo_back AS SELECT c.id FROM cases c WHERE c.received_at > :now
           OR EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.at > :now)
           OR EXISTS (SELECT 1 FROM whistles w WHERE w.case_id = c.id AND (w.raised_at > :now OR w.closed_at > :now))
           OR EXISTS (SELECT 1 FROM whistles w JOIN whistle_reports r ON r.whistle_id = w.id WHERE w.case_id = c.id AND r.reported_at > :now)`,
        { ':now': now },
      );
      const movedBack = tx.get<{ n: number }>('SELECT count(*) AS n FROM demo_back')!.n;
      const last = tx.get<{ t: number | null }>(
        `SELECT max(t) AS t FROM (
           SELECT max(received_at) AS t FROM cases WHERE id IN (SELECT id FROM demo_back)
           UNION ALL SELECT max(at) FROM case_events WHERE case_id IN (SELECT id FROM demo_back)
           UNION ALL SELECT max(max(raised_at, coalesce(closed_at, 0))) FROM whistles WHERE case_id IN (SELECT id FROM demo_back)
           UNION ALL SELECT max(r.reported_at) FROM whistle_reports r JOIN whistles w ON w.id = r.whistle_id WHERE w.case_id IN (SELECT id FROM demo_back))`,
      )!.t;
      const backDays = last === null ? 0 : Math.ceil((last - now) / DAY);
      if (backDays > 0) {
        const ofCase = 'WHERE case_id IN (SELECT id FROM demo_back)';
        move('cases', -backDays * DAY, 'WHERE id IN (SELECT id FROM demo_back)');
        move('case_events', -backDays * DAY, ofCase);
        move('whistle_reports', -backDays * DAY, 'WHERE whistle_id IN (SELECT id FROM whistles WHERE case_id IN (SELECT id FROM demo_back))');
        move('whistles', -backDays * DAY, ofCase);
        move('attachments', -backDays * DAY, ofCase);
      }
      tx.script('DROP TABLE demo_back');
      for (const [key, value] of Object.entries(meta)) {
        tx.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, value]);
      }
      return { columns: [...timesOf.values()].reduce((n, t) => n + t.length, 0), movedBack, backDays };
    });
  }
}
