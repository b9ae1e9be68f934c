// The region tree scopes the map and the list; a click on a case point opens that case.
import assert from 'node:assert/strict';

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  const info = await invoke('workspace:info', {});
  const tree = await invoke('regions:tree', {});
  const total = () =>
    page.evaluate(() => Number(document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total')));
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total')) === n,
    info.counts.cases,
    { timeout: 60_000 },
  );

  // Pick a street in the tree: its outline is highlighted and the list is scoped to it.
  const street = tree.find((node) => node.level === 'street');
  assert.ok(street, 'the demo has streets');
  const expected = (await invoke('cases:list', { filter: { regionId: street.id }, offset: 0, limit: 1 })).total;
  await page.locator('[data-testid="region-tree"] .el-tree-node__content', { hasText: street.name }).first().click();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total')) === n,
    expected,
    { timeout: 30_000 },
  );
  log(`${street.name}: ${expected} cases`);
  assert.ok(expected > 0 && expected < info.counts.cases, 'a street holds some of the cases');
  await page.locator('path.gd-region-highlight').waitFor();
  assert.match(await page.locator('[data-testid="case-scope"]').innerText(), new RegExp(street.name));
  await page.waitForTimeout(800); // fly-to animation, labels
  await screenshot('region-selected.png');

  // Search the tree for a grid by name.
  const grid = tree.find((node) => node.level === 'grid' && node.parentId !== null);
  await page.locator('[data-testid="region-tree"] input').fill(grid.name);
  await page.locator('[data-testid="region-tree"] .el-tree-node__content', { hasText: grid.name }).first().waitFor();

  // Click a drawn case point (found from the canvas pixels) and the drawer opens on a case.
  const target = await page.evaluate(() => {
    const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector('canvas.gd-case-points'));
    const map = document.querySelector('[data-testid="map"]').getBoundingClientRect();
    const rect = canvas.getBoundingClientRect();
    const ratio = canvas.width / rect.width;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const cx = map.x + map.width * 0.45;
    const cy = map.y + map.height * 0.5;
    let best = null;
    for (let y = 0; y < canvas.height; y += 2) {
      for (let x = 0; x < canvas.width; x += 2) {
        if (data[(y * canvas.width + x) * 4 + 3] < 200) continue;
        const px = rect.x + x / ratio;
        const py = rect.y + y / ratio;
        if (px < map.x + 60 || px > map.right - 300 || py < map.y + 60 || py > map.bottom - 60) continue;
        const d = (px - cx) ** 2 + (py - cy) ** 2;
        if (!best || d < best.d) best = { x: px, y: py, d };
      }
    }
    return best;
  });
  assert.ok(target, 'a case point is drawn inside the map');
  await page.mouse.click(target.x, target.y);
  const drawer = page.locator('[data-testid="case-detail"]');
  await drawer.locator('[data-testid="detail-case-no"]').waitFor({ timeout: 30_000 });
  await drawer.locator('[data-testid="timeline-item"]').first().waitFor();
  await page.locator('.gd-case-focus').waitFor();
  log(`clicked point → ${(await drawer.locator('[data-testid="detail-case-no"]').innerText()).trim()}`);
  await page.waitForTimeout(600);
  await screenshot('map-point-detail.png');
  await drawer.locator('.el-drawer__close-btn').click();

  // The layer switcher lists the basemaps and turns overlays off and on.
  await page.locator('[data-testid="layer-switcher"]').click();
  const popper = page.locator('.gd-layer-popper');
  await popper.waitFor();
  assert.ok((await popper.locator('.el-radio').count()) >= 1, 'basemaps listed');
  await page.waitForTimeout(300);
  await screenshot('layer-switcher.png');
  await popper.locator('[data-overlay="grids"]').click();
  await page.waitForFunction(() => document.querySelectorAll('path.gd-region--grid').length === 0);
  await popper.locator('[data-overlay="grids"]').click();
  await page.waitForFunction(() => document.querySelectorAll('path.gd-region--grid').length > 0);
  // Street lines (街巷) are off on the main map until switched on: every demo line drawn.
  const streetLines = (await invoke('streets:list', {})).length;
  assert.ok(streetLines > 0, 'the demo has street lines');
  assert.equal(await page.locator('path.gd-street-line').count(), 0);
  await popper.locator('[data-overlay="street-lines"]').click();
  await page.waitForFunction((n) => document.querySelectorAll('path.gd-street-line').length === n, streetLines);
  log(`street lines on the main map: ${streetLines}`);
  await page.keyboard.press('Escape');
  await page.mouse.click(5, 500);
  await page.waitForTimeout(800); // the switcher's fade-out
  await screenshot('main-map-street-lines.png');
  await page.locator('[data-testid="layer-switcher"]').click();
  await popper.locator('[data-overlay="street-lines"]').click();
  await page.waitForFunction(() => document.querySelectorAll('path.gd-street-line').length === 0);
  await page.keyboard.press('Escape');
  await page.mouse.click(5, 500); // outside the popover

  // Back to the whole district.
  await page.locator('[data-testid="region-tree"] input').fill('');
  await page.locator('[data-testid="map-fit-all"]').click();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total')) === n,
    info.counts.cases,
  );
  assert.equal(await total(), info.counts.cases);
}
