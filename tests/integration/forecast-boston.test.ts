import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as turf from '@turf/turf';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { backtest, type CountCube } from '../../electron/services/analytics/forecast';
import { sharedData } from '../support/build';

/**
 * The forecast back-tested on a real year: Boston's 311 requests of 2015 on a regular 500 m grid
 * over the city (cells whose centre lies in a neighbourhood polygon). Rows on the default City Hall
 * point (a placeholder location, ~17,000 rows) and rows without coordinates are left out. Rolling
 * origin from April: each month is forecast from the months before it; the model's parameters were
 * fixed before this test existed. The figures are printed for the report.
 */
const CELL_M = 500;
const CITY_HALL = [42.3594, -71.0587];

describe('forecast back-test on Boston 311, 2015', () => {
  it('beats the last-month baseline in error and flags places with PAI well above 1', () => {
    const csv = zlib.gunzipSync(fs.readFileSync(path.join(sharedData, 'boston', 'boston_311_2015.csv.gz')));
    const rows = parse(csv, { columns: true, relax_column_count: true, skip_empty_lines: true }) as Record<string, string>[];
    const hoods = JSON.parse(fs.readFileSync(path.join(sharedData, 'boston', 'boston_neighborhoods_wgs84.geojson'), 'utf8'));
    const [minLng, minLat, maxLng, maxLat] = turf.bbox(hoods);
    const kx = 111_320 * Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
    const cols = Math.ceil(((maxLng - minLng) * kx) / CELL_M);
    const nRows = Math.ceil(((maxLat - minLat) * 110_574) / CELL_M);
    // Cells inside the city, decided by geometry alone (no case data).
    const cellIndex = new Int32Array(cols * nRows).fill(-1);
    let G = 0;
    for (let r = 0; r < nRows; r++) for (let c = 0; c < cols; c++) {
      const centre = [minLng + ((c + 0.5) * CELL_M) / kx, minLat + ((r + 0.5) * CELL_M) / 110_574];
      if (hoods.features.some((f: GeoJSON.Feature<GeoJSON.Polygon>) => turf.booleanPointInPolygon(centre, f))) cellIndex[r * cols + c] = G++;
    }
    const T = 12;
    const counts = new Float64Array(G * T);
    let used = 0;
    let skipped = 0;
    for (const row of rows) {
      const lat = Number(row.LATITUDE);
      const lng = Number(row.LONGITUDE);
      const m = /^(\d{2})\/\d{2}\/2015/.exec(row.OPEN_DT ?? '');
      if (!m || !Number.isFinite(lat) || !Number.isFinite(lng) || lat === 0 || (Math.abs(lat - CITY_HALL[0]!) < 1e-4 && Math.abs(lng - CITY_HALL[1]!) < 1e-4)) { skipped++; continue; }
      const c = Math.floor(((lng - minLng) * kx) / CELL_M);
      const r = Math.floor(((lat - minLat) * 110_574) / CELL_M);
      const g = c >= 0 && c < cols && r >= 0 && r < nRows ? cellIndex[r * cols + c]! : -1;
      if (g < 0) { skipped++; continue; }
      counts[g * T + Number(m[1]) - 1]!++;
      used++;
    }
    const cube: CountCube = { grids: G, months: T, groups: [counts] };
    const bt = backtest(cube, new Array(G).fill(1), 3);
    const lines = bt.rows.map((r) => `${r.model.padEnd(18)} top ${String(r.fraction * 100).padStart(2)} %  hit ${(r.hitRate * 100).toFixed(1)} %  PAI ${r.pai.toFixed(2)}  MAE ${r.mae.toFixed(2)}`);
    console.log(`Boston 2015: ${used} cases in ${G} cells of ${CELL_M} m (${skipped} left out), test months Apr–Dec\n${lines.join('\n')}`);
    expect(rows.length).toBeGreaterThan(120_000);
    expect(used).toBeGreaterThan(80_000);
    const get = (model: string, fraction: number) => bt.rows.find((r) => r.model === model && r.fraction === fraction)!;
    expect(get('seasonal_trend', 0.05).mae).toBeLessThan(get('last_month', 0.05).mae);
    for (const f of [0.01, 0.05, 0.1]) expect(get('seasonal_trend', f).pai).toBeGreaterThan(2);
  }, 300_000);
});
