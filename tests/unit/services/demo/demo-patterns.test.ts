import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceM } from '../../../../electron/services/demo/geo';
import { DEMO_PERIOD, PLANTED_PATTERNS } from '../../../../electron/services/demo/patterns';
import { MONTH_SQL, buildSmallDemo, cleanup, type BuiltDemo } from './demo-fixture';

let demo: BuiltDemo;
beforeAll(async () => {
  demo = await buildSmallDemo(11);
});
afterAll(() => cleanup([demo]));

const DAY = 86_400_000;
const monthOf = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 7);
const inList = (codes: readonly string[]) => codes.map((c) => `'${c}'`).join(', ');

function monthlyCounts(where: string, params: (string | number)[] = []): Map<string, number> {
  const rows = demo.db.all<{ month: string; n: number }>(
    `SELECT ${MONTH_SQL('cases.received_at')} AS month, count(*) AS n FROM cases
     JOIN categories ON categories.id = cases.category_id WHERE ${where} GROUP BY month`, params);
  return new Map(PLANTED_PATTERNS.months.map((m) => [m, rows.find((r) => r.month === m)?.n ?? 0]));
}

describe('planted patterns are present in the raw data', () => {
  it('covers exactly the 12 months ending 2026-10-31 (Asia/Shanghai)', () => {
    const range = demo.db.get<{ first: number; last: number }>('SELECT min(received_at) AS first, max(received_at) AS last FROM cases')!;
    expect(range.first).toBeGreaterThanOrEqual(DEMO_PERIOD.startMs);
    expect(range.last).toBeLessThan(DEMO_PERIOD.endMs);
  });

  it('heating complaints peak in November and stay in the heating season', () => {
    const heat = monthlyCounts(`categories.code IN (${inList(PLANTED_PATTERNS.seasonality.heating.categoryCodes)})`);
    expect(heat.get('2025-11')!).toBeGreaterThan(3 * heat.get('2026-07')!);
    expect(Math.max(...heat.values())).toBe(heat.get('2025-11'));
    const season = PLANTED_PATTERNS.seasonality.heating.seasonMonths.reduce((sum, m) => sum + heat.get(m)!, 0);
    const total = [...heat.values()].reduce((a, b) => a + b, 0);
    expect(season / total).toBeGreaterThan(0.85);
  });

  it('summer noise peaks in June–August', () => {
    const noise = monthlyCounts(`categories.code IN (${inList(PLANTED_PATTERNS.seasonality.summerNoise.categoryCodes)})`);
    const winter = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03'].map((m) => noise.get(m)!);
    for (const month of PLANTED_PATTERNS.seasonality.summerNoise.peakMonths) expect(noise.get(month)!).toBeGreaterThan(Math.max(...winter));
  });

  it('hot spots recur every few days within 50 m', () => {
    const resolved = JSON.parse(demo.db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'planted_patterns'`)!.value)
      .resolvedHotSpots as { id: string; lng: number; lat: number }[];
    for (const spot of PLANTED_PATTERNS.hotSpots) {
      const at = resolved.find((r) => r.id === spot.id)!;
      const cases = demo.db.all<{ lng: number; lat: number; received_at: number }>(
        `SELECT lng, lat, received_at FROM cases JOIN categories ON categories.id = cases.category_id
         WHERE cases.grid_id = ? AND categories.code = ? ORDER BY received_at`, [spot.gridId, spot.categoryCode]);
      const inMonths = (t: number) => (spot.months as readonly string[]).includes(monthOf(t));
      const near = cases.filter((c) => inMonths(c.received_at) && distanceM([c.lng, c.lat], [at.lng, at.lat]) <= spot.radiusM);
      const days = spot.months.length * 30;
      expect(near.length, spot.id).toBeGreaterThanOrEqual(Math.floor(days / spot.everyDays[1]) - 2);
      // Spot cases fall on a day every minDays..maxDays days, at any hour of that day.
      const gaps = near.slice(1).map((c, i) => (c.received_at - near[i]!.received_at) / DAY);
      expect(Math.max(...gaps), spot.id).toBeLessThan(spot.everyDays[1] + 1);
    }
  });

  it('three grids get worse month by month', () => {
    for (const rising of PLANTED_PATTERNS.risingGrids) {
      const counts = [...monthlyCounts('cases.grid_id = ? AND categories.code = ?', [rising.gridId, rising.categoryCode]).values()];
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      expect(sum(counts.slice(-3))).toBeGreaterThan(3 * sum(counts.slice(0, 3)));
      const rises = counts.slice(1).filter((n, i) => n >= counts[i]!).length;
      expect(rises, rising.gridCode).toBeGreaterThanOrEqual(9);
    }
  });

  it('some streets are clearly less satisfied', () => {
    const rows = demo.db.all<{ code: string; share: number }>(`SELECT regions.code AS code, avg(satisfaction = 'satisfied') AS share
      FROM cases JOIN regions ON regions.id = cases.street_id WHERE satisfaction IS NOT NULL GROUP BY regions.code`);
    const worse = new Set<string>(PLANTED_PATTERNS.worseStreets.map((s) => s.streetCode));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const bad = rows.filter((r) => worse.has(r.code)).map((r) => r.share);
    const good = rows.filter((r) => !worse.has(r.code)).map((r) => r.share).sort((a, b) => a - b);
    expect(mean(bad)).toBeLessThan(mean(good) - 0.1);
    for (const share of bad) expect(share).toBeLessThan(good[Math.floor(good.length / 2)]!);
  });

  it('has realistic sources, overdue, returned, reopened and whistled cases', () => {
    const s = demo.db.get<Record<string, number>>(`SELECT count(*) AS n,
      avg(source = 'hotline') AS hotline, avg(source = 'patrol') AS patrol,
      avg(coalesce(handled_at, ?) > handling_due_at) AS overdue,
      avg(return_count > 0) AS returned, avg(reopen_count > 0) AS reopened,
      sum(source <> 'hotline' AND (reporter_name IS NOT NULL OR reporter_phone IS NOT NULL)) AS leakedReporters,
      sum(source = 'hotline' AND (external_no IS NULL OR length(external_no) <> 12 OR reporter_phone IS NULL)) AS badHotline,
      avg(status <> 'closed') AS open FROM cases`, [DEMO_PERIOD.endMs])!;
    expect(s.hotline).toBeGreaterThan(0.55);
    expect(s.hotline).toBeLessThan(0.66);
    expect(s.patrol).toBeGreaterThan(0.2);
    expect(s.patrol).toBeLessThan(0.32);
    expect(s.overdue).toBeGreaterThan(0.04);
    expect(s.overdue).toBeLessThan(0.1);
    expect(s.returned).toBeGreaterThan(0.02);
    expect(s.reopened).toBeGreaterThan(0.005);
    expect(s.leakedReporters).toBe(0);
    expect(s.badHotline).toBe(0);
    expect(s.open).toBeGreaterThan(0);
    expect(s.open).toBeLessThan(0.05);
    const whistles = demo.db.get<{ n: number; minDepts: number; maxDepts: number; late: number }>(`SELECT count(*) AS n,
      min(k) AS minDepts, max(k) AS maxDepts, sum(late) AS late FROM (SELECT w.id, count(r.id) AS k,
      sum(r.reported_at > w.report_due_at) AS late FROM whistles w JOIN whistle_reports r ON r.whistle_id = w.id GROUP BY w.id)`)!;
    expect(whistles.n).toBeGreaterThan(5);
    expect(whistles.minDepts).toBeGreaterThanOrEqual(2);
    expect(whistles.maxDepts).toBeLessThanOrEqual(4);
    expect(whistles.late).toBeGreaterThan(0);
  });

  it('leaves the planted grids without anyone on duty at the end', () => {
    const covered = demo.db.all<{ code: string }>(`SELECT DISTINCT regions.code AS code FROM duty_assignments d
      JOIN regions ON regions.id = d.region_id WHERE d.duty = 'grid_worker' AND (d.until IS NULL OR d.until > ?)`, [DEMO_PERIOD.endMs]);
    const coveredCodes = new Set(covered.map((r) => r.code));
    for (const code of PLANTED_PATTERNS.uncoveredGrids) expect(coveredCodes.has(code), code).toBe(false);
    expect(coveredCodes.size).toBe(589 - PLANTED_PATTERNS.uncoveredGrids.length);
  });
});
