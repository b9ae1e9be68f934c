import type { RankingRow, RateLevel, RateMeasure, RateSettings } from '../../contract';
import type { Scope } from '../auth/scope';
import { namedScopeClause } from '../auth/scope.repository';
import type { DurableDatabase, SqlValue } from '../db/durable-database';
import { recordReferenceEdit } from '../sync/reference-edits.repository';
import type { UnitCounts } from './rate-formulas';

const SETTINGS_KEY = 'rates.settings';

/** How each level finds a case's unit and its name. */
const UNITS: Record<RateLevel, { id: string; join: string }> = {
  street: { id: 'c.street_id', join: 'JOIN regions u ON u.id = c.street_id' },
  community: { id: 'c.community_id', join: 'JOIN regions u ON u.id = c.community_id' },
  grid: { id: 'c.grid_id', join: 'JOIN regions u ON u.id = c.grid_id' },
  department: { id: 'c.lead_department_id', join: 'JOIN departments u ON u.id = c.lead_department_id' },
  // The grid worker on duty in the case's grid when it was received.
  grid_worker: {
    id: 'a.staff_id',
    join: `JOIN duty_assignments a ON a.region_id = c.grid_id AND a.duty = 'grid_worker' AND a.since <= c.received_at
             AND (a.until IS NULL OR a.until > c.received_at)
           JOIN staff u ON u.id = a.staff_id`,
  },
  // 派遣员: who made the case's last dispatch up to the figures' time (:now); earlier, returned
  // dispatches are counted against their own dispatchers by dispatch accuracy.
  dispatcher: {
    id: 'ld.actor_staff_id',
    join: `JOIN case_events ld ON ld.id = (SELECT e.id FROM case_events e WHERE e.case_id = c.id AND e.action = 'dispatched'
             AND e.actor_staff_id IS NOT NULL AND e.at <= :now ORDER BY e.at DESC, e.id DESC LIMIT 1)
           JOIN staff u ON u.id = ld.actor_staff_id`,
  },
  // 承办人: the case's assignee (set by a dispatch to a person or by whoever responded; cleared by a return).
  handler: { id: 'c.assignee_staff_id', join: 'JOIN staff u ON u.id = c.assignee_staff_id' },
};

/** Predicates of the rates' parts; `?1` is "now" (for judging responses), `?2` whether late responses count. */
const JUDGED = '(c.response_due_at IS NOT NULL AND (c.responded_at IS NOT NULL OR c.response_due_at < :now))';
const RESPONDED = `(${JUDGED} AND c.responded_at IS NOT NULL AND (:late = 1 OR c.responded_at <= c.response_due_at))`;
const RATED = '(c.callback_at IS NOT NULL)';
const PARTS: Record<RateMeasure, { all: string; hit: string }> = {
  response: { all: JUDGED, hit: RESPONDED },
  resolution: { all: RATED, hit: `(${RATED} AND c.solved = 1)` },
  satisfaction: { all: RATED, hit: `(${RATED} AND c.satisfaction IN ('satisfied', 'basically_satisfied'))` },
};

export class RatesRepository {
  /** `scope`: where the signed-in person acts; live rankings and drill-downs count only those cases. */
  constructor(
    private readonly db: DurableDatabase,
    private readonly scope: () => Scope = () => ({ kind: 'all' }),
  ) {}

  settings(defaults: RateSettings): RateSettings {
    const raw = this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [SETTINGS_KEY])?.value;
    if (!raw) return defaults;
    const saved = JSON.parse(raw) as Partial<RateSettings>;
    return { ...defaults, ...saved, weights: { ...defaults.weights, ...saved.weights } };
  }

  /** Saves the weights and counting rules, with who changed them and when (audit_log). */
  saveSettings(settings: RateSettings, by: { at: number; actorStaffId: number | null }): void {
    this.db.transaction((tx) => {
      tx.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [SETTINGS_KEY, JSON.stringify(settings)]);
      tx.run(`INSERT INTO audit_log (at, actor_staff_id, action, entity, detail) VALUES (?, ?, 'settings_change', 'settings', ?)`, [
        by.at, by.actorStaffId, JSON.stringify({ key: SETTINGS_KEY, value: settings }),
      ]);
      // One ruler for the district: every desk counts the three rates by the same settings.
      recordReferenceEdit(tx, 'setting', SETTINGS_KEY, by.at);
    });
  }

  /** Whether the person sees every case: only then are the live figures the district's own. */
  seesEverything(): boolean {
    return this.scope().kind === 'all';
  }

  /** Counts per unit of the cases received in [from, to). Merged duplicates are counted once, as the case they joined. */
  counts(level: RateLevel, from: number, to: number, now: number, settings: RateSettings): UnitCounts[] {
    const unit = UNITS[level];
    const inScope = namedScopeClause(this.scope());
    const rows = this.db.all<Record<string, number | string>>(
      `SELECT ${unit.id} AS "unitId", u.name AS "unitName", count(*) AS cases,
              sum(${JUDGED}) AS "responseJudged", sum(${RESPONDED}) AS responded, sum(${RATED}) AS rated,
              sum(${RATED} AND c.solved = 1) AS solved, sum(${RATED} AND c.satisfaction = 'satisfied') AS satisfied,
              sum(${RATED} AND c.satisfaction = 'basically_satisfied') AS "basicallySatisfied"
       FROM cases c ${unit.join}
       WHERE c.received_at >= :from AND c.received_at < :to AND c.merged_into_id IS NULL AND ${inScope.sql}
       GROUP BY ${unit.id}`,
      { ':from': from, ':to': to, ':now': now, ':late': settings.lateResponseCounts ? 1 : 0, ...inScope.params },
    );
    const units = rows.map((r) => ({
      unitId: Number(r.unitId), unitName: String(r.unitName),
      counts: {
        cases: Number(r.cases), responseJudged: Number(r.responseJudged), responded: Number(r.responded), rated: Number(r.rated),
        solved: Number(r.solved), satisfied: Number(r.satisfied), basicallySatisfied: Number(r.basicallySatisfied),
      } as UnitCounts['counts'],
    }));
    return level === 'dispatcher' ? this.withDispatches(units, from, to, now) : units;
  }

  /**
   * Adds each dispatcher's dispatches on the cases received in [from, to) up to `now`, and how many
   * were returned: a dispatch is returned when the case's next move (dispatch, return or reopen) is a
   * return, so each 退单 counts against the one dispatch it sent back. A dispatcher whose every
   * dispatch was returned is listed with no cases of their own.
   */
  private withDispatches(units: UnitCounts[], from: number, to: number, now: number): UnitCounts[] {
    const inScope = namedScopeClause(this.scope());
    const rows = this.db.all<{ unitId: number; unitName: string; dispatches: number; returned: number }>(
      `WITH moves AS (
         SELECT e.actor_staff_id AS staff, e.action,
                lead(e.action) OVER (PARTITION BY e.case_id ORDER BY e.at, e.id) AS next
         FROM case_events e JOIN cases c ON c.id = e.case_id
         WHERE e.action IN ('dispatched', 'returned', 'reopened') AND e.at <= :now
           AND c.received_at >= :from AND c.received_at < :to AND c.merged_into_id IS NULL AND ${inScope.sql})
       SELECT m.staff AS "unitId", s.name AS "unitName", count(*) AS dispatches, coalesce(sum(m.next = 'returned'), 0) AS returned
       FROM moves m JOIN staff s ON s.id = m.staff
       WHERE m.action = 'dispatched'
       GROUP BY m.staff`,
      { ':from': from, ':to': to, ':now': now, ...inScope.params },
    );
    const byId = new Map(units.map((u) => [u.unitId, u]));
    for (const r of rows) {
      const unit = byId.get(r.unitId) ?? { unitId: r.unitId, unitName: r.unitName, counts: { cases: 0, responseJudged: 0, responded: 0, rated: 0, solved: 0, satisfied: 0, basicallySatisfied: 0 } };
      unit.counts.dispatches = Number(r.dispatches);
      unit.counts.dispatchesReturned = Number(r.returned);
      byId.set(r.unitId, unit);
    }
    return [...byId.values()];
  }

  /** Live cases per Beijing month ('YYYY-MM') and the newest receipt time: what month-coverage.ts needs. */
  monthCounts(): { months: { month: string; cases: number }[]; lastAt: number | null } {
    const months = this.db.all<{ month: string; cases: number }>(
      `SELECT strftime('%Y-%m', (received_at + 28800000) / 1000, 'unixepoch') AS month, count(*) AS cases
       FROM cases WHERE merged_into_id IS NULL GROUP BY month ORDER BY month`,
    );
    const lastAt = this.db.get<{ at: number | null }>('SELECT max(received_at) AS at FROM cases WHERE merged_into_id IS NULL')?.at ?? null;
    return { months, lastAt };
  }

  /** Ids of the cases behind one figure: all judged (denominator), hits (numerator) or misses. */
  caseIds(level: RateLevel, unitId: number | undefined, measure: RateMeasure, part: 'all' | 'hit' | 'missed', from: number, to: number, now: number, settings: RateSettings, limit: number): { total: number; ids: number[] } {
    const unit = UNITS[level];
    const { all, hit } = PARTS[measure];
    const predicate = part === 'all' ? all : part === 'hit' ? hit : `(${all} AND NOT ${hit})`;
    const inScope = namedScopeClause(this.scope());
    const params: Record<string, SqlValue> = { ':from': from, ':to': to, ':now': now, ':late': settings.lateResponseCounts ? 1 : 0, ':unit': unitId ?? null, ...inScope.params };
    const where = `c.received_at >= :from AND c.received_at < :to AND c.merged_into_id IS NULL AND ${predicate}
                   AND (:unit IS NULL OR ${unit.id} = :unit) AND ${inScope.sql}`;
    const total = this.db.get<{ n: number }>(`SELECT count(*) AS n FROM cases c ${unit.join} WHERE ${where}`, params)!.n;
    const ids = this.db
      .all<{ id: number }>(`SELECT c.id FROM cases c ${unit.join} WHERE ${where} ORDER BY c.received_at DESC LIMIT ${Math.floor(limit)}`, params)
      .map((r) => r.id);
    return { total, ids };
  }

  snapshot(month: string, level: RateLevel): { frozenAt: number; frozenBy: string | null; rows: RankingRow[] } | undefined {
    const row = this.db.get<{ frozenAt: number; frozenBy: string | null; data: string }>(
      `SELECT r.frozen_at AS "frozenAt", s.name AS "frozenBy", r.data FROM ranking_snapshots r
       LEFT JOIN staff s ON s.id = r.frozen_by WHERE r.month = ? AND r.scope = ?`,
      [month, level],
    );
    return row && { frozenAt: row.frozenAt, frozenBy: row.frozenBy, rows: JSON.parse(row.data) as RankingRow[] };
  }

  freeze(month: string, level: RateLevel, settings: RateSettings, rows: RankingRow[], at: number, by: number | null): void {
    this.db.transaction((tx) => {
      tx.run(
        `INSERT INTO ranking_snapshots (month, scope, settings, data, frozen_at, frozen_by) VALUES (?, ?, ?, ?, ?, ?)`,
        [month, level, JSON.stringify(settings), JSON.stringify(rows), at, by],
      );
    });
  }
}
