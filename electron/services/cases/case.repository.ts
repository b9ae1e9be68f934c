import type { CaseDetail, CaseEvent, CaseFilter, CaseSummary, DueState } from '../../contract';
import { CaseStatus } from '../../contract';
import type { DurableDatabase, SqlValue } from '../db/durable-database';
import { CLOCK_SQL, DUE_INDEX_SQL, NEAR_DUE_MS, caseFilterWhere } from './case-filter.repository';
import { CaseSearchRepository } from './case-search.repository';
import { matchExpression } from './case-text-tokens';
import { CaseViewRepository } from './case-view.repository';
import { importEvent } from './case-import-event.repository';
import { formatCaseNo } from './case-number';
import { lastCaseSerial } from './case-number.repository';
import type { Scope } from '../auth/scope';
import { stampHlc } from '../clock/workspace-clock.repository';
import { departmentScopeParts, scopeClause } from '../auth/scope.repository';
import { departmentPageIds } from './department-page.repository';

const EVERYWHERE: Scope = { kind: 'all' };

const STATUS_INDEX_SQL = `CASE c.status ${CaseStatus.options.map((status, i) => `WHEN '${status}' THEN ${i}`).join(' ')} END`;

const SUMMARY_COLUMNS = `
  c.id, c.case_no AS "caseNo", c.external_no AS "externalNo", c.source, c.status, c.title,
  cat.name AS "categoryName", c.address, g.name AS "gridName", s.name AS "streetName", c.lng, c.lat,
  c.received_at AS "receivedAt", c.handling_due_at AS "handlingDueAt", c.response_due_at AS "responseDueAt",
  c.closed_at AS "closedAt", c.paused_since AS "pausedSince",
  CASE WHEN c.handling_due_at IS NULL THEN 0 ELSE ${CLOCK_SQL} > c.handling_due_at END AS overdue`;

const SUMMARY_JOINS = `
  LEFT JOIN categories cat ON cat.id = c.category_id
  LEFT JOIN regions g ON g.id = c.grid_id
  LEFT JOIN regions s ON s.id = c.street_id`;

type SummaryRow = Omit<CaseSummary, 'overdue' | 'dueState'> & { overdue: number; pausedSince: number | null };

export interface CaseInsert {
  source: string;
  externalNo: string | null;
  categoryId: number | null;
  title: string;
  description: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  sourceCrs: string;
  sourceLng: number | null;
  sourceLat: number | null;
  gridId: number | null;
  communityId: number | null;
  streetId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
  /** caseNoPrefix() of case-number.ts ('GD2611-'): the serial is the next free one under it. */
  caseNoPrefix: string;
  receivedAt: number;
  responseDueAt: number | null;
  handlingDueAt: number | null;
  actorStaffId: number | null;
  actorName: string;
}

/** The list's orders, each with its exact reverse (both end on the id: a total order). */
const PAGE_ORDER = {
  received: ['c.received_at DESC, c.id DESC', 'c.received_at, c.id'],
  due: ['c.handling_due_at IS NULL, c.handling_due_at, c.id', 'c.handling_due_at IS NULL DESC, c.handling_due_at DESC, c.id DESC'],
} as const;

const SEARCH_BUDGET = 2_000;
/** Below this many matches a text search always fetches them by id and sorts (see scanInOrderAbove). */
const SCAN_IN_ORDER_MIN = 2_000;

export class CaseRepository {
  readonly search: CaseSearchRepository;
  readonly views: CaseViewRepository;

  /**
   * `scope`: where the signed-in person acts (auth/scope.ts). Every list, count, map point and
   * search of this repository carries its one predicate. Tools without a person (demo builder,
   * bench) see everything; the app's services always pass the session's scope.
   */
  constructor(
    private readonly db: DurableDatabase,
    private readonly scope: () => Scope = () => EVERYWHERE,
  ) {
    this.search = new CaseSearchRepository(db);
    this.views = new CaseViewRepository(db);
  }

  /** Cases above this id are not in the full-text index yet (undefined: all are); a search scans them. */
  private unindexedAbove: number | undefined;

  /**
   * A text filter reads the full-text index: bring it up to date first. A search indexes at most
   * SEARCH_BUDGET new cases itself (a workspace upgraded with a million cases would otherwise wait
   * minutes); the background catch-up does the rest, and until then the tail is scanned.
   */
  private searchReady(filter: CaseFilter): void {
    if (!filter.text?.trim()) return;
    this.unindexedAbove = this.search.catchUp(SEARCH_BUDGET) ? undefined : this.search.progress().indexedTo;
  }

  /** Inserts a received case and its first timeline event in one durable transaction. */
  insertReceived(row: CaseInsert): { id: number; caseNo: string } {
    return this.db.transaction((tx) => {
      const caseNo = formatCaseNo(row.caseNoPrefix, lastCaseSerial(tx, row.caseNoPrefix) + 1);
      const id = tx.insert(
        `INSERT INTO cases (case_no, source, external_no, category_id, title, description, address, lng, lat,
                            source_crs, source_lng, source_lat, grid_id, community_id, street_id,
                            reporter_name, reporter_phone, status, first_receiver_staff_id, received_at,
                            response_due_at, handling_due_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?)`,
        [caseNo, row.source, row.externalNo, row.categoryId, row.title, row.description, row.address, row.lng, row.lat,
          row.sourceCrs, row.sourceLng, row.sourceLat, row.gridId, row.communityId, row.streetId,
          row.reporterName, row.reporterPhone, row.actorStaffId, row.receivedAt, row.responseDueAt, row.handlingDueAt,
          row.receivedAt, row.receivedAt],
      );
      tx.run(
        `INSERT INTO case_events (case_id, at, actor_staff_id, actor_name, action, from_status, to_status, hlc)
         VALUES (?, ?, ?, ?, 'received', NULL, 'received', ?)`,
        [id, row.receivedAt, row.actorStaffId, row.actorName, stampHlc(tx, row.receivedAt)],
      );
      return { id, caseNo };
    });
  }

  /** A page of cases, newest first, and how many match in all. `now` decides what is overdue. */
  list(filter: CaseFilter, offset: number, limit: number, now: number, sort: 'received' | 'due' = 'received'): { total: number; rows: CaseSummary[] } {
    this.searchReady(filter);
    const where = this.where(filter, now);
    // The index counts every case: only a person who sees everything may take its count as is.
    const textOnly = filter.text?.trim() && this.unindexedAbove === undefined && this.scope().kind === 'all' &&
      Object.entries(filter).every(([key, value]) => key === 'text' || value === undefined);
    const text = textOnly ? matchExpression(filter.text!) : undefined;
    // A text-only search counts in the index itself: no lookup of each matching case. Remembered
    // like any count: the list asks again for every block it scrolls to.
    const total = text ? this.remember(`MATCH\u0000${text}`, () => this.search.count(text)) : this.countInScope(filter, now, where);
    return { total, rows: this.byIds(this.pageIds(filter, now, where, sort, offset, limit, total), now) };
  }

  /**
   * The ids of a page, join-free, so that a deep OFFSET skips index entries only (with the joins
   * and summary columns in the same query, SQLite computes them for every skipped row). Past the
   * middle the page is read in the reverse order from the end: both orders end on the id, so the
   * rows are the same, and no page skips more than half of the matches. That relies on `matches`
   * being exact, as the list's length (scrolled to its end) already does; for a text-only search it
   * is the index's own count (counting the matches by id instead costs 100–200 ms at 100k matches).
   */
  private pageIds(
    filter: CaseFilter, now: number, where: { sql: string; params: SqlValue[] }, sort: 'received' | 'due',
    offset: number, limit: number, matches: number,
  ): number[] {
    const after = matches - offset - limit;
    const fromEnd = after < offset;
    const skip = fromEnd ? Math.max(0, after) : offset;
    const take = fromEnd ? matches - offset - skip : limit;
    if (take <= 0) return [];
    const scoped = this.scope();
    if (scoped.kind === 'department' && sort === 'received' && !filter.text?.trim()) {
      const ids = departmentPageIds(this.db, this.where(filter, now, false, 'none'), scoped.departmentId, !fromEnd, skip, take);
      if (ids) return fromEnd ? ids.reverse() : ids;
    }
    // Many matches: walk the list's own order and test each case against the matches (as a Bloom
    // filter) until the page is full; few matches: fetch them by id and sort (the planner's choice).
    // No index holds the 'due' order, so there is nothing to walk for it.
    const walk = filter.text?.trim() && sort === 'received' && matches > this.scanInOrderAbove(skip + take);
    // Likewise a scope with no index in the list's order (a department's cases searched or in
    // deadline order; a place's in deadline order): SQLite would fetch all of its cases and sort
    // them (0.5 s for 300k at 1M).
    const walkScope = scoped.kind !== 'all' && (scoped.kind === 'department' || sort === 'due') && matches > this.scanInOrderAbove(skip + take);
    const { sql, params } = walk || walkScope ? this.where(filter, now, Boolean(walk), walkScope ? 'filter' : 'index') : where;
    const ids = this.db
      .all<{ id: number }>(`SELECT c.id FROM cases c WHERE ${sql} ORDER BY ${PAGE_ORDER[sort][fromEnd ? 1 : 0]} LIMIT ? OFFSET ?`, [
        ...params, take, skip,
      ])
      .map((row) => row.id);
    return fromEnd ? ids.reverse() : ids;
  }

  /**
   * Walking the order reads about `rows` (skipped + taken) × cases ÷ matches index entries; fetching
   * the matches by id costs about 25 entries' worth each, with the sort (measured on 1M cases for
   * deep pages). The first pages keep the earlier, more eager bound of √(33 × cases).
   */
  private scanInOrderAbove(rows: number): number {
    const cases = this.search.progress().maxId;
    return Math.max(SCAN_IN_ORDER_MIN, Math.sqrt(33 * cases), Math.sqrt((rows / 25) * cases));
  }

  private readonly counts = new Map<string, { seq: number; n: number }>();

  /**
   * A department's count is that of its two disjoint parts, each read from one index: through the
   * OR, SQLite gathers the 300k ids of its cases into a set first (3× the unscoped count at 1M).
   */
  private countInScope(filter: CaseFilter, now: number, where: { sql: string; params: SqlValue[] }): number {
    const scope = this.scope();
    if (scope.kind !== 'department') return this.count(where.sql, where.params);
    const base = this.where(filter, now, false, 'none');
    const { led, summonedOnly } = departmentScopeParts(scope.departmentId);
    return this.count(`${base.sql} AND ${led.sql}`, [...base.params, ...led.params]) +
      this.count(`${base.sql} AND ${summonedOnly.sql}`, [...base.params, ...summonedOnly.params]);
  }

  /** How many cases match; remembered until the next write (a count of a million rows is the list's slowest part). */
  private count(sql: string, params: SqlValue[]): number {
    return this.remember(`${sql}\u0000${JSON.stringify(params)}`, () =>
      this.db.get<{ n: number }>(`SELECT count(*) AS n FROM cases c WHERE ${sql}`, params)!.n);
  }

  private remember(key: string, count: () => number): number {
    const cached = this.counts.get(key);
    if (cached && cached.seq === this.db.lastSeq) return cached.n;
    const n = count();
    if (this.counts.size > 200) this.counts.clear();
    this.counts.set(key, { seq: this.db.lastSeq, n });
    return n;
  }

  /** Cases by id, in the given order (drill-down from a rate to its cases). */
  byIds(ids: number[], now: number): CaseSummary[] {
    if (!ids.length) return [];
    const rows = this.db.all<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM cases c ${SUMMARY_JOINS} WHERE c.id IN (SELECT value FROM json_each(?))`,
      [now, JSON.stringify(ids)],
    );
    const byId = new Map(rows.map((row) => [row.id, toSummary(row, now)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Deadlines of a category, for intake. */
  categoryLimits(id: number): { responseHours: number | null; handlingDays: number | null; timeBasis: 'working' | 'natural' } | undefined {
    return this.db.get(
      `SELECT response_limit_hours AS "responseHours", handling_limit_days AS "handlingDays", time_basis AS "timeBasis"
       FROM categories WHERE id = ?`,
      [id],
    );
  }

  /** A grid's community and street, for intake by grid. */
  gridParents(gridId: number): { communityId: number | null; streetId: number | null } | undefined {
    return this.db.get(
      `SELECT g.parent_id AS "communityId", c.parent_id AS "streetId" FROM regions g LEFT JOIN regions c ON c.id = g.parent_id
       WHERE g.id = ? AND g.level = 'grid'`,
      [gridId],
    );
  }

  /** [id, lng, lat, status index] of every located case matching the filter. */
  points(filter: CaseFilter, now: number, colorBy: 'status' | 'due' = 'status'): [number, number, number, number][] {
    this.searchReady(filter);
    const where = this.where(filter, now);
    const due = colorBy === 'due';
    return this.db
      .all<{ id: number; lng: number; lat: number; s: number }>(
        `SELECT c.id, c.lng, c.lat, ${due ? DUE_INDEX_SQL : STATUS_INDEX_SQL} AS s FROM cases c
         WHERE c.lng IS NOT NULL AND ${where.sql}`,
        due ? [now, now, now, ...where.params] : where.params,
      )
      .map((row) => [row.id, row.lng, row.lat, row.s]);
  }

  /** Whether a case lies in the signed-in person's scope: the same predicate as every list. */
  inScope(id: number): boolean {
    const scope = this.scope();
    if (scope.kind === 'all') return true;
    const clause = scopeClause(scope);
    return this.db.get(`SELECT 1 AS ok FROM cases c WHERE c.id = ? AND ${clause.sql}`, [id, ...clause.params]) !== undefined;
  }

  detail(id: number, now: number): (Omit<CaseDetail, 'events'> & { events: CaseEvent[] }) | undefined {
    const row = this.db.get<SummaryRow & Record<string, SqlValue>>(
      `SELECT ${SUMMARY_COLUMNS}, c.description, c.reporter_name AS "reporterName",
              c.reporter_phone AS "reporterPhone", c.satisfaction, c.solved, c.category_id AS "categoryId",
              c.grid_id AS "gridId", ld.name AS "leadDepartmentName", fr.name AS "firstReceiverName",
              c.extension_count AS "extensionCount", c.return_count AS "returnCount", c.reopen_count AS "reopenCount",
              st.name AS "assigneeName", d.name AS "departmentName", c.sync_conflict AS "syncConflict",
              (SELECT archived_at FROM case_archive a WHERE a.case_id = c.id) AS "archivedAt"
       FROM cases c ${SUMMARY_JOINS}
       LEFT JOIN staff st ON st.id = c.assignee_staff_id
       LEFT JOIN staff fr ON fr.id = c.first_receiver_staff_id
       LEFT JOIN departments ld ON ld.id = c.lead_department_id
       LEFT JOIN departments d ON d.id = coalesce(c.assignee_department_id, c.lead_department_id)
       WHERE c.id = ?`,
      [now, id],
    );
    if (!row) return undefined;
    const events = this.db.all<CaseEvent>(
      `SELECT id, at, actor_staff_id AS "actorStaffId", actor_name AS "actorName", action, from_status AS "fromStatus",
              to_status AS "toStatus", note, data
       FROM case_events WHERE case_id = ? ORDER BY at, id`,
      [id],
    );
    const imported = importEvent(this.db, id);
    if (imported) events.unshift(imported);
    const { pausedSince: _paused, archivedAt, ...rest } = row as Record<string, SqlValue>;
    const archive = archivedAt === null ? null : { archivedAt: Number(archivedAt), problem: null };
    return { ...(rest as object), ...toSummary(row, now), solved: row.solved === null ? null : row.solved === 1, syncConflict: row.syncConflict === 1, archive, events } as Omit<
      CaseDetail,
      'events'
    > & { events: CaseEvent[] };
  }

  /** `scopeAs`: the scope's predicate served by an index, tested on each case (see scopeClause), or left out. */
  private where(filter: CaseFilter, now: number, textAsFilter = false, scopeAs: 'index' | 'filter' | 'none' = 'index'): { sql: string; params: SqlValue[] } {
    return caseFilterWhere(this.db, filter, now, { scope: this.scope(), unindexedAbove: this.unindexedAbove, textAsFilter, scopeAs });
  }
}

function dueState(row: SummaryRow, now: number): DueState {
  if (row.handlingDueAt === null) return 'none';
  if (row.overdue === 1) return 'overdue';
  if (row.closedAt === null && row.pausedSince === null && row.handlingDueAt - now <= NEAR_DUE_MS) return 'near';
  return 'ok';
}

function toSummary(row: SummaryRow, now: number): CaseSummary {
  return {
    id: row.id, caseNo: row.caseNo, externalNo: row.externalNo, source: row.source, status: row.status,
    title: row.title, categoryName: row.categoryName, address: row.address, gridName: row.gridName,
    streetName: row.streetName, lng: row.lng, lat: row.lat, receivedAt: row.receivedAt,
    handlingDueAt: row.handlingDueAt, responseDueAt: row.responseDueAt, closedAt: row.closedAt,
    overdue: row.overdue === 1, dueState: dueState(row, now),
  };
}
