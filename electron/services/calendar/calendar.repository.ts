import type { DurableDatabase } from '../db/durable-database';
import { CHINA_OFFICIAL_DAYS, type CalendarDay } from './china-holidays';
import { WorkCalendar } from './work-calendar';

/** The holiday calendar of a workspace (calendar_days), seeded with China's official days. */
export class CalendarRepository {
  private cached: WorkCalendar | undefined;

  constructor(private readonly db: DurableDatabase) {}

  /** Seeds the official 2025–2026 days into an empty calendar; a calendar the user edited is kept. */
  ensureDefaults(): void {
    if (this.db.get<{ n: number }>('SELECT count(*) AS n FROM calendar_days')!.n > 0) return;
    this.db.transaction((tx) => {
      for (const d of CHINA_OFFICIAL_DAYS) tx.run('INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)', [d.day, d.kind, d.name]);
    });
    this.cached = undefined;
  }

  days(): CalendarDay[] {
    return this.db.all<CalendarDay>('SELECT day, kind, name FROM calendar_days ORDER BY day');
  }

  calendar(): WorkCalendar {
    this.cached ??= new WorkCalendar(this.days());
    return this.cached;
  }
}
