/**
 * The three rates (三率), the composite score and the ranking (pure). DOMAIN.md, "The three rates":
 * - response rate = responded within the response limit ÷ cases whose response is judged
 *   (responded, or already past the limit: a case still inside its limit is not judged yet);
 * - resolution rate = callbacks saying solved ÷ callbacks;
 * - satisfaction rate = (满意 + credit × 基本满意) ÷ callbacks;
 * - dispatch accuracy (dispatcher level) = dispatches not returned ÷ dispatches: each 退单 counts
 *   against the dispatcher whose dispatch was returned (DOMAIN.md, "returned");
 * - composite = 100 × Σ wᵢ·rateᵢ ÷ Σ wᵢ over the rates that have a denominator (accuracy only
 *   when its weight, a setting defaulting to 0, is set).
 */
import type { RankingRow, RateCounts, RateSettings } from '../../contract';

export const DEFAULT_RATE_SETTINGS: RateSettings = {
  weights: { response: 30, resolution: 35, satisfaction: 35, dispatchAccuracy: 0 },
  basicallySatisfiedCredit: 0.8,
  lateResponseCounts: false,
  minCases: 1,
};

export function ratesOf(c: RateCounts, settings: RateSettings): Pick<RankingRow, 'response' | 'resolution' | 'satisfaction' | 'dispatchAccuracy' | 'composite'> {
  const response = c.responseJudged ? c.responded / c.responseJudged : null;
  const resolution = c.rated ? c.solved / c.rated : null;
  const satisfaction = c.rated ? (c.satisfied + settings.basicallySatisfiedCredit * c.basicallySatisfied) / c.rated : null;
  const dispatchAccuracy = c.dispatches ? (c.dispatches - (c.dispatchesReturned ?? 0)) / c.dispatches : null;
  const parts: [number | null, number][] = [
    [response, settings.weights.response], [resolution, settings.weights.resolution], [satisfaction, settings.weights.satisfaction],
    [dispatchAccuracy, settings.weights.dispatchAccuracy ?? 0],
  ];
  const weight = parts.reduce((sum, [rate, w]) => (rate === null ? sum : sum + w), 0);
  const composite = weight > 0 ? (100 * parts.reduce((sum, [rate, w]) => (rate === null ? sum : sum + w * rate), 0)) / weight : null;
  return { response, resolution, satisfaction, dispatchAccuracy, composite: composite === null ? null : round(composite, 2) };
}

export interface UnitCounts {
  unitId: number;
  unitName: string;
  counts: RateCounts;
}

/**
 * Ranks units by composite (ties share a rank, by 1224 ranking; then by name for a stable order),
 * with last month's rank and the change in composite points. Units below `minCases` are listed unranked.
 */
export function rank(current: UnitCounts[], previous: UnitCounts[], settings: RateSettings): RankingRow[] {
  const score = (units: UnitCounts[]) =>
    units.map((u) => ({ ...u, ...ratesOf(u.counts, settings), eligible: u.counts.cases >= settings.minCases }));
  const ranks = (rows: ReturnType<typeof score>) => {
    const ranked = rows.filter((r) => r.eligible && r.composite !== null).sort((a, b) => b.composite! - a.composite!);
    const result = new Map<number, number>();
    ranked.forEach((r, i) => result.set(r.unitId, i > 0 && ranked[i - 1]!.composite === r.composite ? result.get(ranked[i - 1]!.unitId)! : i + 1));
    return result;
  };
  const now = score(current);
  const before = score(previous);
  const nowRanks = ranks(now);
  const beforeRanks = ranks(before);
  const beforeById = new Map(before.map((r) => [r.unitId, r]));
  return now
    .map(({ eligible: _eligible, ...r }) => {
      const prev = beforeById.get(r.unitId);
      const previousComposite = prev?.composite ?? null;
      return {
        ...r,
        rank: nowRanks.get(r.unitId) ?? null,
        previousRank: beforeRanks.get(r.unitId) ?? null,
        previousComposite,
        change: r.composite !== null && previousComposite !== null ? round(r.composite - previousComposite, 2) : null,
      };
    })
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unitName.localeCompare(b.unitName, 'zh-CN'));
}

export function sumCounts(rows: RateCounts[]): RateCounts {
  const total: RateCounts = { cases: 0, responseJudged: 0, responded: 0, rated: 0, solved: 0, satisfied: 0, basicallySatisfied: 0 };
  const keys = Object.keys(total) as (keyof RateCounts)[];
  for (const row of rows) {
    for (const key of keys) total[key]! += row[key] ?? 0;
    // Dispatch counts exist at the dispatcher level only; elsewhere the totals do not carry them.
    if (row.dispatches !== undefined) {
      total.dispatches = (total.dispatches ?? 0) + row.dispatches;
      total.dispatchesReturned = (total.dispatchesReturned ?? 0) + (row.dispatchesReturned ?? 0);
    }
  }
  return total;
}

/** Whether two rankings publish different figures (ranks, composites or counts). */
export function rankingsDiffer(a: RankingRow[], b: RankingRow[]): boolean {
  const key = (rows: RankingRow[]) => JSON.stringify(rows.map((r) => [r.unitId, r.rank, r.composite, r.counts]).sort((x, y) => (x[0] as number) - (y[0] as number)));
  return key(a) !== key(b);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
