import { describe, expect, it } from 'vitest';
import type { RateCounts } from '../../../../electron/contract';
import { DEFAULT_RATE_SETTINGS, rank, rankingsDiffer, ratesOf, sumCounts } from '../../../../electron/services/rates/rate-formulas';

const counts = (over: Partial<RateCounts>): RateCounts => ({
  cases: 10, responseJudged: 10, responded: 10, rated: 10, solved: 10, satisfied: 10, basicallySatisfied: 0, ...over,
});

describe('the three rates, hand-checked', () => {
  it('computes each rate and the 30/35/35 composite', () => {
    // 20 cases, 18 judged, 15 on time; 10 callbacks, 8 solved, 6 满意 + 2 基本满意 (credit 0.8) + 2 不满意.
    const r = ratesOf(counts({ cases: 20, responseJudged: 18, responded: 15, rated: 10, solved: 8, satisfied: 6, basicallySatisfied: 2 }), DEFAULT_RATE_SETTINGS);
    expect(r.response).toBeCloseTo(15 / 18, 12); // 0.8333…
    expect(r.resolution).toBe(0.8);
    expect(r.satisfaction).toBeCloseTo(0.76, 12); // (6 + 1.6) / 10
    // 100 × (0.30 × 0.83333 + 0.35 × 0.8 + 0.35 × 0.76) = 25 + 28 + 26.6 = 79.6
    expect(r.composite).toBe(79.6);
  });

  it('counts 基本满意 by the configured credit', () => {
    const c = counts({ rated: 4, satisfied: 2, basicallySatisfied: 2, solved: 4 });
    expect(ratesOf(c, { ...DEFAULT_RATE_SETTINGS, basicallySatisfiedCredit: 1 }).satisfaction).toBe(1);
    expect(ratesOf(c, { ...DEFAULT_RATE_SETTINGS, basicallySatisfiedCredit: 0 }).satisfaction).toBe(0.5);
    expect(ratesOf(c, { ...DEFAULT_RATE_SETTINGS, basicallySatisfiedCredit: 0.5 }).satisfaction).toBe(0.75);
  });

  it('leaves a rate with no denominator out of the composite and renormalises the weights', () => {
    // No callbacks: composite is the response rate alone. 3 of 4 → 75.
    const r = ratesOf(counts({ responseJudged: 4, responded: 3, rated: 0, solved: 0, satisfied: 0 }), DEFAULT_RATE_SETTINGS);
    expect(r).toEqual({ response: 0.75, resolution: null, satisfaction: null, dispatchAccuracy: null, composite: 75 });
    expect(ratesOf(counts({ responseJudged: 0, responded: 0, rated: 0, solved: 0, satisfied: 0 }), DEFAULT_RATE_SETTINGS).composite).toBeNull();
  });

  it('counts dispatch accuracy beside the three rates, scoring it only with a weight', () => {
    // 4 dispatches, 1 returned → 0.75; by default shown, not scored: composite is the response rate alone.
    const c = { ...counts({ responseJudged: 2, responded: 2, rated: 0, solved: 0, satisfied: 0 }), dispatches: 4, dispatchesReturned: 1 };
    expect(ratesOf(c, DEFAULT_RATE_SETTINGS)).toMatchObject({ dispatchAccuracy: 0.75, composite: 100 });
    // Weighted 30 beside response 30: (30 × 1 + 30 × 0.75) ÷ 60 = 87.5.
    expect(ratesOf(c, { ...DEFAULT_RATE_SETTINGS, weights: { ...DEFAULT_RATE_SETTINGS.weights, dispatchAccuracy: 30 } }).composite).toBe(87.5);
    expect(sumCounts([c, c])).toMatchObject({ cases: c.cases * 2, dispatches: 8, dispatchesReturned: 2 });
    expect(sumCounts([counts({})]).dispatches).toBeUndefined();
  });

  it('uses other weights when the settings say so', () => {
    // Equal weights: (1 + 0.5 + 0.5) / 3 = 66.67.
    const r = ratesOf(counts({ rated: 2, solved: 1, satisfied: 1 }), { ...DEFAULT_RATE_SETTINGS, weights: { response: 1, resolution: 1, satisfaction: 1 } });
    expect(r.composite).toBe(66.67);
  });
});

describe('ranking', () => {
  const unit = (unitId: number, unitName: string, c: Partial<RateCounts>) => ({ unitId, unitName, counts: counts(c) });

  it('ranks by composite with ties sharing a rank, and reports month-over-month change', () => {
    const current = [
      unit(1, '东华门街道', { responded: 9 }), // 0.3×0.9 + 0.35 + 0.35 = 97
      unit(2, '景山街道', {}), // 100
      unit(3, '交道口街道', { responded: 9 }), // 97 (tie with 1)
      unit(4, '安定门街道', { rated: 2, solved: 1, satisfied: 1 }), // 30 + 17.5 + 17.5 = 65
    ];
    const previous = [unit(1, '东华门街道', {}), unit(2, '景山街道', { responded: 5 }), unit(4, '安定门街道', {})];
    const rows = rank(current, previous, DEFAULT_RATE_SETTINGS);
    expect(rows.map((r) => [r.unitId, r.composite, r.rank, r.previousRank, r.change])).toEqual([
      // Last month: 东华门 and 安定门 100 (both rank 1), 景山 0.3×0.5 + 0.7 = 85 (rank 3).
      [2, 100, 1, 3, 15],
      // Ties share rank 2 and are ordered by name (东华门 dōng before 交道口 jiāo).
      [1, 97, 2, 1, -3],
      [3, 97, 2, null, null],
      [4, 65, 4, 1, -35],
    ]);
  });

  it('lists units below the minimum number of cases without a rank', () => {
    const rows = rank([unit(1, '甲', { cases: 2 }), unit(2, '乙', {})], [], { ...DEFAULT_RATE_SETTINGS, minCases: 5 });
    expect(rows.map((r) => [r.unitId, r.rank])).toEqual([[2, 1], [1, null]]);
  });

  it('sums counts and tells a changed ranking from an unchanged one', () => {
    expect(sumCounts([counts({}), counts({ cases: 5 })]).cases).toBe(15);
    const a = rank([unit(1, '甲', {})], [], DEFAULT_RATE_SETTINGS);
    const b = rank([unit(1, '甲', { rated: 11, satisfied: 10, solved: 11 })], [], DEFAULT_RATE_SETTINGS);
    expect(rankingsDiffer(a, a)).toBe(false);
    expect(rankingsDiffer(a, b)).toBe(true);
  });
});
