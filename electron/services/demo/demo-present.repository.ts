import type { DurableDatabase, Transaction } from '../db/durable-database';

/**
 * The tables the demo generator fills: its history. Not accounts, logs of who looked, settings or
 * the official calendar, which belong to the present and must not move.
 */
const HISTORY = ['cases', 'case_events', 'whistles', 'whistle_reports', 'duty_assignments', 'regions', 'staff', 'departments', 'street_lines', 'categories', 'topics', 'attachments', 'import_batches'];
const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** 52 weeks: a move by whole "years" of this length keeps the weekday and (within a day a year) the calendar date. */
export const YEAR_OF_WEEKS = 52 * WEEK;

/** The cases that keep their calendar season through the move (demo-present.ts). */
export interface SeasonalCases {
  categoryCodes: string[];
  /** [grid id, category code] pairs that stay with the window (planted hot spots and rising grids). */
  keep: [number, string][];
}
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
  shift(deltaMs: number, now: number, meta: Record<string, string>, seasonal?: SeasonalCases): { columns: number; movedBack: number; backDays: number; seasonal: number } {
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
      /** Moves the time columns of `table` by `delta` ms, or by an SQL expression of the row (per-case moves). */
      const move = (table: string, delta: number | string, where = '') => {
        const times = timesOf.get(table);
        if (!times) return;
        const guards = tx.all<{ name: string; sql: string }>(
          `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND upper(sql) LIKE '%BEFORE UPDATE%'`,
          [table],
        );
        for (const g of guards) tx.script(`DROP TRIGGER "${g.name}"`);
        const by = typeof delta === 'number' ? ':delta' : delta;
        tx.run(`UPDATE "${table}" SET ${times.map((c) => `"${c}" = "${c}" + ${by}`).join(', ')} ${where}`, typeof delta === 'number' ? { ':delta': delta } : {});
        for (const g of guards) tx.script(g.sql);
      };
      /** Moves each case listed in temp table `moves` (id, extra), with everything of its own, by its `extra` ms. */
      const moveEach = (moves: string) => {
        const ofCase = `WHERE case_id IN (SELECT id FROM ${moves})`;
        move('cases', `(SELECT m.extra FROM ${moves} m WHERE m.id = cases.id)`, `WHERE id IN (SELECT id FROM ${moves})`);
        move('case_events', `(SELECT m.extra FROM ${moves} m WHERE m.id = case_events.case_id)`, ofCase);
        move('whistle_reports', `(SELECT m.extra FROM whistles w JOIN ${moves} m ON m.id = w.case_id WHERE w.id = whistle_reports.whistle_id)`,
          `WHERE whistle_id IN (SELECT id FROM whistles ${ofCase})`);
        move('whistles', `(SELECT m.extra FROM ${moves} m WHERE m.id = whistles.case_id)`, ofCase);
        move('attachments', `(SELECT m.extra FROM ${moves} m WHERE m.id = attachments.case_id)`, ofCase);
      };
      const seasonalCount = seasonal ? this.pickSeasonal(tx, deltaMs, seasonal) : 0;
      for (const table of timesOf.keys()) move(table, deltaMs);
      if (seasonalCount) {
        moveEach('demo_season');
        this.pickSeasonalOvershoot(tx, now);
        moveEach('demo_season_back');
        tx.script('DROP TABLE demo_season; DROP TABLE demo_season_back');
      }
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
      return { columns: [...timesOf.values()].reduce((n, t) => n + t.length, 0), movedBack, backDays, seasonal: seasonalCount };
    });
  }

  /**
   * Temp table demo_season (id, extra): each seasonal case, read before the move, with what it must
   * move on top of `deltaMs` so that it moves by whole 52-week years instead, to the latest such
   * place at or before the newest case after the move (so within the same twelve months).
   */
  private pickSeasonal(tx: Transaction, deltaMs: number, seasonal: SeasonalCases): number {
    // sql.js binds numbers beyond 32 bits as REAL: the divisions below truncate by CAST.
    const hi = tx.get<{ at: number }>('SELECT max(received_at) AS at FROM cases')!.at + deltaMs;
    tx.script('CREATE TEMP TABLE demo_season (id INTEGER PRIMARY KEY, extra INTEGER NOT NULL)');
    tx.run(
      `INSERT INTO demo_season (id, extra)
       SELECT c.id, CAST((:hi - c.received_at) / :year AS INTEGER) * :year - :delta FROM cases c JOIN categories k ON k.id = c.category_id
       WHERE k.code IN (SELECT value FROM json_each(:codes))
         AND NOT EXISTS (SELECT 1 FROM json_each(:keep) p WHERE json_extract(p.value, '$[0]') = c.grid_id AND json_extract(p.value, '$[1]') = k.code)`,
      { ':hi': hi, ':year': YEAR_OF_WEEKS, ':delta': deltaMs, ':codes': JSON.stringify(seasonal.categoryCodes), ':keep': JSON.stringify(seasonal.keep) },
    );
    return tx.get<{ n: number }>('SELECT count(*) AS n FROM demo_season')!.n;
  }

  /**
   * Temp table demo_season_back (id, extra): the seasonal cases that now have something after `now`
   * (a case from a year ago brings its whole life along), each moved back by whole weeks until
   * nothing of it is after now: the weekday stays, the season within a few days.
   */
  private pickSeasonalOvershoot(tx: Transaction, now: number): void {
    tx.script('CREATE TEMP TABLE demo_season_back (id INTEGER PRIMARY KEY, extra INTEGER NOT NULL)');
    tx.run(
      `INSERT INTO demo_season_back (id, extra)
       SELECT id, -CAST((last - :now + :week - 1) / :week AS INTEGER) * :week AS extra FROM (
         SELECT s.id, max(c.received_at,
           coalesce((SELECT max(e.at) FROM case_events e WHERE e.case_id = s.id), 0),
           coalesce((SELECT max(max(w.raised_at, coalesce(w.closed_at, 0))) FROM whistles w WHERE w.case_id = s.id), 0),
           coalesce((SELECT max(r.reported_at) FROM whistle_reports r JOIN whistles w ON w.id = r.whistle_id WHERE w.case_id = s.id), 0)) AS last
         FROM demo_season s JOIN cases c ON c.id = s.id)
       WHERE last > :now`,
      { ':now': now, ':week': WEEK },
    );
  }
}
