// The analytics view on the demo: every tab renders its map or charts; a topic is adopted.
// First the analytics overlays of the main map: heat and Gi* hot-spot grids from the layer switcher,
// placed on WGS84 and on a GCJ-02 basemap.
import assert from 'node:assert/strict';
import { gcjReference as gcj } from '../support/gcj02-reference.mjs';
import { mercatorPixel } from './support/mercator.mjs';

/** Where the heat image's north-west corner is drawn, in absolute pixels of the map's zoom. */
const heatCorner = (page) => page.evaluate(() => {
  // The map on screen (another view's map may be kept alive, hidden).
  const el = [...document.querySelectorAll('[data-testid="map"]')].find((m) => m.offsetParent !== null && m.querySelector('img.gd-heat-layer'));
  const img = el.querySelector('img.gd-heat-layer');
  const m = img.style.transform.match(/translate3d\((-?[\d.]+)px,\s*(-?[\d.]+)px/);
  const [ox, oy] = el.dataset.pixelOrigin.split(',').map(Number);
  return { crs: el.dataset.crs, zoom: Number(el.dataset.zoom), abs: [Number(m[1]) + ox, Number(m[2]) + oy] };
});

async function mainMapOverlays({ page, screenshot, invoke, log }) {
  const toggle = async (id) => {
    await page.locator('[data-testid="layer-switcher"]').first().click();
    const popper = page.locator('.gd-layer-popper:visible');
    await popper.locator(`[data-overlay="${id}"]`).click();
    await page.keyboard.press('Escape');
    await page.mouse.click(5, 500);
  };
  const map = page.locator('[data-testid="map"]:visible');
  await map.locator('path.gd-region--grid').first().waitFor({ timeout: 60_000 });

  // Heat on the main map, with its legend; the image sits where its WGS84 bbox projects.
  const raster = await invoke('analytics:heat', { filter: {}, bandwidthM: 250 });
  await toggle('analytics-heat');
  await map.locator('img.gd-heat-layer').waitFor({ timeout: 60_000 });
  const legend = page.locator('[data-testid="analytics-overlay-legend-heat"][data-state="ready"]');
  await legend.waitFor({ timeout: 60_000 });
  assert.match(await legend.innerText(), /案件\/平方公里/);
  assert.match(await legend.innerText(), new RegExp(`\\b${Math.round(raster.max)}\\b`), 'legend shows the density maximum');
  // The main map's heat counts the cases of the case list's filter: the same ones the points show.
  const pointCount = Number(await map.locator('canvas.gd-case-points').getAttribute('data-point-count'));
  assert.ok(pointCount > 0);
  assert.match(await legend.innerText(), new RegExp(`按案件列表的筛选：${pointCount} 起`), 'heat follows the case list filter');
  // Case points off so the density shows (they are drawn above it).
  await toggle('cases');
  await page.waitForTimeout(800);
  const plain = await heatCorner(page);
  assert.equal(plain.crs, 'EPSG:3857');
  const [west, , , north] = raster.bbox;
  const expectPlain = mercatorPixel(west, north, plain.zoom);
  assert.ok(Math.hypot(plain.abs[0] - expectPlain[0], plain.abs[1] - expectPlain[1]) < 2, `heat corner on WGS84 (${plain.abs} vs ${expectPlain})`);
  await screenshot('analytics-main-map-heat.png');

  // Gi* hot-spot grids (heat off: its image would cover them): only significant grids filled, legend with the six classes.
  await toggle('analytics-heat');
  await toggle('analytics-hotspots');
  await page.locator('[data-testid="analytics-overlay-legend-hotspots"][data-state="ready"]').waitFor({ timeout: 60_000 });
  const filled = await map.locator('path.gd-choropleth').count();
  const hot = await invoke('analytics:hotspots', { filter: {}, weights: 'queen', fdr: false, emerging: false });
  const significant = hot.grids.filter((g) => g.bin !== 0).length;
  assert.ok(significant > 0 && filled === significant, `hot-spot grids drawn (${filled} of ${significant} significant)`);
  await page.waitForTimeout(600);
  await screenshot('analytics-main-map-hotspots.png');
  await toggle('analytics-hotspots');
  await page.waitForFunction(() => !document.querySelector('[data-testid="analytics-overlay-legend-hotspots"]'));

  // Cases per grid, last month: every grid filled, five classes in the legend.
  await toggle('analytics-choropleth');
  const choroplethLegend = page.locator('[data-testid="analytics-overlay-legend-choropleth"][data-state="ready"]');
  await choroplethLegend.waitFor({ timeout: 60_000 });
  assert.ok((await map.locator('path.gd-choropleth').count()) > 500, 'every grid filled');
  assert.equal(await choroplethLegend.locator('.gd-ao-row').count(), 5);
  assert.match(await choroplethLegend.innerText(), /2026-10/);
  await page.waitForTimeout(600);
  await screenshot('analytics-main-map-choropleth.png');
  await toggle('analytics-choropleth');

  // GCJ-02: AMap (tile server stubbed, no internet here) added through the backend, the page reloaded
  // so the layer switcher lists it; the heat image moves with the basemap, as the outlines do.
  await page.route(/autonavi\.com/, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_PNG }));
  const amap = (await invoke('basemaps:presets', {})).find((p) => p.key === 'amap');
  const { key: _key, needsKey: _needsKey, ...source } = amap;
  await invoke('basemaps:saveOnline', source);
  await page.reload();
  await map.locator('path.gd-region--grid').first().waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="layer-switcher"]').first().click();
  await page.locator('.gd-layer-popper:visible .el-radio', { hasText: '高德地图' }).click();
  await page.keyboard.press('Escape');
  await page.mouse.click(5, 500);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="map"]')].some((m) => m.offsetParent !== null && m.dataset.crs === 'GCJ02'));
  await toggle('analytics-heat');
  await toggle('cases');
  await map.locator('img.gd-heat-layer').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="analytics-overlay-legend-heat"][data-state="ready"]').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(800);
  const shifted = await heatCorner(page);
  const [gLng, gLat] = gcj(west, north);
  const expectShifted = mercatorPixel(gLng, gLat, shifted.zoom);
  const shiftPx = Math.hypot(expectShifted[0] - mercatorPixel(west, north, shifted.zoom)[0], expectShifted[1] - mercatorPixel(west, north, shifted.zoom)[1]);
  assert.ok(Math.hypot(shifted.abs[0] - expectShifted[0], shifted.abs[1] - expectShifted[1]) < 2,
    `heat corner on GCJ-02 (${shifted.abs} vs ${expectShifted}; shift ${shiftPx.toFixed(1)} px)`);
  log(`heat overlay shifted by ${shiftPx.toFixed(1)} px on GCJ-02 at z${shifted.zoom}`);
  await screenshot('analytics-main-map-heat-gcj02.png');
  // Heat off and case points back, for the rest of the spec.
  await toggle('analytics-heat');
  await toggle('cases');
  await page.waitForFunction(() => !document.querySelector('img.gd-heat-layer'));
}

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  await mainMapOverlays({ page, screenshot, invoke, log });
  await page.locator('[data-testid="nav-analytics"]').click();
  await page.locator('[data-testid="analytics-view"]').waitFor();

  // Heatmap: the density image is drawn; the slider steps to a month.
  await page.locator('[data-testid="heat-map"] img.gd-heat-layer').waitFor({ timeout: 60_000 });
  const allCases = Number(await page.locator('[data-testid="heat-cases"]').getAttribute('data-cases'));
  assert.ok(allCases >= 50_000, `heat over all cases (${allCases})`);
  await page.waitForTimeout(600);
  await screenshot('analytics-heat.png');
  await page.locator('[data-testid="heat-play"]').click();
  await page.waitForFunction(() => /^\d{4}-\d{2}$/.test(document.querySelector('[data-testid="heat-month"]')?.textContent?.trim() ?? ''), null, { timeout: 30_000 });
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="heat-cases"]')?.getAttribute('data-cases')) < n, allCases, { timeout: 30_000 });
  await page.locator('[data-testid="heat-play"]').click(); // pause
  log(`heat month ${await page.locator('[data-testid="heat-month"]').innerText()}`);

  // Choropleth: every grid filled, a legend with classes.
  await page.locator('#tab-choropleth').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="choropleth-panel"] path.gd-choropleth').length > 500, null, { timeout: 30_000 });
  assert.ok((await page.locator('[data-testid="choropleth-legend"] .legend-row').count()) >= 3, 'choropleth legend classes');
  await page.waitForTimeout(500);
  await screenshot('analytics-choropleth.png');

  // Temporal charts.
  await page.locator('#tab-temporal').click();
  for (const id of ['chart-monthly', 'chart-hour-weekday', 'chart-calendar']) {
    await page.locator(`[data-testid="${id}"] canvas`).first().waitFor({ timeout: 30_000 });
    const box = await page.locator(`[data-testid="${id}"] canvas`).first().boundingBox();
    assert.ok(box && box.width > 200 && box.height > 150, `${id} has a drawn canvas`);
  }
  await page.waitForTimeout(1200); // chart animations
  await screenshot('analytics-temporal.png');

  // Recurring problems.
  await page.locator('#tab-recurring').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="recurring-clusters"] .el-table__body tr').length >= 5, null, { timeout: 60_000 });
  assert.ok((await page.locator('[data-testid="recurring-grids"] .el-table__body tr').count()) >= 3, 'grids high month after month');
  await screenshot('analytics-recurring.png');

  // Hot spots: Gi* bins, then emerging classes with a legend that explains each class.
  await page.locator('#tab-hotspots').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="hotspot-panel"] path.gd-choropleth').length > 500, null, { timeout: 60_000 });
  const significant = Number(await page.locator('[data-testid="hotspot-summary"]').getAttribute('data-significant'));
  assert.ok(significant > 0, 'some grids are significant');
  await page.waitForTimeout(500);
  await screenshot('analytics-hotspots-gi.png');
  await page.locator('[data-testid="hotspot-mode"] label', { hasText: '时空热点' }).click();
  await page.locator('[data-testid="hotspot-legend"]', { hasText: '加剧热点' }).waitFor();
  await page.waitForTimeout(500);
  await screenshot('analytics-hotspots-emerging.png');

  // Problem of the month: one topic adopted earlier (judged), one adopted here through the form.
  const staff = await invoke('directory:staff', {});
  const candidates = await invoke('analytics:topic-candidates', {});
  const start = Date.UTC(2026, 7, 1) - 8 * 3_600_000;
  await invoke('analytics:topic-adopt', {
    title: candidates[1].title, categoryId: candidates[1].categoryId, regionId: candidates[1].regionId, ownerStaffId: staff[0].id,
    actionPlan: '联合执法，清理并建立长效巡查', periodStart: start, periodEnd: start + 92 * 86_400_000, evidence: candidates[1].evidence,
  });
  await page.locator('#tab-topics').click();
  await page.locator('[data-testid="topic-card"]').first().waitFor({ timeout: 30_000 });
  assert.match(await page.locator('[data-testid="topic-evaluation"]').first().innerText(), /置信区间/);
  await page.locator('[data-testid="topic-adopt"]').first().click();
  await page.locator('[data-testid="topic-owner"]').click();
  await page.locator('.el-select-dropdown__item:visible').first().click();
  await page.locator('textarea[data-testid="topic-plan"], [data-testid="topic-plan"] textarea').first().fill('清理私搭乱建，每周巡查，建立台账');
  await page.locator('[data-testid="topic-submit"]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="topic-card"]').length === 2, null, { timeout: 30_000 });
  const topics = await invoke('analytics:topics', {});
  assert.equal(topics.length, 2);
  assert.equal(topics[0].title, candidates[0].title, 'the first candidate was adopted through the form');
  await page.waitForTimeout(400);
  await screenshot('analytics-topics.png');

  // Forecast with its back-test next to the baselines.
  await page.locator('#tab-forecast').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="forecast-backtest"] .el-table__body tr').length === 4, null, { timeout: 30_000 });
  assert.ok((await page.locator('[data-testid="forecast-ranking"] .el-table__body tr').count()) >= 10);
  await screenshot('analytics-forecast.png');
}

// A 1×1 light-grey PNG.
const BLANK_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP4/58BAAT/Av7nsNd5AAAAAElFTkSuQmCC', 'base64');
