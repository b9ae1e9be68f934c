import { describe, expect, it } from 'vitest';
import { naturalBreaks, quantileBreaks } from '../../../../electron/services/analytics/breaks';
import { bhAdjust, bhThreshold } from '../../../../electron/services/analytics/fdr';
import { giBins, giStar } from '../../../../electron/services/analytics/gi-star';
import { toCsr } from '../../../../electron/services/analytics/contiguity';
import { mannKendall } from '../../../../electron/services/analytics/mann-kendall';
import { normalCdf, twoSidedP } from '../../../../electron/services/analytics/normal';
import { rateRatio } from '../../../../electron/services/analytics/rate-ratio';

describe('normal distribution', () => {
  it('matches tabulated values', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(twoSidedP(2.575829)).toBeCloseTo(0.01, 6);
    expect(twoSidedP(1.644854)).toBeCloseTo(0.1, 6);
    expect(twoSidedP(0)).toBeCloseTo(1, 6);
    expect(twoSidedP(6)).toBeGreaterThan(0);
  });
});

describe('Getis-Ord Gi*', () => {
  // A line of five locations, each next to the one before and after; values 1, 2, 3, 4, 10.
  // n = 5, mean 4, S = √(130/5 − 16) = √10. Location 4 (value 10, neighbour 3, itself included):
  // Σwx = 14, Σw = Σw² = 2 → (14 − 8) / (√10 · √((5·2 − 4)/4)) = 6/√15.
  const line = toCsr([[1], [0, 2], [1, 3], [2, 4], [3]]);
  it('gives the hand-worked z-scores on a line', () => {
    const { z, p } = giStar([1, 2, 3, 4, 10], line);
    expect(z[4]).toBeCloseTo(6 / Math.sqrt(15), 10);
    expect(z[0]).toBeCloseTo(-5 / Math.sqrt(15), 10);
    expect(z[2]).toBeCloseTo(-3 / Math.sqrt(15), 10);
    expect(p[4]).toBeCloseTo(0.121335, 5);
  });

  it('gives z = 0 and p = 1 where the values do not vary', () => {
    const { z, p } = giStar([3, 3, 3, 3, 3], line);
    expect(Array.from(z)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(p)).toEqual([1, 1, 1, 1, 1]);
  });

  it('finds a high cluster on a 5×5 lattice and bins it at 99 %', () => {
    // Rook neighbours on a 5×5 lattice; a 2×2 block of 20s in the corner, ones elsewhere.
    const lists: number[][] = [];
    for (let r = 0; r < 5; r++) for (let c = 0; c < 5; c++) {
      const l: number[] = [];
      if (r > 0) l.push((r - 1) * 5 + c);
      if (r < 4) l.push((r + 1) * 5 + c);
      if (c > 0) l.push(r * 5 + c - 1);
      if (c < 4) l.push(r * 5 + c + 1);
      lists.push(l);
    }
    const values = Array.from({ length: 25 }, (_, i) => ([0, 1, 5, 6].includes(i) ? 20 : 1));
    const { z, p } = giStar(values, toCsr(lists));
    // Corner 0: itself + 1 + 5, all 20s. mean = 101/25; S² = (4·400 + 21)/25 − mean²
    const mean = 101 / 25; // 4 · 20 + 21 · 1
    const s = Math.sqrt((4 * 400 + 21) / 25 - mean * mean);
    expect(z[0]).toBeCloseTo((60 - 3 * mean) / (s * Math.sqrt((25 * 3 - 9) / 24)), 10);
    const bins = giBins(z, p);
    expect(bins[0]).toBe(3);
    expect(bins[24]).toBe(0);
    expect(z[24]).toBeLessThan(0);
  });
});

describe('Benjamini–Hochberg FDR', () => {
  // The worked example of Benjamini & Hochberg (1995), section 4.1: 15 p-values, q = 0.05 rejects 4.
  const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];
  it('rejects the four hypotheses of the published example', () => {
    const cut = bhThreshold(p, 0.05);
    expect(cut).toBe(0.0095);
    expect(p.filter((v) => v <= cut)).toHaveLength(4);
  });
  it('adjusts p-values so that p_adj ≤ q is the same decision', () => {
    const adjusted = bhAdjust(p);
    expect(adjusted[3]).toBeCloseTo((15 * 0.0095) / 4, 10);
    expect(Array.from(adjusted).filter((v) => v <= 0.05)).toHaveLength(4);
    expect(adjusted[14]).toBe(1);
  });
  it('passes nothing when nothing is small', () => {
    expect(bhThreshold([0.5, 0.9], 0.05)).toBe(-1);
  });
});

describe('Mann-Kendall', () => {
  it('computes S, Var(S), Z and p for a rising series', () => {
    const mk = mannKendall([1, 2, 3, 4, 5]);
    expect(mk.s).toBe(10);
    expect(mk.varS).toBeCloseTo(50 / 3, 10);
    expect(mk.z).toBeCloseTo(2.2045407685, 8);
    expect(mk.p).toBeCloseTo(0.0274863, 5);
    expect(mk.tau).toBe(1);
  });
  it('corrects the variance for ties', () => {
    // Pairs: 1,1,2,2,3 → S = 8; ties: two groups of 2 → Σ t(t−1)(2t+5) = 36; Var = (300 − 36)/18.
    const mk = mannKendall([1, 1, 2, 2, 3]);
    expect(mk.s).toBe(8);
    expect(mk.varS).toBeCloseTo(264 / 18, 10);
    expect(mk.z).toBeCloseTo(1.8278153875, 8);
    expect(mk.p).toBeCloseTo(0.0675773, 5);
  });
  it('gives Z = 0 for a flat or a constant series', () => {
    expect(mannKendall([3, 3, 3, 3]).z).toBe(0);
    expect(mannKendall([3, 3, 3, 3]).p).toBe(1);
    expect(mannKendall([1, 3, 1, 3]).s).toBe(2); // + 0 + + − 0 +
  });
  it('is negative for a falling series', () => {
    const mk = mannKendall([9, 7, 5, 3, 1, 0]);
    expect(mk.s).toBe(-15);
    expect(mk.z).toBeLessThan(-2);
  });
});

describe('class breaks', () => {
  it('quantiles split 1..10 into fifths', () => {
    expect(quantileBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)).toEqual([2, 4, 6, 8, 10]);
  });
  it('natural breaks find the gaps', () => {
    expect(naturalBreaks([1, 2, 3, 10, 11, 12, 30, 31], 3)).toEqual([3, 12, 31]);
    expect(naturalBreaks([5, 5, 5], 4)).toEqual([5]);
  });
});

describe('rate ratio with a confidence interval', () => {
  it('halves against a flat comparison, with the hand-worked interval', () => {
    // ln CI = ln 0.5 ± 1.96 · √(1/20 + 1/40 + 1/40 + 1/40)
    const rr = rateRatio(20, 40, 40, 40);
    expect(rr.ratio).toBeCloseTo(0.5, 10);
    expect(rr.low).toBeCloseTo(0.2500488, 6);
    expect(rr.high).toBeCloseTo(0.9998048, 6);
    expect(rr.verdict).toBe('fell');
  });
  it('calls a small change inconclusive and copes with zeros', () => {
    expect(rateRatio(9, 10, 10, 10).verdict).toBe('inconclusive');
    const zero = rateRatio(0, 10);
    expect(zero.ratio).toBeCloseTo(0.5 / 10.5, 10);
    expect(Number.isFinite(zero.high)).toBe(true);
  });
});
