import { Z_95 } from './normal';

/**
 * Before/after judgement of an action, with its uncertainty. Counts are treated as Poisson.
 *
 *   change in the area         r_a = a1 / a0           (after ÷ before)
 *   change in the comparison   r_c = c1 / c0           (same months last year, or similar areas)
 *   effect                     RRR = r_a / r_c         (ratio of rate ratios; < 1 means the area fell more)
 *   95 % CI                    exp(ln RRR ± 1.96 · √(1/a1 + 1/a0 + 1/c1 + 1/c0))
 * A zero count gets 0.5 added to all four (Haldane), so the interval stays finite and wide.
 * Windows of equal length make the counts comparable as rates.
 */
export interface RateRatio {
  ratio: number;
  low: number;
  high: number;
  verdict: 'fell' | 'rose' | 'inconclusive';
}

export function rateRatio(a1: number, a0: number, c1?: number, c0?: number): RateRatio {
  const comparison = c1 !== undefined && c0 !== undefined;
  const cells = comparison ? [a1, a0, c1, c0] : [a1, a0];
  const adj = cells.some((v) => v === 0) ? 0.5 : 0;
  const [x1, x0, y1, y0] = cells.map((v) => v + adj) as [number, number, number?, number?];
  const logRatio = Math.log(x1 / x0) - (comparison ? Math.log(y1! / y0!) : 0);
  const se = Math.sqrt(1 / x1 + 1 / x0 + (comparison ? 1 / y1! + 1 / y0! : 0));
  const low = Math.exp(logRatio - Z_95 * se);
  const high = Math.exp(logRatio + Z_95 * se);
  return { ratio: Math.exp(logRatio), low, high, verdict: high < 1 ? 'fell' : low > 1 ? 'rose' : 'inconclusive' };
}
