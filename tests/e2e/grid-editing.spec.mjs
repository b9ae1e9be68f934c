// Grid editing on the map: import a fresh community, draw a grid in it with geoman (snapping to the
// community's corners), split it with a drawn line, merge the parts, undo; draw a street line with a
// chief; put a grid worker on the unstaffed grid. Every step is checked in the page and the backend.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mercatorPixel } from './support/mercator.mjs';

// A community just east of Dongcheng (in no demo street), 0.008° × 0.005°.
const W = 116.47;
const S = 39.9;
const E = 116.478;
const N = 39.905;
const COMMUNITY = {
  type: 'FeatureCollection',
  features: [{
    type: 'Feature',
    properties: { name: '编辑试验社区', code: '110105001001' },
    geometry: { type: 'Polygon', coordinates: [[[W, S], [E, S], [E, N], [W, N], [W, S]]] },
  }],
};

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  const view = page.locator('[data-testid="grids-view"]');
  await page.locator('[data-testid="nav-grids"]').click();
  await view.locator('path.gd-region--grid').first().waitFor({ timeout: 60_000 });
  const gridPaths = () => view.locator('path.gd-region--grid').count();
  const gridsAtStart = await gridPaths();

  // The community arrives through the import dialog, like a user's file.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-e2e-')), 'edit-community.geojson');
  fs.writeFileSync(file, JSON.stringify(COMMUNITY));
  const dialog = page.locator('[data-testid="grid-import-dialog"]');
  await page.locator('[data-testid="grid-import-open"]').click();
  await dialog.locator('[data-testid="grid-import-file"]').setInputFiles(file);
  await dialog.locator('[data-testid="grid-import-summary"]').waitFor();
  await dialog.locator('[data-testid="grid-import-level"]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^社区$/ }).click();
  await dialog.locator('[data-testid="grid-import-run"]').click();
  await dialog.locator('[data-testid="grid-import-report"]').waitFor({ timeout: 60_000 });
  await dialog.locator('.el-dialog__footer button').first().click();
  await dialog.waitFor({ state: 'hidden' });

  const select = async (name) => {
    await page.locator('[data-testid="region-tree"] input').fill(name);
    await page.locator('[data-testid="region-tree"] .el-tree-node__content', { hasText: name }).first().click();
    await page.locator('[data-testid="region-panel"] .rp-title', { hasText: name }).waitFor();
  };
  /** Page coordinates of a WGS84 point on the map as it is now. */
  const at = async (lng, lat) => {
    const v = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="map"]');
      const map = el.getBoundingClientRect();
      const pane = document.querySelector('[data-testid="map"] .leaflet-map-pane').getBoundingClientRect();
      return { zoom: Number(el.dataset.zoom), origin: el.dataset.pixelOrigin.split(',').map(Number), pane: [pane.x, pane.y], map: [map.x, map.y] };
    });
    const [x, y] = mercatorPixel(lng, lat, v.zoom);
    return [v.pane[0] + x - v.origin[0], v.pane[1] + y - v.origin[1]];
  };
  const clickAt = async (lng, lat) => {
    const [x, y] = await at(lng, lat);
    await page.mouse.move(x - 3, y - 3);
    await page.mouse.click(x, y);
  };
  /** Opens a select and picks its option by index or text; waits until its dropdown has closed. Returns the option's text. */
  const pick = async (trigger, option) => {
    await page.waitForFunction(() => !document.querySelector('.el-select__popper[aria-hidden="false"]'));
    await trigger.click();
    const popper = page.locator('.el-select__popper[aria-hidden="false"]');
    await popper.waitFor();
    const item = typeof option === 'number' ? popper.locator('.el-select-dropdown__item').nth(option) : popper.locator('.el-select-dropdown__item', { hasText: option });
    const text = (await item.innerText()).trim();
    await item.click();
    await popper.waitFor({ state: 'hidden' });
    return text;
  };
  const settle = () => page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim'));

  /** Selects a region (the map zooms to it), then half a level out so legend and notices clear its edges. */
  const frame = async (name) => {
    await select(name);
    await page.waitForTimeout(600);
    await settle();
    await page.locator('.leaflet-control-zoom-out').click();
    await page.waitForTimeout(500);
    await settle();
  };
  await frame('编辑试验社区');
  await page.locator('.el-tabs__item', { hasText: /^编辑$/ }).click();
  const panel = page.locator('[data-testid="grid-edit-panel"]');
  const message = panel.locator('[data-testid="grid-edit-message"]');

  // Draw: clicks a few pixels inside each corner snap onto the community's corners.
  await panel.locator('input[data-testid="grid-edit-name"], [data-testid="grid-edit-name"] input').first().fill('试验网格甲');
  await panel.locator('[data-testid="grid-edit-draw"]').click();
  await panel.locator('[data-testid="grid-edit-hint"]').waitFor();
  const inset = 0.00004;
  for (const [lng, lat] of [[W + inset, S + inset], [E - inset, S + inset], [E - inset, N - inset], [W + inset, N - inset]]) await clickAt(lng, lat);
  await page.keyboard.press('Enter');
  await message.filter({ hasText: '绘制 试验网格甲' }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, ['[data-testid="grids-view"] path.gd-region--grid', gridsAtStart + 1]);
  const drawn = (await invoke('regions:tree', {})).find((n) => n.name === '试验网格甲');
  // Under the community, tagged with this workstation until the district numbers it (no two desks drawing at once collide).
  assert.match(drawn.code, /^110105001001-[0-9a-f]{6}-001$/, 'a provisional code under the community');
  const drawnShape = (await invoke('regions:shapes', { level: 'grid' })).find((s) => s.id === drawn.id);
  const ring = drawnShape.geometry.coordinates[0];
  // Snapped: every vertex lies on the community's corners (within a centimetre), so no gap is left.
  for (const [lng, lat] of ring) {
    assert.ok([W, E].some((x) => Math.abs(lng - x) < 1e-7) && [S, N].some((y) => Math.abs(lat - y) < 1e-7), `vertex ${lng},${lat} snapped to a corner`);
  }
  log(`drawn ${drawn.name} ${drawn.code}: ${ring.length - 1} vertices snapped`);
  await screenshot('grid-edit-drawn.png');

  // A grid drawn over it is refused, with the reason.
  await panel.locator('input[data-testid="grid-edit-name"], [data-testid="grid-edit-name"] input').first().fill('');
  await panel.locator('[data-testid="grid-edit-draw"]').click();
  for (const [lng, lat] of [[W + 0.002, S + 0.001], [W + 0.004, S + 0.001], [W + 0.003, S + 0.003]]) await clickAt(lng, lat);
  await page.keyboard.press('Enter');
  await panel.locator('[data-testid="grid-edit-error"]', { hasText: '重叠' }).waitFor({ timeout: 30_000 });
  assert.equal(await gridPaths(), gridsAtStart + 1);

  // Split along a north–south line drawn across it.
  await frame('试验网格甲');
  await panel.locator('input[data-testid="grid-edit-name"], [data-testid="grid-edit-name"] input').first().fill('试验网格乙');
  await panel.locator('[data-testid="grid-edit-split"]').click();
  const mid = (W + E) / 2 + 0.0007;
  await clickAt(mid, N + 0.0006);
  await clickAt(mid, S - 0.0006);
  await page.keyboard.press('Enter');
  await message.filter({ hasText: '切分 试验网格甲' }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, ['[data-testid="grids-view"] path.gd-region--grid', gridsAtStart + 2]);
  // The header's counts follow (589 demo grids + 甲 + 乙).
  await page.locator('[data-testid="header-counts"]', { hasText: `${gridsAtStart + 2} 网格` }).waitFor();
  const parts = (await invoke('regions:tree', {})).filter((n) => n.name === '试验网格甲' || n.name === '试验网格乙');
  assert.deepEqual(parts.map((p) => p.name).sort(), ['试验网格乙', '试验网格甲']);
  await page.waitForTimeout(300);
  await screenshot('grid-edit-split.png');

  // Merge the two parts back into 试验网格甲.
  await select('试验网格甲');
  await pick(panel.locator('[data-testid="grid-edit-merge-with"]'), /^试验网格乙$/);
  await panel.locator('[data-testid="grid-edit-merge"]').click();
  await message.filter({ hasText: '合并 试验网格乙 入 试验网格甲' }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, ['[data-testid="grids-view"] path.gd-region--grid', gridsAtStart + 1]);

  // Undo: the merge is taken back (乙 returns with its id), as a new logged edit.
  await panel.locator('[data-testid="grid-edit-undo"]').click();
  await message.filter({ hasText: '撤销「合并' }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, ['[data-testid="grids-view"] path.gd-region--grid', gridsAtStart + 2]);
  const history = await invoke('grids:edits', {});
  assert.deepEqual(history.slice(0, 4).map((e) => e.action), ['grid_undo', 'grid_merge', 'grid_split', 'grid_draw']);
  assert.equal(history.find((e) => e.action === 'grid_merge').undone, true);
  await panel.locator('[data-testid="grid-edit-history"] .gep-entry--undone').first().waitFor();
  await page.waitForTimeout(300);
  await screenshot('grid-edit-undone.png');

  // Reshape: drag 甲's north-east vertex into 乙 and save: refused as an overlap, nothing stored.
  await frame('试验网格甲');
  await panel.locator('[data-testid="grid-edit-reshape"]').click();
  await page.locator('path.gd-grid-sketch').waitFor();
  const [vx, vy] = await at(mid, N);
  const vertex = await page.evaluate(([x, y]) => {
    const markers = [...document.querySelectorAll('.leaflet-marker-pane .marker-icon:not(.marker-icon-middle)')].map((m) => m.getBoundingClientRect());
    const near = markers.map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 })).sort((a, b) => Math.hypot(a.x - x, a.y - y) - Math.hypot(b.x - x, b.y - y))[0];
    return near && Math.hypot(near.x - x, near.y - y) < 12 ? near : null;
  }, [vx, vy]);
  assert.ok(vertex, 'a vertex handle at the north-east corner of 甲');
  await page.mouse.move(vertex.x, vertex.y);
  await page.mouse.down();
  await page.mouse.move(vertex.x + 30, vertex.y + 40, { steps: 8 });
  await page.mouse.up();
  await panel.locator('[data-testid="grid-edit-save"]').click();
  await panel.locator('[data-testid="grid-edit-error"]', { hasText: '重叠' }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('path.gd-grid-sketch').count(), 0, 'sketch removed');
  assert.equal((await invoke('grids:edits', {}))[0].action, 'grid_undo', 'refused reshape not logged');
  await screenshot('grid-edit-reshape-refused.png');

  // The new grids have nobody on duty: they stand out on the map and in the panel; assign a worker.
  await select('试验网格甲');
  await page.locator('[data-testid="region-unstaffed"]').waitFor();
  assert.ok((await view.locator('path.gd-region--unstaffed').count()) >= 2, 'unstaffed grids marked on the map');
  await page.locator('[data-testid="duty-open"]').click();
  await pick(page.locator('[data-testid="duty-worker"]'), 0);
  await page.locator('[data-testid="duty-assign"]').click();
  await page.locator('[data-testid="region-unstaffed"]').waitFor({ state: 'hidden' });
  await page.locator('[data-testid="region-panel"] [data-testid="duty-release"]').first().waitFor();
  assert.ok(!(await invoke('grids:unstaffed', {})).includes(drawn.id), 'grid staffed');

  // A street line with a chief, drawn across the community.
  await page.locator('.el-tabs__item', { hasText: /^街巷$/ }).click();
  const streets = page.locator('[data-testid="street-panel"]');
  const linesBefore = await view.locator('path.gd-street-line').count();
  await streets.locator('input[data-testid="street-name"], [data-testid="street-name"] input').first().fill('试验胡同');
  const chiefName = (await pick(streets.locator('[data-testid="street-chief"]'), 0)).replace(/（.*$/, '');
  await streets.locator('[data-testid="street-draw"]').click();
  await clickAt(W + 0.001, (S + N) / 2);
  await clickAt(E - 0.001, (S + N) / 2 + 0.0005);
  await page.keyboard.press('Enter');
  await streets.locator('[data-testid="street-message"]', { hasText: '已添加街巷「试验胡同」' }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, ['[data-testid="grids-view"] path.gd-street-line', linesBefore + 1]);
  const line = (await invoke('streets:list', {})).find((l) => l.name === '试验胡同');
  assert.equal(line.chiefName, chiefName);
  assert.equal(line.geometry.coordinates.length, 2);
  log(`street line ${line.code} ${Math.round(line.lengthM)} m, chief ${line.chiefName}`);
  await page.locator('[data-testid="map"]').hover();
  await page.waitForTimeout(300);
  await screenshot('grid-edit-street.png');

  // In a street's region panel: make someone the chief of one of its lines; the panel lists them on it.
  await select('东华门街道');
  await page.locator('[data-testid="chief-open"]').click();
  const lineName = (await pick(page.locator('[data-testid="chief-line"]'), 0)).replace(/（.*$/, '');
  const newChief = await pick(page.locator('[data-testid="chief-staff"]'), 1);
  await page.locator('[data-testid="chief-assign-run"]').click();
  await page.locator('[data-testid="chief-open"]').waitFor();
  await page.locator('[data-testid="region-panel"] .rp-person', { hasText: lineName }).filter({ hasText: newChief }).first().waitFor();
  assert.equal((await invoke('streets:list', {})).find((l) => l.name === lineName).chiefName, newChief);
  log(`${lineName}: chief now ${newChief}`);
  await screenshot('grid-edit-street-chief.png');
}
