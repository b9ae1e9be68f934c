import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/services/backend/backend';
import { repoRoot } from '../support/build';
import { signIn } from '../support/sign-in';

// The demo district: derived partition, official street codes, staff on duty.
// One copy for the whole file (the shared tempDir() is removed after each test).
let backend: Backend;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-grids-'));
  backend = new Backend({ configDir: path.join(dir, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
  await backend.createWorkspace(path.join(dir, 'demo'), true);
  await signIn(backend);
});
afterAll(async () => {
  await backend.closeWorkspace();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('grids on the demo district', () => {
  it('finds the derived partition clean: no overlaps, gaps, self-intersections or strays', async () => {
    const report = await backend.call('grids:check', {});
    expect(report.checkedRegions).toBe(1 + 17 + 205 + 589);
    expect(report.counts).toEqual({ self_intersection: 0, overlap: 0, gap: 0, outside_parent: 0 });
    const grids = await backend.call('grids:check', { level: 'grid' });
    expect(grids.checkedRegions).toBe(205 + 589);
  });

  it('validates DB11 codes against the official tables, regenerates them in reading order', async () => {
    const before = await backend.call('grids:validateCodes', {});
    // The demo's street codes are the official ones; its grid serials were not numbered by position.
    expect(before.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(before.problems.some((p) => p.message.includes('自西向东'))).toBe(true);
    const regen = await backend.call('grids:regenerateCodes', {});
    expect(regen.changed).toBeGreaterThan(0);
    expect(regen.warnings).toEqual([]);
    expect(regen.problems).toEqual([]);
    expect((await backend.call('grids:validateCodes', {})).problems).toEqual([]);
    const tree = await backend.call('regions:tree', {});
    expect(tree.filter((n) => n.level === 'grid').every((n) => /^110101\d{9}$/.test(n.code))).toBe(true);
    expect(tree.filter((n) => n.level === 'street').map((n) => n.code)).toContain('110101001');
    // Regenerating again changes nothing.
    expect((await backend.call('grids:regenerateCodes', {})).changed).toBe(0);
  });

  it('builds the region panel: staff on duty, open and overdue cases, rates; unstaffed grids stand out', async () => {
    const tree = await backend.call('regions:tree', {});
    const unstaffed = await backend.call('grids:unstaffed', {});
    expect(unstaffed.length).toBeGreaterThan(0);
    expect(unstaffed.length).toBeLessThan(589);
    const lonely = await backend.call('grids:panel', { regionId: unstaffed[0]! });
    expect(lonely).toMatchObject({ unstaffed: true, staff: [] });
    const staffedGrid = tree.find((n) => n.level === 'grid' && !unstaffed.includes(n.id))!;
    const gridPanel = await backend.call('grids:panel', { regionId: staffedGrid.id });
    expect(gridPanel.unstaffed).toBe(false);
    expect(gridPanel.staff.some((s) => s.duty === 'grid_worker')).toBe(true);
    expect(gridPanel.staff.every((s) => s.phone === null || /\*\*\*\*/.test(s.phone))).toBe(true);
    const street = tree.find((n) => n.level === 'street')!;
    const panel = await backend.call('grids:panel', { regionId: street.id });
    expect(panel.staff.some((s) => s.duty === 'street_chief')).toBe(true);
    expect(panel.openCases).toBeGreaterThanOrEqual(panel.overdueCases);
    expect(panel.month).toBe('2026-10');
    expect(panel.monthCases).toBeGreaterThan(0);
    for (const rate of [panel.responseRate, panel.resolutionRate, panel.satisfactionRate]) {
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(1);
    }
    // The panel's rates are the ranking's: one set of counting rules.
    const ranking = await backend.call('rates:ranking', { month: panel.month, level: 'street' });
    const row = ranking.rows.find((r) => r.unitId === street.id)!;
    expect(panel.monthCases).toBe(row.counts.cases);
    expect(panel.responseRate).toBeCloseTo(row.response!, 10);
    expect(panel.resolutionRate).toBeCloseTo(row.resolution!, 10);
    expect(panel.satisfactionRate).toBeCloseTo(row.satisfaction!, 10);
  });
});
