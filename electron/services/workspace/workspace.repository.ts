import type { DurableDatabase } from '../db/durable-database';

export class WorkspaceRepository {
  constructor(private readonly db: DurableDatabase) {}

  counts() {
    const row = this.db.get<Record<string, number>>(`
      SELECT
        (SELECT count(*) FROM regions WHERE level = 'district') AS districts,
        (SELECT count(*) FROM regions WHERE level = 'street') AS streets,
        (SELECT count(*) FROM regions WHERE level = 'community') AS communities,
        (SELECT count(*) FROM regions WHERE level = 'grid') AS grids,
        (SELECT count(*) FROM street_lines) AS "streetLines",
        (SELECT count(*) FROM departments) AS departments,
        (SELECT count(*) FROM staff) AS staff,
        (SELECT count(*) FROM categories) AS categories,
        (SELECT count(*) FROM cases) AS cases,
        (SELECT count(*) FROM cases WHERE status <> 'closed') AS "openCases"`)!;
    return {
      districts: row.districts!, streets: row.streets!, communities: row.communities!, grids: row.grids!,
      streetLines: row.streetLines!, departments: row.departments!, staff: row.staff!,
      categories: row.categories!, cases: row.cases!, openCases: row.openCases!,
    };
  }

  /** The database's size in memory, every case row, and the cases received in [monthStart, monthEnd). */
  capacityFigures(monthStart: number, monthEnd: number): { bytes: number; cases: number; lastMonthCases: number } {
    const bytes = this.db.get<{ n: number }>('SELECT p.page_count * s.page_size AS n FROM pragma_page_count() p, pragma_page_size() s')!.n;
    const row = this.db.get<{ cases: number; lastMonth: number }>(
      `SELECT (SELECT count(*) FROM cases) AS cases,
              (SELECT count(*) FROM cases WHERE received_at >= ? AND received_at < ?) AS "lastMonth"`, [monthStart, monthEnd],
    )!;
    return { bytes, cases: row.cases, lastMonthCases: row.lastMonth };
  }

  caseTimeRange(): { from: number | null; to: number | null } {
    const row = this.db.get<{ from: number | null; to: number | null }>(
      'SELECT min(received_at) AS "from", max(received_at) AS "to" FROM cases',
    );
    return { from: row?.from ?? null, to: row?.to ?? null };
  }

  regionBounds(): [number, number, number, number] | null {
    const row = this.db.get<{ a: number | null; b: number; c: number; d: number }>(
      'SELECT min(min_lng) AS a, min(min_lat) AS b, max(max_lng) AS c, max(max_lat) AS d FROM regions',
    );
    return row && row.a !== null ? [row.a, row.b, row.c, row.d] : null;
  }

  meta(key: string): string | undefined {
    return this.db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key])?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.transaction((tx) =>
      tx.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [
        key,
        value,
      ]),
    );
  }
}
