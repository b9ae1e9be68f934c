import type { CaseFilter, SavedCaseView } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';

/** Saved views of the case list (migration 004): a name and a filter, stored as JSON. */
export class CaseViewRepository {
  constructor(private readonly db: DurableDatabase) {}

  list(): SavedCaseView[] {
    return this.db
      .all<{ id: number; name: string; filter: string; updatedAt: number }>(
        'SELECT id, name, filter, updated_at AS "updatedAt" FROM case_views ORDER BY name',
      )
      .map((row) => ({ ...row, filter: JSON.parse(row.filter) as CaseFilter }));
  }

  save(name: string, filter: CaseFilter, at: number): SavedCaseView {
    this.db.transaction((tx) => {
      tx.run(
        `INSERT INTO case_views (name, filter, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET filter = excluded.filter, updated_at = excluded.updated_at`,
        [name, JSON.stringify(filter), at, at],
      );
    });
    return this.list().find((view) => view.name === name)!;
  }

  remove(id: number): void {
    this.db.transaction((tx) => {
      tx.run('DELETE FROM case_views WHERE id = ?', [id]);
    });
  }
}
