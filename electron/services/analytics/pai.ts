/**
 * Forecast accuracy for flagged places, as in crime forecasting (Chainey, Tompson & Uhlig 2008):
 *   hit rate  = cases in the flagged grids ÷ all cases (of the month forecast)
 *   area share = area of the flagged grids ÷ total area
 *   PAI       = hit rate ÷ area share   (1 = no better than flagging at random by area)
 * The flagged grids are the top ⌈fraction · grids⌉ by predicted value; ties go to the lower index,
 * so the answer is deterministic.
 */
export interface Capture {
  flagged: number;
  captured: number;
  total: number;
  hitRate: number;
  areaShare: number;
  pai: number;
}

export function rankDescending(pred: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: pred.length }, (_, i) => i);
  return order.sort((a, b) => pred[b]! - pred[a]! || a - b);
}

export function capture(pred: ArrayLike<number>, actual: ArrayLike<number>, area: ArrayLike<number>, fraction: number): Capture {
  const n = pred.length;
  const flagged = Math.min(n, Math.max(1, Math.ceil(fraction * n)));
  const order = rankDescending(pred);
  let total = 0;
  let totalArea = 0;
  for (let i = 0; i < n; i++) { total += actual[i]!; totalArea += area[i]!; }
  let captured = 0;
  let flaggedArea = 0;
  for (let k = 0; k < flagged; k++) { captured += actual[order[k]!]!; flaggedArea += area[order[k]!]!; }
  const hitRate = total > 0 ? captured / total : 0;
  const areaShare = totalArea > 0 ? flaggedArea / totalArea : 0;
  return { flagged, captured, total, hitRate, areaShare, pai: areaShare > 0 ? hitRate / areaShare : 0 };
}
