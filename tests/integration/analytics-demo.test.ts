import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Output } from '../../electron/contract';
import { validateCall } from '../../electron/contract/validate';
import { Backend } from '../../electron/services/backend/backend';
import type { PlantedSpot } from '../../electron/services/demo/case-plan';
import { PLANTED_PATTERNS } from '../../electron/services/demo/patterns';
import { Workspace } from '../../electron/services/workspace/workspace';
import { WorkspaceRepository } from '../../electron/services/workspace/workspace.repository';
import { repoRoot } from '../support/build';
import { signIn } from '../support/sign-in';

/**
 * The demo's planted patterns (electron/services/demo/patterns.ts, meta 'planted_patterns') must be
 * found by the analytics: recurring spots, worsening grids, November heating.
 */
let backend: Backend;
let scratch: string;
let spots: PlantedSpot[];
const categoryCode = new Map<number, string>();
const categoryId = new Map<string, number>();

async function call<C extends Channel>(channel: C, input: unknown): Promise<Output<C>> {
  const parsed = validateCall(channel, input);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return backend.call(channel, parsed.input as never) as Promise<Output<C>>;
}
const DEG = { lat: 110_574, lng: 111_320 * Math.cos((39.9 * Math.PI) / 180) };
const metres = (a: [number, number], b: [number, number]) => Math.hypot((a[0] - b[0]) * DEG.lng, (a[1] - b[1]) * DEG.lat);

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-analytics-'));
  const dir = path.join(scratch, 'ws');
  backend = new Backend({ configDir: path.join(scratch, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
  await backend.createWorkspace(dir, true);
  await signIn(backend);
  await backend.closeWorkspace();
  const ws = await Workspace.open(dir);
  spots = (JSON.parse(new WorkspaceRepository(ws.db).meta('planted_patterns')!) as { resolvedHotSpots: PlantedSpot[] }).resolvedHotSpots;
  await ws.close({ checkpoint: false });
  await backend.openWorkspace(dir);
  await signIn(backend);
  for (const c of await call('directory:categories', {})) { categoryCode.set(c.id, c.code); categoryId.set(c.code, c.id); }
}, 120_000);
afterAll(async () => {
  await backend.closeWorkspace();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('demo: planted patterns are found', () => {
  it('each planted hot spot is a recurring cluster within 50 m of its spot, of its category, and a repeated address', async () => {
    const rec = await call('analytics:recurring', { limit: 200 });
    expect(spots).toHaveLength(PLANTED_PATTERNS.hotSpots.length);
    for (const spot of spots) {
      const matches = rec.clusters.filter((c) => categoryCode.get(c.categoryId) === spot.categoryCode && metres(c.center, [spot.lng, spot.lat]) <= 50);
      expect(matches.length, spot.id).toBeGreaterThan(0);
      const biggest = Math.max(...matches.map((c) => c.count));
      expect(biggest, spot.id).toBeGreaterThanOrEqual(0.8 * spot.cases);
      expect(matches[0]!.gridId).toBe(spot.gridId);
      expect(rec.addresses.some((a) => a.address === spot.address && categoryCode.get(a.categoryId) === spot.categoryCode), spot.id).toBe(true);
    }
  });

  it('each worsening grid is high month after month with a rising trend, and an emerging hot spot', async () => {
    const rec = await call('analytics:recurring', { limit: 200 });
    for (const rising of PLANTED_PATTERNS.risingGrids) {
      const row = rec.grids.find((g) => g.gridId === rising.gridId && categoryCode.get(g.categoryId) === rising.categoryCode);
      expect(row, rising.gridCode).toBeDefined();
      expect(row!.runMonths.length).toBeGreaterThanOrEqual(9);
      expect(row!.trend.tau).toBeGreaterThan(0.5);
      expect(row!.trend.p).toBeLessThan(0.01);
      const major = categoryId.get(rising.categoryCode.slice(0, 2))!;
      const hs = await call('analytics:hotspots', { filter: { categoryId: major } });
      const grid = hs.grids.find((g) => g.gridId === rising.gridId)!;
      expect(['intensifying_hot', 'consecutive_hot', 'persistent_hot', 'new_hot'], rising.gridCode).toContain(grid.emerging);
      expect(grid.trendTau!).toBeGreaterThan(0);
      expect(grid.bin).toBeGreaterThanOrEqual(2);
    }
  });

  it('November heating: heating cases in November are more than three times July, Nov–Mar hold most', async () => {
    const t = await call('analytics:temporal', { filter: { categoryId: categoryId.get('09') } });
    const heating = t.byCategory.find((c) => c.code === '09')!;
    const at = (m: string) => heating.counts[t.months.indexOf(m)]!;
    expect(at('2025-11')).toBeGreaterThan(3 * at('2026-07'));
    const season = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03'].reduce((s, m) => s + at(m), 0);
    expect(season / heating.counts.reduce<number>((s, v) => s + (v ?? 0), 0)).toBeGreaterThan(0.85);
    expect(t.byCategory).toHaveLength(1);
    expect(t.hourWeekday.flat().reduce((s, v) => s + v, 0)).toBe(t.total);
  });

  it('summer noise: each of June–August above every heating-season month (the other seasonality planted)', async () => {
    const noise = PLANTED_PATTERNS.seasonality.summerNoise;
    const major = noise.categoryCodes[0]!.slice(0, 2);
    const t = await call('analytics:temporal', { filter: { categoryId: categoryId.get(major) } });
    const row = t.byCategory.find((c) => c.code === major)!;
    const at = (m: string) => row.counts[t.months.indexOf(m)]!;
    const winter = Math.max(...PLANTED_PATTERNS.seasonality.heating.seasonMonths.map(at));
    for (const m of noise.peakMonths) expect(at(m), m).toBeGreaterThan(winter);
  });

  it('hot spots: Gi* with queen weights; FDR never adds significant grids', async () => {
    const plain = await call('analytics:hotspots', { emerging: false });
    const fdr = await call('analytics:hotspots', { emerging: false, fdr: true });
    expect(plain.weights.islands).toBe(0);
    expect(plain.weights.meanNeighbours).toBeGreaterThan(4);
    const significant = (h: typeof plain) => h.grids.filter((g) => g.bin !== 0).length;
    expect(significant(fdr)).toBeLessThanOrEqual(significant(plain));
    expect(significant(plain)).toBeGreaterThan(0);
    const rook = await call('analytics:hotspots', { emerging: false, weights: 'rook' });
    // Voronoi cells meet three at a vertex, so queen and rook coincide here (the unit tests tell them apart).
    expect(rook.weights.meanNeighbours).toBeLessThanOrEqual(plain.weights.meanNeighbours);
    const band = await call('analytics:hotspots', { emerging: false, weights: 'distance' });
    expect(band.weights.distanceM).toBeGreaterThan(100);
  });

  it('problem of the month: planted patterns lead the candidates; an adopted topic is judged with a confidence interval', async () => {
    const candidates = await call('analytics:topic-candidates', { limit: 10 });
    const planted = new Set([...PLANTED_PATTERNS.risingGrids.map((r) => r.gridId), ...spots.map((s) => s.gridId)]);
    // The three worsening grids lead; at least five of the eight planted places are in the top ten.
    expect(new Set(candidates.slice(0, 3).map((c) => c.regionId))).toEqual(new Set(PLANTED_PATTERNS.risingGrids.map((r) => r.gridId)));
    expect(candidates.filter((c) => planted.has(c.regionId)).length).toBeGreaterThanOrEqual(5);
    const staff = (await call('directory:staff', {}))[0]!;
    const rising = PLANTED_PATTERNS.risingGrids[0]!;
    const start = Date.UTC(2026, 7, 1) - 8 * 3_600_000; // 2026-08-01 Asia/Shanghai
    const topic = await call('analytics:topic-adopt', {
      title: '违法建设专项治理', categoryId: categoryId.get(rising.categoryCode.slice(0, 2)), regionId: rising.gridId,
      ownerStaffId: staff.id, actionPlan: '拆除私搭乱建，建立巡查台账', periodStart: start, periodEnd: start + 92 * 86_400_000,
    });
    expect(topic.status).toBe('adopted');
    const ev = topic.evaluation!;
    // The planted grid keeps worsening: after > before, and worse than similar grids.
    expect(ev.after.cases).toBeGreaterThan(ev.before.cases);
    expect(ev.vsSimilar!.verdict).toBe('rose');
    expect(ev.vsSimilar!.low).toBeLessThan(ev.vsSimilar!.ratio);
    expect(ev.vsLastYear).toBeNull(); // the demo holds one year only
    expect(ev.summary).toContain('置信区间');
    const after = await call('analytics:topic-candidates', { limit: 50 });
    expect(after.some((c) => c.key === `${topic.categoryId}:${topic.regionId}`)).toBe(false);
    expect((await call('analytics:topics', {}))[0]!.id).toBe(topic.id);
  });

  it('forecast: next month, with a back-test where the model beats last month', async () => {
    const fc = await call('analytics:forecast', {});
    expect(fc.month).toBe('2026-11');
    expect(fc.ranking).toHaveLength(30);
    expect(fc.backtest.months[0]).toBe('2026-02');
    const row = (model: string, fraction: number) => fc.backtest.rows.find((r) => r.model === model && r.fraction === fraction)!;
    expect(row('smoothed_mix', 0.1).mae).toBeLessThan(row('last_month', 0.1).mae);
    expect(row('smoothed_mix', 0.1).hitRate).toBeGreaterThanOrEqual(row('last_month', 0.1).hitRate);
    for (const r of fc.backtest.rows) expect(r.pai).toBeGreaterThan(1);
    // A month inside the data is forecast from the months before it only.
    const past = await call('analytics:forecast', { month: '2026-06' });
    expect(past.backtest.months.at(-1)).toBe('2026-05');
  });

  it('heat and choropleth', async () => {
    const heat = await call('analytics:heat', { filter: { categoryId: categoryId.get('09') }, bandwidthM: 300 });
    const integral = heat.values.reduce((s, v) => s + v, 0) * heat.cellM ** 2 / 1e6;
    expect(integral / heat.cases).toBeGreaterThan(0.98);
    expect(integral / heat.cases).toBeLessThan(1.02);
    const ch = await call('analytics:choropleth', { level: 'street', measure: 'rate', classing: 'natural' });
    expect(ch.rows).toHaveLength(17);
    expect(ch.breaks.length).toBeGreaterThan(1);
    expect(ch.rows.every((r) => r.rate !== null)).toBe(true);
  });
});
