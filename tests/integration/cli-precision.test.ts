import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalyticsServices } from '../../electron/services/analytics/analytics-services';
import { giStar } from '../../electron/services/analytics/gi-star';
import { emergingClasses } from '../../electron/services/analytics/hotspot.service';
import { Workspace } from '../../electron/services/workspace/workspace';
import { distElectron } from '../support/build';
import { tempDir } from '../support/temp';

const cli = path.join(distElectron, 'cli.mjs');
// The demo's documented administrator (the CLI acts as an account).
const env = () => ({ ...process.env, GRIDDESK_CONFIG_DIR: tempDir(), GRIDDESK_USER: 'admin', GRIDDESK_PASSWORD: 'griddesk2026' });
const run = (args: string[]) => JSON.parse(execFileSync(process.execPath, [cli, ...args], { env: env(), maxBuffer: 64 * 2 ** 20 }).toString());

/**
 * The statistics commands' JSON is for comparing with reference implementations (ArcGIS, PySAL):
 * it carries the numbers as computed, not rounded to 4 decimals. Rounding is the views' business.
 */
describe('CLI statistics JSON: full precision', () => {
  it('hotspots --json z, p and trend equal Gi* and Mann-Kendall computed here from the same counts and weights', async () => {
    const workspace = path.join(tempDir(), 'demo');
    run(['init', '--workspace', workspace, '--demo']);
    const hs = run(['hotspots', '--workspace', workspace, '--from', '2025-11', '--to', '2026-03', '--json']) as {
      grids: { count: number; z: number; p: number; trendTau: number | null; monthly: number[] | null }[];
    };
    const opened = await Workspace.open(workspace);
    try {
      const { w } = new AnalyticsServices(opened.db).context.weights('queen');
      const { z, p } = giStar(hs.grids.map((g) => g.count), w);
      const T = hs.grids[0]!.monthly!.length;
      const emerging = emergingClasses(Float64Array.from(hs.grids.flatMap((g) => g.monthly!)), hs.grids.length, T, w, 0.05);
      hs.grids.forEach((g, i) => {
        expect(g.z).toBe(z[i]);
        expect(g.p).toBe(p[i]);
        expect(g.trendTau).toBe(emerging[i]!.tau);
      });
      // Not a vacuous check: the values really have more than four decimals.
      expect(hs.grids.filter((g) => Math.abs(g.z * 1e4 - Math.round(g.z * 1e4)) > 1e-6).length).toBeGreaterThan(100);
    } finally {
      await opened.close({ checkpoint: false });
    }
  }, 240_000);

  it('forecast --json: the PAI ratio is model PAI@5% over the baseline PAI@5% to the last bit, not rounded', () => {
    const workspace = path.join(tempDir(), 'demo');
    run(['init', '--workspace', workspace, '--demo']);
    const fc = run(['forecast', '--workspace', workspace, '--json']) as {
      bestBaseline: string; paiRatio: number; backtest: { rows: { model: string; fraction: number; pai: number; hitRate: number }[] };
    };
    const pai5 = (model: string) => fc.backtest.rows.find((r) => r.model === model && Math.abs(r.fraction - 0.05) < 1e-9)!.pai;
    expect(fc.paiRatio).toBe(pai5('smoothed_mix') / pai5(fc.bestBaseline));
    // Before, PAI was rounded to 3 decimals and the ratio to 4: these would all be whole in 1e-3.
    expect(fc.backtest.rows.filter((r) => Math.abs(r.pai * 1e3 - Math.round(r.pai * 1e3)) > 1e-6).length).toBeGreaterThan(3);
  }, 240_000);
});
