// Issue 13, "what a Chinese operator saw": at 1600x1000 and 1366x768 the case list's deadline and
// overdue columns are in view, the legend explains the pink grids with nobody on duty, map search
// shows whole grid names, the data-source dialog is Chinese, and the basemap tab has no native
// "Choose File" control and shows the offline archive's bounds instead of 全球.
import assert from 'node:assert/strict';

const SIZES = [{ width: 1600, height: 1000 }, { width: 1366, height: 768 }];
const LATIN_WORD = /[A-Za-z]{2,}/g;
const ALLOWED = new Set(['GB', 'CJ', 'GCJ', 'WGS', 'DataV', 'MBTiles', 'PMTiles', 'XYZ', 'MBTILES', 'PMTILES', 'OSM', 'OpenStreetMap']);

const latinWords = (text) => (text.match(LATIN_WORD) ?? []).filter((w) => !ALLOWED.has(w));

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  await page.waitForSelector('[data-testid="app-name"]');
  const rows = page.locator('[data-testid="case-table"] [data-testid="case-row"]');
  await rows.first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-overlay-pane path.gd-region--grid').length > 0, null, { timeout: 60_000 });

  // The legend names the pink fill whenever some grid has nobody on duty.
  const unstaffed = await invoke('grids:unstaffed', {});
  log(`grids with nobody on duty: ${unstaffed.length}`);
  if (unstaffed.length) {
    const entry = page.locator('[data-testid="legend-unstaffed"]');
    await entry.waitFor();
    assert.match(await entry.innerText(), new RegExp(`无人在岗的网格\\s*${unstaffed.length}`));
  } else {
    assert.equal(await page.locator('[data-testid="legend-unstaffed"]').count(), 0, 'no entry without pink grids');
  }

  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(600);
    // Every column header, the last (selection) included, ends inside the table's visible width.
    const fit = await page.evaluate(() => {
      const table = document.querySelector('[data-testid="case-table"]');
      const heads = [...table.querySelectorAll('[role="columnheader"]')];
      const right = table.getBoundingClientRect().left + table.clientWidth;
      return { right, overdue: heads[9].getBoundingClientRect().right, last: heads.at(-1).getBoundingClientRect().right, scroll: table.scrollWidth - table.clientWidth };
    });
    log(`${size.width}x${size.height}: table right ${fit.right.toFixed(0)}, overdue column ends ${fit.overdue.toFixed(0)}, horizontal overflow ${fit.scroll}px`);
    assert.ok(fit.overdue <= fit.right + 1 && fit.last <= fit.right + 1, `deadline and overdue columns in view at ${size.width}`);
    // The deadline cell shows its whole time, not an ellipsis.
    const due = await rows.first().locator('[role="gridcell"]').nth(8).evaluate((el) => el.scrollWidth <= el.clientWidth);
    assert.ok(due, `deadline cell not cut at ${size.width}`);
    await screenshot(`ui-polish-main-${size.width}x${size.height}`);
  }

  // Map search: 第1 and 第2网格 of one community are told apart (the whole name shows).
  await page.setViewportSize(SIZES[1]);
  const tree = await invoke('regions:tree', {});
  const grid = tree.find((n) => n.level === 'grid' && /第1网格$/.test(n.name));
  const community = grid.name.replace(/第1网格$/, '');
  const input = page.locator('input[data-testid="map-search-input"], [data-testid="map-search-input"] input');
  await input.fill(`${community}第`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="map-search-hit"]').length > 1, null, { timeout: 10_000 });
  const names = await page.locator('[data-testid="map-search-hit-name"]').evaluateAll((els) =>
    els.map((el) => ({ text: el.textContent, cut: el.scrollWidth > el.clientWidth + 1 })),
  );
  log(`search "${community}第": ${names.map((n) => n.text).join(' / ')}`);
  assert.ok(names.some((n) => n.text === `${community}第1网格`), 'the first grid listed by its whole name');
  assert.ok(names.every((n) => !n.cut), 'no name cut');
  await page.waitForTimeout(300);
  await screenshot('ui-polish-search-1366x768');
  await input.fill('');

  // The data-source dialog: Chinese only (standard codes aside).
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.locator('[data-testid="demo-badge"]').click();
    const dialog = page.locator('.el-dialog', { hasText: '演示数据来源说明' });
    await dialog.waitFor();
    await page.waitForTimeout(400);
    assert.deepEqual(latinWords(await dialog.innerText()), [], 'provenance dialog has no English developer notes');
    await screenshot(`ui-polish-provenance-${size.width}x${size.height}`);
    await dialog.locator('.el-dialog__footer button').click();
    await dialog.waitFor({ state: 'hidden' });
  }

  // Basemap tab: a Chinese file button (no native control in view), bounds in degrees.
  await page.locator('[data-testid="nav-grids"]').click();
  await page.locator('.el-tabs__item', { hasText: '底图' }).click();
  const settings = page.locator('[data-testid="basemap-settings"]');
  await settings.waitFor();
  const fileInput = page.locator('[data-testid="basemap-archive-file"]');
  const box = await fileInput.boundingBox();
  assert.ok(!box || (box.width <= 1 && box.height <= 1), 'the native file control is hidden');
  assert.match(await settings.innerText(), /选择 MBTiles \/ PMTiles 文件/);
  const text = await settings.innerText();
  assert.doesNotMatch(text, /全球/, 'no offline archive called global');
  assert.match(text, /东经 115\.42°–117\.51°，北纬 39\.44°–41\.06°/, 'the bundled archive shows its bounds');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(400);
    await screenshot(`ui-polish-basemaps-${size.width}x${size.height}`);
  }
}
