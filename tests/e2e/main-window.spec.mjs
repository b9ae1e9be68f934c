// The main window on the demo district: grids on the map, cases in the list, a case's detail
// with its timeline, and the switch to English.
import assert from 'node:assert/strict';

const HAN = /[\u4e00-\u9fff]/;

/** @param {{ page: import('playwright-core').Page, screenshot: (name: string) => Promise<string>, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  await page.waitForSelector('[data-testid="app-name"]');
  const info = await invoke('workspace:info', {});
  log(`workspace ${info.name}: ${info.counts.grids} grids, ${info.counts.cases} cases`);
  assert.ok(info.counts.grids > 0, 'the demo workspace has grids');
  assert.ok(info.counts.cases > 0, 'the demo workspace has cases');

  // Header: Chinese by default, workspace name, demo badge.
  const header = await page.locator('[data-testid="app-header"]').innerText();
  assert.match(header, HAN, 'header text is Chinese');
  assert.match(header, /网格通/);
  await page.waitForFunction(
    (name) => document.querySelector('[data-testid="workspace-name"]')?.textContent?.includes(name),
    info.name,
  );
  if (info.isDemo) assert.match(await page.locator('[data-testid="demo-badge"]').innerText(), /演示数据/);

  // Map: every grid drawn as an SVG path in Leaflet's overlay pane.
  await page.waitForFunction(
    (n) => document.querySelectorAll('.leaflet-overlay-pane path.gd-region--grid').length >= n,
    Math.floor(info.counts.grids * 0.95),
    { timeout: 60_000 },
  );
  const gridPaths = await page.locator('.leaflet-overlay-pane path.gd-region--grid').count();
  log(`grid polygons on the map: ${gridPaths}`);
  assert.ok(gridPaths >= info.counts.grids * 0.95 && gridPaths <= info.counts.grids, `≈${info.counts.grids} grid polygons, saw ${gridPaths}`);
  assert.ok((await page.locator('.leaflet-overlay-pane path.gd-region--street').count()) > 0, 'street outlines drawn');

  // Case points on the canvas layer.
  await page.waitForFunction(() => Number(document.querySelector('canvas.gd-case-points')?.dataset.pointCount) > 0, null, {
    timeout: 60_000,
  });
  const points = Number(await page.locator('canvas.gd-case-points').getAttribute('data-point-count'));
  log(`case points on the map: ${points}`);

  // Case list: rows, and the total equals the workspace's case count.
  const rows = page.locator('[data-testid="case-table"] [data-testid="case-row"]');
  await rows.first().waitFor({ timeout: 60_000 });
  assert.ok((await rows.count()) > 0, 'case rows are listed');
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total')) === n,
    info.counts.cases,
    { timeout: 30_000 },
  );
  assert.match(await page.locator('[data-testid="case-total"]').innerText(), /共/);

  // Times are Beijing time (the browser itself runs in UTC).
  const newest = (await invoke('cases:list', { filter: {}, offset: 0, limit: 1 })).rows[0];
  const beijing = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).format(new Date(newest.receivedAt));
  assert.equal(await rows.first().locator('[role="gridcell"]').nth(7).innerText(), beijing, 'received time shown in Asia/Shanghai');

  // No internet here: the online default basemap should give way to the offline archive.
  const fellBack = await page
    .locator('[data-testid="offline-notice"]')
    .waitFor({ timeout: 20_000 })
    .then(() => true, () => false);
  log(fellBack ? 'offline basemap fallback notice shown' : 'no offline fallback (online tiles reachable?)');
  await page.waitForTimeout(1500); // let tiles and labels settle for the screenshot
  await screenshot('main-window-zh.png');

  // The demo badge explains which data is real and which is generated.
  if (info.isDemo) {
    await page.locator('[data-testid="demo-badge"]').click();
    const dialog = page.locator('.el-dialog', { hasText: '演示数据来源说明' });
    await dialog.waitFor();
    const provenanceRows = await dialog.locator('.el-table__body tr').count();
    assert.equal(provenanceRows, info.provenance.length, 'one row per provenance entry');
    assert.match(await dialog.innerText(), /真实公开数据/);
    await page.waitForTimeout(300);
    await screenshot('provenance.png');
    await dialog.locator('.el-dialog__footer button').click();
    await dialog.waitFor({ state: 'hidden' });
  }

  // Filter to closed cases from the map legend, then open the first one: the drawer shows the same
  // case with its whole timeline (received → … → closed → call-back).
  await page.locator('[data-testid="map-legend"] button', { hasText: '结案' }).click();
  await page.waitForFunction(
    (n) => {
      const total = Number(document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total'));
      const first = document.querySelector('[data-testid="case-table"] [data-testid="case-row"] [data-status]');
      return total > 0 && total < n && first?.getAttribute('data-status') === 'closed';
    },
    info.counts.cases,
    { timeout: 30_000 },
  );
  const caseNo = (await rows.first().locator('.case-no').innerText()).trim();
  await rows.first().locator('[role="gridcell"]').nth(4).click();
  const drawer = page.locator('[data-testid="case-detail"]');
  await drawer.locator('[data-testid="timeline-item"]').nth(2).waitFor({ timeout: 30_000 });
  assert.equal((await drawer.locator('[data-testid="detail-case-no"]').innerText()).trim(), caseNo);
  const events = await drawer.locator('[data-testid="timeline-item"]').count();
  log(`case ${caseNo}: ${events} timeline events`);
  assert.ok(events >= 3, 'a closed case has a timeline of several events');
  assert.match(await drawer.innerText(), /处置时间线/);
  assert.match(await drawer.innerText(), /结案/);
  await page.waitForTimeout(600); // drawer animation and map pan
  await screenshot('case-detail.png');
  log('closing drawer');
  await drawer.locator('.el-drawer__close-btn').click();
  await drawer.locator('.el-drawer').waitFor({ state: 'hidden' });
  await page.locator('[data-testid="map-legend"] button', { hasText: '结案' }).click();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total')) === n,
    info.counts.cases,
  );

  log('switching to English');
  // English.
  await page.locator('[data-testid="language-switch"] [data-locale="en"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-list"]')?.textContent?.includes('Case no.'));
  const list = await page.locator('[data-testid="case-list"]').innerText();
  for (const label of ['Case no.', 'Source', 'Status', 'Received', 'cases']) assert.ok(list.includes(label), `English label "${label}"`);
  // The subtitle gives way below 1700 px wide; the navigation and the person's role and scope are in English.
  const headerEn = await page.locator('[data-testid="app-header"]').innerText();
  for (const label of ['Map', 'Three rates', 'Import', 'Administrator', 'All']) assert.ok(headerEn.split('\n').includes(label), `English header "${label}" in ${JSON.stringify(headerEn)}`);
  assert.match(await page.locator('[data-testid="map-legend"]').innerText(), /Case status/);
  assert.equal(await page.evaluate(() => localStorage.getItem('griddesk.locale')), 'en', 'locale persisted');
  await page.waitForTimeout(300);
  await screenshot('main-window-en.png');
}
