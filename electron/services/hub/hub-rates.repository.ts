// The hub's three-rates SQL (PostgreSQL): a month's counts per street from hub_rates_monthly
// (migration 002), and the same counts straight from the case rows, the reference they must equal.
// The parts follow rates.repository.ts exactly: a response is judged once answered or past its limit;
// a callback (satisfaction given) is what the resolution and satisfaction rates count.
import type { ClientBase } from 'pg';
import type { RateCounts } from '../../contract';

export interface HubRatesQuery {
  /** 'YYYY-MM', a Beijing month. */
  month: string;
  /** The figures' time in epoch ms: unanswered cases count in the response rate once their limit is before it. */
  now: number;
  /** Whether an answer after the limit still counts as a response (rate settings). */
  lateResponseCounts: boolean;
  /** Only streets whose code starts with this (a district's 6-digit code); all when absent. */
  codePrefix?: string;
}

export interface StreetCounts {
  /** '' for cases whose street is unknown. */
  streetCode: string;
  counts: RateCounts;
}

type CountRow = {
  street_code: string; cases: string; judged: string; responded: string; rated: string; solved: string;
  satisfied: string; basically_satisfied: string;
};

function streetCounts(rows: CountRow[]): StreetCounts[] {
  return rows.map((r) => ({
    streetCode: r.street_code,
    counts: {
      cases: Number(r.cases), responseJudged: Number(r.judged), responded: Number(r.responded), rated: Number(r.rated),
      solved: Number(r.solved), satisfied: Number(r.satisfied), basicallySatisfied: Number(r.basically_satisfied),
    },
  }));
}

function params(q: HubRatesQuery): unknown[] {
  return [`${q.month}-01`, new Date(q.now), q.lateResponseCounts, `${q.codePrefix ?? ''}%`];
}

/**
 * From the aggregate: each street's row sums plus, taken off the judged responses, the month's
 * unanswered cases whose limit is not yet past (cases_awaiting_response).
 */
export async function monthCountsByStreet(client: ClientBase, q: HubRatesQuery): Promise<StreetCounts[]> {
  const result = await client.query<CountRow>(
    `WITH bounds AS (
       SELECT ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS from_at,
              (($1::date + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai') AS to_at),
     not_yet_due AS (
       SELECT coalesce(c.street_code, '') AS street_code, count(*) AS n
       FROM cases c, bounds b
       WHERE c.responded_at IS NULL AND c.response_due_at IS NOT NULL AND NOT c.merged AND c.response_due_at >= $2
         AND c.received_at >= b.from_at AND c.received_at < b.to_at AND coalesce(c.street_code, '') LIKE $4
       GROUP BY 1),
     sums AS (
       SELECT street_code, sum(cases) AS cases, sum(response_limited) AS response_limited, sum(responded) AS responded,
              sum(responded_in_time) AS responded_in_time, sum(rated) AS rated, sum(solved) AS solved,
              sum(satisfied) AS satisfied, sum(basically_satisfied) AS basically_satisfied
       FROM hub_rates_monthly WHERE month = $1::date AND street_code LIKE $4
       GROUP BY street_code)
     SELECT s.street_code, s.cases, s.response_limited - coalesce(w.n, 0) AS judged,
            CASE WHEN $3 THEN s.responded ELSE s.responded_in_time END AS responded,
            s.rated, s.solved, s.satisfied, s.basically_satisfied
     FROM sums s LEFT JOIN not_yet_due w USING (street_code)
     WHERE s.cases > 0
     ORDER BY s.street_code`,
    params(q),
  );
  return streetCounts(result.rows);
}

/** The same counts from the raw case rows of the month: the reference for the aggregate. */
export async function monthCountsByStreetFromCases(client: ClientBase, q: HubRatesQuery): Promise<StreetCounts[]> {
  const result = await client.query<CountRow>(
    `WITH bounds AS (
       SELECT ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS from_at,
              (($1::date + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai') AS to_at)
     SELECT coalesce(c.street_code, '') AS street_code, count(*) AS cases,
            count(*) FILTER (WHERE c.response_due_at IS NOT NULL AND (c.responded_at IS NOT NULL OR c.response_due_at < $2)) AS judged,
            count(*) FILTER (WHERE c.response_due_at IS NOT NULL AND c.responded_at IS NOT NULL
                               AND ($3 OR c.responded_at <= c.response_due_at)) AS responded,
            count(*) FILTER (WHERE c.satisfaction IS NOT NULL) AS rated,
            count(*) FILTER (WHERE c.satisfaction IS NOT NULL AND c.solved) AS solved,
            count(*) FILTER (WHERE c.satisfaction = 'satisfied') AS satisfied,
            count(*) FILTER (WHERE c.satisfaction = 'basically_satisfied') AS basically_satisfied
     FROM cases c, bounds b
     WHERE c.received_at >= b.from_at AND c.received_at < b.to_at AND NOT c.merged AND coalesce(c.street_code, '') LIKE $4
     GROUP BY 1
     ORDER BY 1`,
    params(q),
  );
  return streetCounts(result.rows);
}

/** Cases per Beijing month ('YYYY-MM') and the newest receipt time: what month-coverage.ts needs. */
export async function hubMonthCounts(client: ClientBase): Promise<{ months: { month: string; cases: number }[]; lastAt: number | null }> {
  const months = await client.query<{ month: string; cases: string }>(
    `SELECT to_char(month, 'YYYY-MM') AS month, sum(cases) AS cases FROM hub_rates_monthly
     GROUP BY month HAVING sum(cases) > 0 ORDER BY month`,
  );
  const last = await client.query<{ at: Date | null }>('SELECT max(received_at) AS at FROM cases WHERE NOT merged');
  return {
    months: months.rows.map((r) => ({ month: r.month, cases: Number(r.cases) })),
    lastAt: last.rows[0]?.at ? last.rows[0].at.getTime() : null,
  };
}
