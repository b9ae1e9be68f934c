import { describe, expect, it } from 'vitest';
import type { HubHeatCell } from '../../../../electron/services/hub/hub-heat.repository';
import { heatFrame, rasterOf } from '../../../../electron/services/hub/hub-heat.service';

/** A block of cells around Dongcheng (116.40–116.42, 39.90–39.92), `n` cases each. */
function block(n: number): HubHeatCell[] {
  const cells: HubHeatCell[] = [];
  for (let x = 232_800; x < 232_840; x++) for (let y = 79_800; y < 79_840; y++) cells.push({ x, y, cases: n });
  return cells;
}

describe('the hub heat raster', () => {
  it('frames the cells, leaving out a stray case far away, and has nothing to frame without cells', () => {
    const cells = [...block(3), { x: 0, y: 0, cases: 1 }];
    const [minLng, minLat, maxLng, maxLat] = heatFrame(cells)!;
    expect(minLng).toBeCloseTo(116.4, 6);
    expect(minLat).toBeCloseTo(39.9, 6);
    expect(maxLng).toBeCloseTo(116.42, 6);
    expect(maxLat).toBeCloseTo(39.92, 6);
    // Many cases far away are not strays: the frame takes them in.
    expect(heatFrame([...block(3), { x: 0, y: 0, cases: 500 }])![0]).toBe(0);
    expect(heatFrame([])).toBeNull();
  });

  it('weighs each cell by its cases: the raster counts them all and integrates to them', () => {
    const cells = block(3);
    const raster = rasterOf(cells, heatFrame(cells)!, { bandwidthM: 250, kernel: 'quartic' });
    expect(raster.cases).toBe(3 * 1600);
    const km2 = (raster.cellM / 1000) ** 2;
    const integral = raster.values.reduce((sum, v) => sum + v * km2, 0);
    expect(integral / raster.cases).toBeGreaterThan(0.98);
    expect(integral / raster.cases).toBeLessThan(1.02);
  });
});
