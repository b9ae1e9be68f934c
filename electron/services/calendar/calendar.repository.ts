import type { DurableDatabase } from '../db/durable-database';
import { recordReferenceEdit } from '../sync/reference-edits.repository';
import { CHINA_OFFICIAL_DAYS, type CalendarDay } from './china-holidays';
import { WorkCalendar } from './work-calendar';

/** The holiday calendar of a workspace (calendar_days), seeded with China's official days. */
export class CalendarRepository {
  private cached: WorkCalendar | undefined;
  private version = 0;

  constructor(private readonly db: DurableDatabase) {}

  /** Seeds the official 2025–2026 days into an empty calendar; a calendar the user edited is kept. */
  ensureDefaults(): void {
    if (this.db.get<{ n: number }>('SELECT count(*) AS n FROM calendar_days')!.n > 0) return;
    this.db.transaction((tx) => {
      for (const d of CHINA_OFFICIAL_DAYS) tx.run('INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)', [d.day, d.kind, d.name]);
    });
    this.cached = undefined;
  }

  /** Sets a day as a holiday or a make-up workday (null: back to an ordinary day); the edit travels to every desk. */
  saveDay(day: string, kind: CalendarDay['kind'] | null, name: string | null, at: number): void {
    this.db.transaction((tx) => {
      if (kind === null) tx.run('DELETE FROM calendar_days WHERE day = ?', [day]);
      else tx.run('INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?) ON CONFLICT(day) DO UPDATE SET kind = excluded.kind, name = excluded.name', [day, kind, name]);
      recordReferenceEdit(tx, 'calendar_day', day, at);
    });
    this.cached = undefined;
  }

  days(): CalendarDay[] {
    return this.db.all<CalendarDay>('SELECT day, kind, name FROM calendar_days ORDER BY day');
  }

  calendar(): WorkCalendar {
    // A day received from another desk (reference edits) changes the table under this cache.
    const version = this.db.get<{ v: number | null }>(`SELECT max(id) AS v FROM reference_edits WHERE kind = 'calendar_day' AND received = 1`)?.v ?? 0;
    if (version !== this.version) this.cached = undefined;
    this.version = version;
    this.cached ??= new WorkCalendar(this.days());
    return this.cached;
  }
}
