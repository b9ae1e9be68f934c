// Grids and maps: import Boston boundaries, refuse (then convert) the EPSG:2249 file, check
// topology, load every offline archive, and show overlays shifted on a GCJ-02 basemap.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gcjReference as gcj } from '../support/gcj02-reference.mjs';
import { mercatorPixel } from './support/mercator.mjs';

const shared = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
const boston = (name) => path.join(shared, 'boston', name);
const tiles = (name) => path.join(shared, 'tiles', name);

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  await page.locator('[data-testid="nav-grids"]').click();
  await page.locator('[data-testid="grids-view"]').waitFor();
  await page.locator('[data-testid="grids-view"] path.gd-region--grid').first().waitFor({ timeout: 60_000 });
  const dialog = page.locator('[data-testid="grid-import-dialog"]');

  async function importFile(file, levelLabel, crs = '') {
    await page.locator('[data-testid="grid-import-open"]').click();
    await dialog.locator('[data-testid="grid-import-file"]').setInputFiles(file);
    await dialog.locator('[data-testid="grid-import-summary"]').waitFor();
    await dialog.locator('[data-testid="grid-import-level"]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${levelLabel}$`) }).click();
    if (crs) await dialog.locator('[data-testid="grid-import-crs"]').fill(crs);
    await dialog.locator('[data-testid="grid-import-run"]').click();
    await Promise.race([
      dialog.locator('[data-testid="grid-import-report"]').waitFor({ timeout: 60_000 }),
      dialog.locator('[data-testid="grid-import-error"]').waitFor({ timeout: 60_000 }),
    ]);
  }
  const closeDialog = async () => {
    await dialog.locator('.el-dialog__footer button').first().click();
    await dialog.waitFor({ state: 'hidden' });
  };

  // Boston wards as streets, neighbourhoods as communities (parents found by containment).
  const streetsBefore = await page.locator('path.gd-region--street').count();
  await importFile(boston('boston_wards.geojson'), '街道');
  assert.match(await dialog.locator('[data-testid="grid-import-report"]').innerText(), /已新增 22 个/);
  await page.waitForFunction((n) => document.querySelectorAll('path.gd-region--street').length === n, streetsBefore + 22);
  await closeDialog();
  await importFile(boston('boston_neighborhoods_wgs84.geojson'), '社区');
  const hoodReport = await dialog.locator('[data-testid="grid-import-report"]').innerText();
  assert.match(hoodReport, /已新增 25 个/);
  log(hoodReport.replace(/\s+/g, ' '));
  await page.waitForTimeout(1200);
  await screenshot('grids-boston-imported.png');
  await closeDialog();

  // The State Plane file (feet, no CRS): recognised as not degrees and refused with the reason.
  await importFile(boston('boston_neighborhoods_epsg2249.geojson'), '社区');
  assert.match(await dialog.locator('[data-testid="grid-import-not-degrees"]').innerText(), /EPSG:2249/);
  const refusal = await dialog.locator('[data-testid="grid-import-error"]').innerText();
  assert.match(refusal, /boston_neighborhoods_epsg2249\.geojson.*坐标不是经纬度/s);
  assert.match(refusal, /EPSG:2249/);
  await screenshot('grids-epsg2249-refused.png');
  // Named, it converts.
  await dialog.locator('[data-testid="grid-import-crs"]').fill('EPSG:2249');
  await dialog.locator('[data-testid="grid-import-run"]').click();
  await dialog.locator('[data-testid="grid-import-report"]').waitFor({ timeout: 60_000 });
  // Same Neighborhood_ID codes as the WGS84 copy: the shapes are updated, not duplicated.
  const converted = await dialog.locator('[data-testid="grid-import-report"]').innerText();
  assert.match(converted, /已从 EPSG:2249 转换/);
  assert.match(converted, /更新 25 个/);
  await closeDialog();

  // Topology of the communities.
  await page.locator('[data-testid="topology-panel"] .el-select').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^社区$/ }).click();
  await page.locator('[data-testid="topology-run"]').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="topology-run"]').classList.contains('is-loading'), null, { timeout: 120_000 });
  log(await page.locator('[data-testid="topology-summary"]').innerText());
  assert.ok((await page.locator('[data-testid="topology-problem"]').count()) > 0, 'problems listed');
  // Neighbourhoods are not drawn along ward lines: some reach outside their ward, some ward area is in none.
  await page.locator('[data-testid="topology-problem"]', { hasText: '超出上级' }).first().waitFor();
  await page.locator('[data-testid="topology-problem"]', { hasText: '空隙' }).first().click();
  await page.locator('path.gd-topology-area--gap').first().waitFor();
  await page.waitForTimeout(1000);
  await screenshot('grids-topology.png');

  // Offline archives: each raster one loads with its zoom range; the corrupt and vector ones are refused.
  await page.locator('.el-tabs__item', { hasText: '底图' }).click();
  const archiveInput = page.locator('[data-testid="basemap-archive-file"]');
  const message = page.locator('[data-testid="basemap-message"]');
  const archives = [
    ['node-mbtiles_plain_1.mbtiles', true], ['node-mbtiles_plain_3.mbtiles', true], ['node-mbtiles_some-empty-tiles.mbtiles', true],
    ['stamen_toner_raster_z3.pmtiles', true], ['usgs-mt-whitney-8-15-webp-512.pmtiles', true],
    ['node-mbtiles_corrupt_null_tile.mbtiles', false], ['pmtiles_test_fixture_1.pmtiles', false],
  ];
  let t0 = Date.now();
  await invoke('basemaps:list', {});
  log(`backend answers in ${Date.now() - t0} ms`);
  for (const [name, ok] of archives) {
    t0 = Date.now();
    await archiveInput.setInputFiles(tiles(name));

    // The import runs behind a loading mask: done when the mask is gone and this file's message is shown.
    await message.filter({ hasText: name }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="basemap-settings"] > .el-loading-mask').waitFor({ state: 'hidden', timeout: 30_000 });
    log(`${name} answered after ${Date.now() - t0} ms`);
    const text = await message.innerText();
    if (ok) {
      assert.match(text, /已导入.*瓦片，缩放 z\d+–\d+/, `${name}: ${text}`);
      await page.waitForFunction(() => document.querySelectorAll('.gd-basemap--offline img.leaflet-tile-loaded').length > 0, null, { timeout: 30_000 });
      log(`${name}: ${text}`);
      if (name.startsWith('usgs') || name.startsWith('stamen')) {
        await page.waitForTimeout(800);
        await screenshot(`grids-archive-${name.split('_')[0].split('-')[0]}.png`);
      }
    } else {
      assert.match(text, new RegExp(name.replace(/\./g, '\\.')), `${name}: ${text}`);
      assert.match(text, ok ? /./ : /损坏|矢量/, text);
      log(`${name} refused: ${text}`);
    }
    await archiveInput.setInputFiles([]);
  }
  await screenshot('grids-archive-refused.png');
  // The world archive (z0–4) seen at city zoom: a clear message instead of grey nothing.
  await page.locator('[data-testid="basemap-item"] a', { hasText: 'plain_1' }).first().click();
  const wards = (await invoke('regions:tree', {})).find((n) => n.name === '1' && n.level === 'street');
  assert.ok(wards, 'ward 1 imported');
  await page.locator('[data-testid="region-tree"] input').fill('1');
  await page.waitForTimeout(300);
  await page.locator('[data-testid="region-tree"] input').fill('');
  await page.evaluate(() => window.scrollTo(0, 0));
  const notice = page.locator('[data-testid="archive-notice"]');
  await page.locator('[data-testid="map"]').hover();
  for (let i = 0; i < 8 && !(await notice.isVisible()); i++) {
    await page.mouse.wheel(0, -600);
    await page.waitForTimeout(400);
  }
  assert.match(await notice.innerText(), /超出离线底图「plain_1」的范围 z0–4|范围之外/);
  await screenshot('grids-archive-out-of-range.png');

  // GCJ-02: AMap's tile server is stubbed (no internet here) so the source counts as reachable.
  await page.route(/autonavi\.com/, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_PNG }));
  await page.locator('[data-testid="basemap-preset"]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '高德地图' }).click();
  await page.locator('[data-testid="basemap-add"]').click();
  await page.locator('[data-testid="basemap-message"]', { hasText: '高德地图' }).waitFor();
  // Frame one demo grid on the WGS84 bundled archive first.
  await page.locator('[data-testid="basemap-item"] a', { hasText: '北京离线底图' }).click();
  const tree = await invoke('regions:tree', {});
  const grid = tree.find((n) => n.level === 'grid' && n.code.startsWith('110101'));
  const shape = (await invoke('regions:shapes', { level: 'grid' })).find((s) => s.id === grid.id);
  await page.locator('[data-testid="region-tree"] input').fill(grid.name);
  await page.locator('[data-testid="region-tree"] .el-tree-node__content', { hasText: grid.name }).first().click();
  await page.locator('path.gd-region-highlight').waitFor();
  await page.waitForTimeout(1200);
  const view = () => page.evaluate(() => {
    const el = document.querySelector('[data-testid="map"]');
    const d = document.querySelector('path.gd-region-highlight').getAttribute('d');
    const [x, y] = d.match(/M\s*(-?[\d.]+)[ ,](-?[\d.]+)/).slice(1).map(Number);
    const [ox, oy] = el.dataset.pixelOrigin.split(',').map(Number);
    return { crs: el.dataset.crs, zoom: Number(el.dataset.zoom), abs: [x + ox, y + oy], layer: [x, y], rect: el.getBoundingClientRect().toJSON(), mapPane: document.querySelector('.leaflet-map-pane').style.transform };
  });
  const ring = shape.geometry.type === 'Polygon' ? shape.geometry.coordinates[0] : shape.geometry.coordinates[0][0];
  const [vLng, vLat] = ring[0];
  const before = await view();
  const plain = mercatorPixel(vLng, vLat, before.zoom);
  assert.ok(Math.hypot(before.abs[0] - plain[0], before.abs[1] - plain[1]) < 2, `WGS84 basemap: vertex at its own place (${before.abs} vs ${plain})`);

  await page.locator('[data-testid="basemap-item"] a', { hasText: '高德地图' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="map"]').dataset.crs === 'GCJ02');
  await page.waitForTimeout(800);
  const after = await view();
  assert.equal(after.zoom, before.zoom);
  const [gLng, gLat] = gcj(vLng, vLat);
  const shifted = mercatorPixel(gLng, gLat, after.zoom);
  const shiftPx = Math.hypot(shifted[0] - plain[0], shifted[1] - plain[1]);
  assert.ok(shiftPx > 20, `GCJ-02 offset is visible at this zoom (${shiftPx.toFixed(1)} px)`);
  assert.ok(Math.hypot(after.abs[0] - shifted[0], after.abs[1] - shifted[1]) < 2, `GCJ-02 basemap: vertex drawn at its GCJ-02 place (${after.abs} vs ${shifted})`);
  log(`overlay shifted by ${shiftPx.toFixed(1)} px at z${after.zoom}`);
  // The cursor over that vertex reads back the stored WGS84 coordinates (and GCJ-02 beside them).
  const paneOffset = await page.evaluate(() => {
    const map = document.querySelector('[data-testid="map"]').getBoundingClientRect();
    const pane = document.querySelector('.leaflet-map-pane').getBoundingClientRect();
    return [pane.x - map.x, pane.y - map.y];
  });
  await page.mouse.move(after.rect.x + paneOffset[0] + after.layer[0], after.rect.y + paneOffset[1] + after.layer[1]);
  await page.waitForTimeout(200);
  const readout = await page.locator('[data-testid="readout-wgs84"]').innerText();
  const [rLng, rLat] = readout.match(/(-?\d+\.\d+), (-?\d+\.\d+)/).slice(1).map(Number);
  assert.ok(Math.abs(rLng - vLng) < 0.00003 && Math.abs(rLat - vLat) < 0.00003, `cursor reads WGS84 ${readout} for vertex ${vLng}, ${vLat}`);
  assert.match(await page.locator('[data-testid="readout-display"]').innerText(), /GCJ-02/);
  // Points arrive from the backend asynchronously; a load error is shown on the map and reported here.
  await page.waitForFunction(
    () => Number(document.querySelector('canvas.gd-case-points')?.dataset.pointCount) > 0 || document.querySelector('[data-testid="points-error"]'),
    null, { timeout: 60_000 },
  );
  const pointsError = await page.locator('[data-testid="points-error"]').count();
  assert.equal(pointsError, 0, `case points drawn (${pointsError ? await page.locator('[data-testid="points-error"]').innerText() : ''})`);
  await screenshot('grids-gcj02-shifted.png');
}

// A 1×1 light-grey PNG.
const BLANK_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP4/58BAAT/Av7nsNd5AAAAAElFTkSuQmCC', 'base64');
