/**
 * Recurring problems (高频点位): space-time clusters of cases of one category.
 *
 * Definition (a space-time DBSCAN, Birant & Kut 2007, with a trailing time window):
 * - a case is a *core* case when at least `minCases` cases (itself included) lie within `radiusM`
 *   metres of it and were received in the `windowDays` days up to it;
 * - two cases are linked when they are within `radiusM` metres and `windowDays` days of each other
 *   and at least one of them is a core case;
 * - a cluster is a connected group of linked cases that holds a core case.
 * So a spot that keeps producing ≥ k cases a month stays one cluster for as long as it lasts.
 * Callers pass the cases of one category at a time, located in local metres.
 */
export interface StPoint {
  x: number;
  y: number;
  t: number;
}

export interface StClusterOptions {
  radiusM: number;
  windowDays: number;
  minCases: number;
}

const DAY = 86_400_000;

/** Returns clusters as lists of point indices (each sorted by time), largest first. */
export function spaceTimeClusters(points: StPoint[], options: StClusterOptions): number[][] {
  const { radiusM: r, minCases } = options;
  const window = options.windowDays * DAY;
  const n = points.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => points[a]!.t - points[b]!.t);
  const cells = new Map<string, number[]>();
  const key = (cx: number, cy: number) => `${cx},${cy}`;
  for (const i of order) {
    const p = points[i]!;
    const k = key(Math.floor(p.x / r), Math.floor(p.y / r));
    let list = cells.get(k);
    if (!list) cells.set(k, (list = []));
    list.push(i); // each cell's list is in time order
  }
  const r2 = r * r;
  const neighbours = (i: number, visit: (j: number) => void) => {
    const p = points[i]!;
    const cx = Math.floor(p.x / r), cy = Math.floor(p.y / r);
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
      const list = cells.get(key(cx + dx, cy + dy));
      if (!list) continue;
      for (const j of list) {
        const q = points[j]!;
        if (Math.abs(q.t - p.t) > window) continue;
        const ex = q.x - p.x, ey = q.y - p.y;
        if (ex * ex + ey * ey <= r2) visit(j);
      }
    }
  };
  const core = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let count = 0;
    const ti = points[i]!.t;
    neighbours(i, (j) => { const tj = points[j]!.t; if (tj <= ti && tj >= ti - window) count++; });
    if (count >= minCases) core[i] = 1;
  }
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => { while (parent[i] !== i) { parent[i] = parent[parent[i]!]!; i = parent[i]!; } return i; };
  for (let i = 0; i < n; i++) {
    if (!core[i]) continue;
    neighbours(i, (j) => { const a = find(i), b = find(j); if (a !== b) parent[a] = b; });
  }
  const groups = new Map<number, number[]>();
  for (const i of order) {
    const root = find(i);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = []));
    g.push(i);
  }
  return [...groups.values()]
    .filter((g) => g.length >= minCases && g.some((i) => core[i]))
    .sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

/**
 * The longest run of consecutive "high" months in a monthly series: a month is high when its count
 * is at least `minCount` and at least `ratio` times the reference level (e.g. the category's mean per
 * grid and month). Returns [start index, length]; length 0 when no month is high.
 */
export function longestHighRun(series: ArrayLike<number>, reference: number, minCount: number, ratio: number): [number, number] {
  let best: [number, number] = [0, 0];
  let start = -1;
  for (let t = 0; t <= series.length; t++) {
    const high = t < series.length && series[t]! >= minCount && series[t]! >= ratio * reference;
    if (high && start < 0) start = t;
    if (!high && start >= 0) {
      if (t - start > best[1]) best = [start, t - start];
      start = -1;
    }
  }
  return best;
}
