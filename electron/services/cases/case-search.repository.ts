import type { DurableDatabase } from '../db/durable-database';
import { indexTokens, matchExpression } from './case-text-tokens';

const CHUNK = 5_000;
const INSERT_ROWS = 50;

interface State {
  caseId: number;
  eventId: number;
  undone: number;
}

type TextRow = { id: number; caseNo: string; title: string; description: string | null; address: string | null; externalNo: string | null };

/** Reporter name and phone are personal data: never indexed. */
function tokensOf(row: TextRow): string {
  return indexTokens(row.caseNo, row.externalNo, row.title, row.address, row.description);
}

const TEXT_COLUMNS = `id, case_no AS "caseNo", title, description, address, external_no AS "externalNo"`;

/**
 * The FTS4 index of case text (migration 004; 006 added the prefix index the tokens rely on),
 * caught up from high-water marks instead of triggers so that writing cases (a million-row
 * import) pays nothing for it:
 * - cases with an id above `caseId` are new;
 * - a case whose text changes always gets a timeline event (transition, import update, undo),
 *   so cases with events above `eventId` are re-indexed;
 * - an undone import deletes cases, and SQLite may hand their ids to new cases: when the number
 *   of undone batches changes, documents whose case is gone or has another case_no are redone.
 *
 * The index is derived data and is written outside the journal (a million documents would
 * otherwise be journaled and fsync'd). Its high-water marks live in the same database, so every
 * snapshot holds an index and marks that agree; after a crash the journal replays case writes
 * newer than the marks and the next catch-up indexes them.
 */
export class CaseSearchRepository {
  constructor(private readonly db: DurableDatabase) {}

  /** Indexes up to `maxCases` cases (all when omitted); returns true when the index is current. */
  catchUp(maxCases = Infinity): boolean {
    let budget = maxCases;
    const state = this.state();
    const undone = this.db.get<{ n: number }>(`SELECT count(*) AS n FROM import_batches WHERE status = 'undone'`)!.n;
    const maxId = this.db.get<{ id: number | null }>('SELECT max(id) AS id FROM cases')!.id ?? 0;
    const maxEvent = this.db.get<{ id: number | null }>('SELECT max(id) AS id FROM case_events')!.id ?? 0;
    // Current already: write nothing, so that closing an unchanged workspace has nothing to save.
    if (undone === state.undone && maxId === state.caseId && maxEvent <= state.eventId) return true;
    this.db.writeDerived(() => {
      if (state.caseId === 0 && state.eventId === 0) {
        // A fresh index reads every case as it is now: older events have nothing to add.
        state.eventId = maxEvent;
      }
      if (undone !== state.undone) {
        const stale = this.db.all<{ id: number }>(
          `SELECT t.docid AS id FROM case_text t LEFT JOIN cases c ON c.id = t.docid WHERE c.id IS NULL OR c.case_no <> t.case_no`,
        );
        for (const { id } of stale) this.reindex(id);
        state.undone = undone;
      }
      if (maxId < state.caseId) {
        this.db.execute('DELETE FROM case_text WHERE docid > ?', [maxId]);
        state.caseId = maxId;
      }
      if (maxEvent > state.eventId) {
        const changed = this.db.all<{ id: number }>(
          'SELECT DISTINCT case_id AS id FROM case_events WHERE id > ? AND case_id <= ?',
          [state.eventId, state.caseId],
        );
        for (const { id } of changed) this.reindex(id);
        state.eventId = maxEvent;
      }
      while (budget > 0 && state.caseId < maxId) {
        const rows = this.db.all<TextRow>(`SELECT ${TEXT_COLUMNS} FROM cases WHERE id > ? ORDER BY id LIMIT ?`, [
          state.caseId, Math.min(CHUNK, budget),
        ]);
        if (!rows.length) break;
        this.insertMany(rows);
        state.caseId = rows[rows.length - 1]!.id;
        budget -= rows.length;
      }
      this.db.execute('UPDATE case_text_state SET case_id = ?, event_id = ?, undone_batches = ? WHERE id = 1', [
        state.caseId, state.eventId, state.undone,
      ]);
    });
    return state.caseId >= maxId;
  }

  /** Live (unmerged) cases matching an FTS expression; valid when the index is caught up. */
  count(match: string): number {
    // Merged duplicates are few, found through their partial index (migration 003). When there are
    // any, they are told apart in the same pass over the matches: a second search would cost as much.
    const merged = this.db.get<{ any: number }>('SELECT EXISTS (SELECT 1 FROM cases WHERE merged_into_id IS NOT NULL) AS "any"')!.any;
    const sql = merged
      ? `SELECT count(*) - coalesce(sum(docid IN (SELECT id FROM cases WHERE merged_into_id IS NOT NULL)), 0) AS n
         FROM case_text WHERE case_text MATCH ?`
      : 'SELECT count(*) AS n FROM case_text WHERE case_text MATCH ?';
    return this.db.get<{ n: number }>(sql, [match])!.n;
  }

  /** How far the index is: cases indexed up to this id, of the highest case id. */
  progress(): { indexedTo: number; maxId: number } {
    const maxId = this.db.get<{ id: number | null }>('SELECT max(id) AS id FROM cases')!.id ?? 0;
    return { indexedTo: this.state().caseId, maxId };
  }

  private state(): State {
    return this.db.get<State>('SELECT case_id AS "caseId", event_id AS "eventId", undone_batches AS undone FROM case_text_state WHERE id = 1')!;
  }

  private reindex(id: number): void {
    this.db.execute('DELETE FROM case_text WHERE docid = ?', [id]);
    const row = this.db.get<TextRow>(`SELECT ${TEXT_COLUMNS} FROM cases WHERE id = ?`, [id]);
    if (row) this.insert(row);
  }

  private insert(row: TextRow): void {
    this.db.execute('INSERT INTO case_text (docid, tokens, case_no) VALUES (?, ?, ?)', [row.id, tokensOf(row), row.caseNo]);
  }

  /** New documents, INSERT_ROWS per statement: each statement is a crossing into WASM. */
  private insertMany(rows: TextRow[]): void {
    for (let i = 0; i < rows.length; i += INSERT_ROWS) {
      const part = rows.slice(i, i + INSERT_ROWS);
      this.db.execute(
        `INSERT INTO case_text (docid, tokens, case_no) VALUES ${part.map(() => '(?, ?, ?)').join(', ')}`,
        part.flatMap((row) => [row.id, tokensOf(row), row.caseNo]),
      );
    }
  }
}

const LIKE_COLUMNS = ['c.title', 'c.address', 'c.description', 'c.case_no', 'c.external_no'];

/**
 * The WHERE clause of a text search: the FTS4 index, plus a LIKE scan of each typed word over
 * the cases above `unindexedAbove` when the index has not reached them yet (see searchReady).
 */
export function textClause(text: string, unindexedAbove: number | undefined, asFilter = false): { sql: string; params: (string | number)[] } | undefined {
  const match = matchExpression(text);
  if (!match) return undefined;
  // `+c.id` keeps SQLite from driving the query by id: it tests rows against the matches instead.
  const indexed = `${asFilter ? '+' : ''}c.id IN (SELECT docid FROM case_text WHERE case_text MATCH ?)`;
  if (unindexedAbove === undefined) return { sql: indexed, params: [match] };
  const words = text.normalize('NFKC').trim().split(/\s+/).filter(Boolean).slice(0, 8);
  const likes = words.map(() => `(${LIKE_COLUMNS.map((column) => `${column} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
  const params = words.flatMap((word) => {
    const like = `%${word.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
    return LIKE_COLUMNS.map(() => like);
  });
  return { sql: `(${indexed} OR (c.id > ? AND ${likes.join(' AND ')}))`, params: [match, unindexedAbove, ...params] };
}
