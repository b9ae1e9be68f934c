import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, beijingTime as bj } from '../../electron/services/calendar/work-calendar';
import { CaseRepository } from '../../electron/services/cases/case.repository';
import { DEFAULT_RATE_SETTINGS } from '../../electron/services/rates/rate-formulas';
import { RatesRepository } from '../../electron/services/rates/rates.repository';
import { RatesService, monthBounds } from '../../electron/services/rates/rates.service';
import { copyDemoWorkspace } from '../../electron/services/workspace/demo-workspace';
import { Workspace } from '../../electron/services/workspace/workspace';
import { repoRoot } from '../support/build';
import { tempDir } from '../support/temp';

/** The rates on the demo district, checked against a plain recount of the case rows in JavaScript. */
describe('three rates and rankings on the demo workspace', () => {
  let workspace: Workspace;
  let rates: RatesService;
  let now = bj(2026, 11, 1);

  beforeAll(async () => {
    const dir = path.join(tempDir('griddesk-rates-'), 'ws');
    copyDemoWorkspace(path.join(repoRoot, 'resources'), dir);
    workspace = await Workspace.open(dir);
    rates = new RatesService(new RatesRepository(workspace.db), new CaseRepository(workspace.db), () => ({ id: 1 }), () => now);
  });
  afterAll(async () => {
    await workspace.close({ checkpoint: false });
  });

  it('agrees with a plain recount for every street of a month', () => {
    const ranking = rates.ranking('2026-03', 'street');
    expect(ranking.rows).toHaveLength(17);
    const { from, to } = monthBounds('2026-03');
    const rows = workspace.db.all<{ street: number; respondedAt: number | null; responseDue: number | null; callbackAt: number | null; solved: number | null; satisfaction: string | null }>(
      `SELECT street_id AS street, responded_at AS "respondedAt", response_due_at AS "responseDue", callback_at AS "callbackAt", solved, satisfaction
       FROM cases WHERE received_at >= ? AND received_at < ? AND merged_into_id IS NULL`, [from, to]);
    for (const row of ranking.rows) {
      const mine = rows.filter((r) => r.street === row.unitId);
      const judged = mine.filter((r) => r.responseDue !== null && (r.respondedAt !== null || r.responseDue < now));
      const onTime = judged.filter((r) => r.respondedAt !== null && r.respondedAt <= r.responseDue!);
      const rated = mine.filter((r) => r.callbackAt !== null);
      const satisfied = rated.filter((r) => r.satisfaction === 'satisfied').length;
      const basic = rated.filter((r) => r.satisfaction === 'basically_satisfied').length;
      expect(row.counts.cases).toBe(mine.length);
      expect(row.response).toBeCloseTo(onTime.length / judged.length, 10);
      expect(row.resolution).toBeCloseTo(rated.filter((r) => r.solved === 1).length / rated.length, 10);
      expect(row.satisfaction).toBeCloseTo((satisfied + 0.8 * basic) / rated.length, 10);
      const composite = 100 * (0.3 * row.response! + 0.35 * row.resolution! + 0.35 * row.satisfaction!);
      expect(row.composite).toBeCloseTo(composite, 1);
    }
    // Ranks follow the composite; last month's rank and the change are there.
    const composites = ranking.rows.map((r) => r.composite!);
    expect([...composites].sort((a, b) => b - a)).toEqual(composites);
    expect(ranking.rows.every((r) => r.previousRank !== null && r.change !== null)).toBe(true);
  });

  it('shows the planted worse streets at the bottom of the satisfaction ranking', () => {
    const planted = JSON.parse(workspace.db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'planted_patterns'`)!.value) as { worseStreets?: { streetCode: string }[] };
    const worse = new Set((planted.worseStreets ?? []).map((s) => s.streetCode));
    if (!worse.size) return;
    const codes = new Map(workspace.db.all<{ id: number; code: string }>(`SELECT id, code FROM regions WHERE level = 'street'`).map((r) => [r.id, r.code]));
    const rows = rates.ranking('2026-06', 'street').rows;
    const bottom = rows.slice(-worse.size).map((r) => codes.get(r.unitId));
    expect(bottom.filter((code) => worse.has(code!)).length).toBeGreaterThanOrEqual(Math.ceil(worse.size / 2));
  });

  it('drills down to the exact cases behind a figure', () => {
    const ranking = rates.ranking('2026-03', 'department');
    const unit = ranking.rows[0]!;
    const all = rates.drill('2026-03', 'department', unit.unitId, 'satisfaction', 'all');
    const hit = rates.drill('2026-03', 'department', unit.unitId, 'satisfaction', 'hit');
    const missed = rates.drill('2026-03', 'department', unit.unitId, 'satisfaction', 'missed');
    expect(all.total).toBe(unit.counts.rated);
    expect(hit.total).toBe(unit.counts.satisfied + unit.counts.basicallySatisfied);
    expect(hit.total + missed.total).toBe(all.total);
    const response = rates.drill('2026-03', 'department', unit.unitId, 'response', 'hit');
    expect(response.total).toBe(unit.counts.responded);
    expect(all.rows.length).toBe(Math.min(500, all.total));
  });

  it('freezes a month; later edits show as a difference, the snapshot keeps the published figures', () => {
    const frozen = rates.freeze('2026-04', 'street');
    expect(frozen.snapshot).not.toBeNull();
    expect(frozen.differs).toBe(false);
    expect(() => rates.freeze('2026-04', 'street')).toThrow(/已冻结/);
    const top = frozen.rows[0]!;
    // A late callback turns 20 of the top street's satisfied cases unsatisfied.
    const { from, to } = monthBounds('2026-04');
    workspace.db.transaction((tx) => tx.run(
      `UPDATE cases SET satisfaction = 'unsatisfied', solved = 0 WHERE id IN (
         SELECT id FROM cases WHERE street_id = ? AND received_at >= ? AND received_at < ? AND satisfaction = 'satisfied' LIMIT 20)`,
      [top.unitId, from, to]));
    now += HOUR;
    const after = rates.ranking('2026-04', 'street');
    expect(after.differs).toBe(true);
    expect(after.snapshot!.rows.find((r) => r.unitId === top.unitId)!.composite).toBe(top.composite);
    expect(after.rows.find((r) => r.unitId === top.unitId)!.composite).toBeLessThan(top.composite!);
  });

  it('keeps rate settings in the settings table', () => {
    expect(rates.settings()).toEqual(DEFAULT_RATE_SETTINGS);
    const saved = rates.saveSettings({ ...DEFAULT_RATE_SETTINGS, basicallySatisfiedCredit: 1, weights: { response: 1, resolution: 1, satisfaction: 1 } });
    expect(saved.basicallySatisfiedCredit).toBe(1);
    // A setting change is attributed: who changed what, when.
    expect(workspace.db.all('SELECT actor_staff_id AS actor, at FROM audit_log WHERE action = ?', ['settings_change'])).toEqual([{ actor: 1, at: now }]);
    const row = rates.ranking('2026-03', 'grid_worker').rows[0]!;
    expect(row.satisfaction).toBeCloseTo((row.counts.satisfied + row.counts.basicallySatisfied) / row.counts.rated, 10);
    expect(() => rates.saveSettings({ ...DEFAULT_RATE_SETTINGS, weights: { response: 0, resolution: 0, satisfaction: 0 } })).toThrow(/权重/);
  });
});
