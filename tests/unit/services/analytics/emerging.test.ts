import { describe, expect, it } from 'vitest';
import { classifyEmerging } from '../../../../electron/services/analytics/emerging';

/** 12 months; 'H' hot (z = 3, p = 0.003), 'C' cold (z = −3), '.' not significant (z = 0.2, p = 0.84). */
function series(pattern: string, hotZ?: number[]) {
  const z = [...pattern].map((ch, i) => (ch === 'H' ? (hotZ?.[i] ?? 3) : ch === 'C' ? (hotZ ? -hotZ[i]! : -3) : 0.2));
  const p = [...pattern].map((ch) => (ch === '.' ? 0.84 : 0.003));
  return { z, p };
}
const rising = Array.from({ length: 12 }, (_, i) => 2.5 + i * 0.5);
const falling = [...rising].reverse();

describe('emerging hot spot classes (ArcGIS definitions)', () => {
  const cases: [string, string, number[] | undefined, string][] = [
    ['new: hot only in the final month', '...........H', undefined, 'new_hot'],
    ['consecutive: an uninterrupted final run, nothing before', '.........HHH', undefined, 'consecutive_hot'],
    ['persistent: ≥ 90 % hot, no trend', 'HHHHHHHHHHHH', undefined, 'persistent_hot'],
    ['persistent with one gap (11 of 12 ≥ 90 %)', 'HHHH.HHHHHHH', undefined, 'persistent_hot'],
    ['intensifying: ≥ 90 % hot, z rising significantly', 'HHHHHHHHHHHH', rising, 'intensifying_hot'],
    ['diminishing: ≥ 90 % hot, z falling significantly', 'HHHHHHHHHHHH', falling, 'diminishing_hot'],
    ['historical: ≥ 90 % hot but not in the final month', 'HHHHHHHHHHH.', undefined, 'historical_hot'],
    ['sporadic: on and off, final hot, never cold', 'H..H...H...H', undefined, 'sporadic_hot'],
    ['sporadic: a final run after earlier hot months', 'H.......HHHH', undefined, 'sporadic_hot'],
    ['oscillating: final hot with an earlier cold month', 'C....H.....H', undefined, 'oscillating_hot'],
    ['oscillating: a final hot run after a cold month', 'C........HHH', undefined, 'oscillating_hot'],
    ['new cold', '...........C', undefined, 'new_cold'],
    ['consecutive cold', '..........CC', undefined, 'consecutive_cold'],
    ['persistent cold', 'CCCCCCCCCCCC', undefined, 'persistent_cold'],
    ['intensifying cold: z falling further below zero', 'CCCCCCCCCCCC', rising, 'intensifying_cold'],
    ['diminishing cold: z rising towards zero', 'CCCCCCCCCCCC', falling, 'diminishing_cold'],
    ['historical cold', 'CCCCCCCCCCC.', undefined, 'historical_cold'],
    ['sporadic cold', 'C...C......C', undefined, 'sporadic_cold'],
    ['oscillating cold', 'H..........C', undefined, 'oscillating_cold'],
    ['no pattern: never significant', '............', undefined, 'no_pattern'],
    ['no pattern: hot long ago, not now, under 90 %', 'HHH.........', undefined, 'no_pattern'],
  ];
  for (const [name, pattern, z, expected] of cases) {
    it(name, () => {
      const s = series(pattern, z);
      expect(classifyEmerging(s.z, s.p, 0.05).cls).toBe(expected);
    });
  }

  it('reports the Mann-Kendall trend of the z-scores', () => {
    const s = series('HHHHHHHHHHHH', rising);
    const result = classifyEmerging(s.z, s.p);
    expect(result.tau).toBe(1);
    expect(result.trendP).toBeLessThan(0.001);
    expect(result.hotSteps).toBe(12);
  });
});
