/**
 * Class breaks for choropleths. Both return the upper bounds of each class (the last is the max),
 * at most `k` classes, fewer when there are fewer distinct values.
 * - quantiles: each class holds about the same number of areas.
 * - natural breaks (Jenks 1967, Fisher's exact optimisation): classes that minimise the sum of
 *   squared deviations from their class means.
 */
export function quantileBreaks(values: ArrayLike<number>, k: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return [];
  const breaks: number[] = [];
  for (let c = 1; c <= k; c++) {
    const v = sorted[Math.min(n - 1, Math.ceil((c / k) * n) - 1)]!;
    if (breaks.length === 0 || v > breaks[breaks.length - 1]!) breaks.push(v);
  }
  return breaks;
}

export function naturalBreaks(values: ArrayLike<number>, k: number): number[] {
  let sorted = Array.from(values).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  // Past a few thousand values the O(k·n²) optimisation is sampled evenly (keeps min and max).
  if (sorted.length > 3000) {
    const step = (sorted.length - 1) / 2999;
    sorted = Array.from({ length: 3000 }, (_, i) => sorted[Math.round(i * step)]!);
  }
  const n = sorted.length;
  const classes = Math.min(k, new Set(sorted).size);
  if (classes <= 1) return [sorted[n - 1]!];
  // lower[i][j]: first index of the last class in the best split of sorted[0..i] into j classes.
  const cost = Array.from({ length: n + 1 }, () => new Float64Array(classes + 1).fill(Infinity));
  const lower = Array.from({ length: n + 1 }, () => new Int32Array(classes + 1));
  cost[0]![0] = 0;
  const prefix = new Float64Array(n + 1);
  const prefixSq = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) { prefix[i + 1] = prefix[i]! + sorted[i]!; prefixSq[i + 1] = prefixSq[i]! + sorted[i]! ** 2; }
  const ssd = (a: number, b: number) => { // values a..b-1
    const s = prefix[b]! - prefix[a]!;
    return prefixSq[b]! - prefixSq[a]! - (s * s) / (b - a);
  };
  for (let j = 1; j <= classes; j++) {
    for (let i = j; i <= n; i++) {
      let best = Infinity;
      let arg = j - 1;
      for (let m = j - 1; m < i; m++) {
        const c = cost[m]![j - 1]! + ssd(m, i);
        if (c < best) { best = c; arg = m; }
      }
      cost[i]![j] = best;
      lower[i]![j] = arg;
    }
  }
  const breaks: number[] = [];
  let end = n;
  for (let j = classes; j >= 1; j--) {
    breaks.unshift(sorted[end - 1]!);
    end = lower[end]![j]!;
  }
  return breaks.filter((v, i) => i === 0 || v > breaks[i - 1]!);
}

/** The class (0-based) of a value given upper bounds. */
export function classOf(value: number, breaks: number[]): number {
  for (let i = 0; i < breaks.length; i++) if (value <= breaks[i]!) return i;
  return breaks.length - 1;
}
