import type { Scope } from '../auth/scope';
import { departmentScopeParts, scopeIdQueries } from '../auth/scope.repository';
import type { DurableDatabase } from '../db/durable-database';

export interface CaseColumnRow {
  id: number;
  lng: number | null;
  lat: number | null;
  grid: number | null;
  community: number | null;
  street: number | null;
  category: number | null;
  source: string;
  at: number;
  address: string | null;
  batch: number | null;
  lead: number | null;
}

/** What a cube was built from: where the timeline and the undone import batches stood. */
export interface ChangeMarks {
  /** Highest case_events id: every write that changes a case appends an event to its timeline. */
  eventId: number;
  /** Ids of the import batches undone (undo deletes the batch's cases). */
  undone: number[];
}

export interface GridRow {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  geometry: string | null;
  areaM2: number | null;
  households: number | null;
  lng: number | null;
  lat: number | null;
}

export interface RegionRow {
  id: number;
  level: string;
  code: string;
  name: string;
  parentId: number | null;
  households: number | null;
  minLng: number | null;
  minLat: number | null;
  maxLng: number | null;
  maxLat: number | null;
}

export interface CategoryRow {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  level: number;
}

export interface TopicRow {
  id: number;
  title: string;
  categoryId: number | null;
  categoryName: string | null;
  regionId: number | null;
  regionName: string | null;
  status: 'candidate' | 'adopted' | 'closed';
  ownerStaffId: number | null;
  ownerName: string | null;
  actionPlan: string | null;
  periodStart: number | null;
  periodEnd: number | null;
  evidence: string | null;
  adoptedAt: number | null;
}

const CHUNK = 200_000;
const CASE_COLUMNS = `id, lng, lat, grid_id AS grid, community_id AS community, street_id AS street,
  category_id AS category, source, received_at AS at, address, import_batch_id AS batch, lead_department_id AS lead`;

/** SQL of the analytics area: reads for the in-memory case columns, and the topics table (每月一题). */
export class AnalyticsRepository {
  constructor(private readonly db: DurableDatabase) {}

  /**
   * The ids of the cases in a person's scope (scopeIdQueries: in no particular order, an id possibly
   * twice). Read as one comma-separated text: a row per case costs ~2 µs of sql.js stepping, 0.6 s
   * for a department's 300k cases at 1M, against ~0.05 s for the same ids aggregated.
   */
  caseIdsInScope(scope: Scope): Int32Array {
    // One aggregate per query: over a compound subquery SQLite would add a co-routine (~2× slower).
    const texts = scopeIdQueries(scope).map((query) =>
      this.db.get<{ ids: string | null }>(`SELECT group_concat(id) AS ids FROM (${query.sql})`, query.params)?.ids ?? '');
    return parseIds(texts.filter((text) => text !== '').join(','));
  }

  /** The cases department `departmentId` was whistled to without leading them (the rest of its scope is the cube's lead column). */
  caseIdsSummonedOnly(departmentId: number): Int32Array {
    const { summonedOnly } = departmentScopeParts(departmentId);
    const text = this.db.get<{ ids: string | null }>(`SELECT group_concat(c.id) AS ids FROM cases c WHERE ${summonedOnly.sql}`, summonedOnly.params)?.ids;
    return parseIds(text ?? '');
  }

  /** Changes with every committed write: the key of the in-memory caches. */
  version(): number {
    return this.db.lastSeq;
  }

  /** Every case that is not merged into another, in id order, in chunks (keeps peak memory down). */
  forEachCase(visit: (row: CaseColumnRow) => void): void {
    let after = -1;
    for (;;) {
      const rows = this.casesAfter(after, CHUNK);
      for (const row of rows) visit(row);
      if (rows.length < CHUNK) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  /** Live (unmerged) cases with an id above `after`, in id order: a range of the primary key. */
  casesAfter(after: number, limit: number): CaseColumnRow[] {
    return this.db.all<CaseColumnRow>(
      `SELECT ${CASE_COLUMNS} FROM cases WHERE id > ? AND merged_into_id IS NULL ORDER BY id LIMIT ?`,
      [after, limit],
    );
  }

  /** The given cases with their merged flag; ids that no longer exist are missing from the result. */
  casesByIds(ids: number[]): (CaseColumnRow & { merged: number })[] {
    const out: (CaseColumnRow & { merged: number })[] = [];
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      out.push(...this.db.all<CaseColumnRow & { merged: number }>(
        `SELECT ${CASE_COLUMNS}, merged_into_id IS NOT NULL AS merged FROM cases WHERE id IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      ));
    }
    return out;
  }

  changeMarks(): ChangeMarks {
    const eventId = this.db.get<{ e: number | null }>('SELECT max(id) AS e FROM case_events')!.e ?? 0;
    const undone = this.db.all<{ id: number }>(`SELECT id FROM import_batches WHERE status = 'undone' ORDER BY id`).map((r) => r.id);
    return { eventId, undone };
  }

  /**
   * Cases with a timeline event after `afterEventId`, each once; more than `limit` events gives more than `limit` ids.
   * NOT INDEXED keeps SQLite on the primary-key range: without it (and without ANALYZE statistics) it
   * scans the whole idx_case_events_case index — seconds at a million cases.
   */
  casesWithEventsAfter(afterEventId: number, limit: number): number[] {
    const rows = this.db.all<{ id: number }>('SELECT case_id AS id FROM case_events NOT INDEXED WHERE id > ? LIMIT ?', [afterEventId, limit + 1]);
    return rows.length > limit ? rows.map((r) => r.id) : [...new Set(rows.map((r) => r.id))];
  }

  caseCount(): number {
    return this.db.get<{ n: number }>('SELECT count(*) AS n FROM cases WHERE merged_into_id IS NULL')!.n;
  }

  grids(): GridRow[] {
    return this.db.all<GridRow>(
      `SELECT id, code, name, parent_id AS "parentId", geometry, area_m2 AS "areaM2", households,
              centroid_lng AS lng, centroid_lat AS lat
       FROM regions WHERE level = 'grid' ORDER BY code`,
    );
  }

  regions(): RegionRow[] {
    return this.db.all<RegionRow>(
      `SELECT id, level, code, name, parent_id AS "parentId", households,
              min_lng AS "minLng", min_lat AS "minLat", max_lng AS "maxLng", max_lat AS "maxLat"
       FROM regions ORDER BY code`,
    );
  }

  /** Changes when grid outlines change: the key of the cached spatial weights. */
  gridsVersion(): string {
    const row = this.db.get<{ n: number; u: number | null }>(
      `SELECT count(*) AS n, max(updated_at) AS u FROM regions WHERE level = 'grid'`,
    )!;
    return `${row.n}:${row.u ?? 0}`;
  }

  categories(): CategoryRow[] {
    return this.db.all<CategoryRow>('SELECT id, code, name, parent_id AS "parentId", level FROM categories ORDER BY code');
  }

  staffExists(id: number): boolean {
    return this.db.get('SELECT 1 AS x FROM staff WHERE id = ?', [id]) !== undefined;
  }

  caseRefs(ids: number[]): { id: number; caseNo: string; receivedAt: number; address: string | null }[] {
    const out: { id: number; caseNo: string; receivedAt: number; address: string | null }[] = [];
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      out.push(...this.db.all<{ id: number; caseNo: string; receivedAt: number; address: string | null }>(
        `SELECT id, case_no AS "caseNo", received_at AS "receivedAt", address FROM cases
         WHERE id IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      ));
    }
    return out.sort((a, b) => a.receivedAt - b.receivedAt || a.id - b.id);
  }

  topics(): TopicRow[] {
    return this.db.all<TopicRow>(
      `SELECT t.id, t.title, t.category_id AS "categoryId", c.name AS "categoryName", t.region_id AS "regionId",
              r.name AS "regionName", t.status, t.owner_staff_id AS "ownerStaffId", s.name AS "ownerName",
              t.action_plan AS "actionPlan", t.period_start AS "periodStart", t.period_end AS "periodEnd",
              t.evidence, t.adopted_at AS "adoptedAt"
       FROM topics t
       LEFT JOIN categories c ON c.id = t.category_id
       LEFT JOIN regions r ON r.id = t.region_id
       LEFT JOIN staff s ON s.id = t.owner_staff_id
       ORDER BY t.id DESC`,
    );
  }

  insertAdoptedTopic(topic: {
    title: string; categoryId: number; regionId: number; ownerStaffId: number; actionPlan: string;
    periodStart: number; periodEnd: number; evidence: string[]; at: number;
  }): number {
    return this.db.transaction((tx) => {
      const id = tx.insert(
        `INSERT INTO topics (title, category_id, region_id, status, owner_staff_id, action_plan, period_start, period_end,
                             evidence, adopted_at, created_at)
         VALUES (?, ?, ?, 'adopted', ?, ?, ?, ?, ?, ?, ?)`,
        [topic.title, topic.categoryId, topic.regionId, topic.ownerStaffId, topic.actionPlan, topic.periodStart,
          topic.periodEnd, JSON.stringify(topic.evidence), topic.at, topic.at],
      );
      tx.run(
        `INSERT INTO audit_log (at, action, entity, entity_id, detail) VALUES (?, 'adopt', 'topic', ?, ?)`,
        [topic.at, id, topic.title],
      );
      return id;
    });
  }
}

/** "12,7,300" → [12, 7, 300]: positive integer ids, parsed without a string per id. */
function parseIds(text: string): Int32Array {
  if (text === '') return new Int32Array(0);
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) n++;
  const ids = new Int32Array(n);
  let k = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 44) {
      ids[k++] = value;
      value = 0;
    } else value = value * 10 + (ch - 48);
  }
  ids[k] = value;
  return ids;
}
