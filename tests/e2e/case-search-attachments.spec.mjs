// Issue 4, the rest of the case workflow in the UI: intake located by a click on the map (the grid
// found from it), photos at intake and after-photos at verification shown as thumbnails, and the
// Chinese full-text search of the case list (FTS4 bigrams) finding the new case by a substring.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCasePoints } from './support/case-points.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PHOTO = path.join(repoRoot, 'resources', 'icons', 'icon-256.png');
const PHOTO_2 = path.join(repoRoot, 'resources', 'icons', 'icon-512.png');

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  await page.waitForSelector('[data-testid="app-name"]');
  const categories = await invoke('directory:categories', {});
  const category = categories.find((c) => c.level === 2 && c.defaultDepartmentId !== null);
  const input = (scope, testId) => scope.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

  // Search first, on the demo's own cases: a Chinese substring of one of them.
  const sample = (await invoke('cases:list', { filter: {}, limit: 50 })).rows.find((r) => [...r.title].length >= 4);
  const needle = [...sample.title].slice(1, 4).join('');
  await input(page, 'filter-text').fill(needle);
  const found = await invoke('cases:list', { filter: { text: needle }, limit: 200 });
  assert.ok(found.total >= 1, `"${needle}" finds cases`);
  assert.ok(found.rows.some((r) => r.id === sample.id), `"${needle}" finds the case it was cut from`);
  await page.waitForFunction((n) => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') === String(n), found.total);
  assert.match(await page.locator('[data-testid="case-table"]').innerText(), new RegExp(needle), 'the list shows the matching cases');
  log(`search "${needle}": ${found.total} case(s)`);
  await screenshot('search-chinese.png');
  await input(page, 'filter-text').fill('');
  await page.keyboard.press('Enter');

  // Intake, located by a click on the map.
  await page.locator('[data-testid="intake-open"]').click();
  const intake = page.locator('.el-dialog:visible', { hasText: '案件受理登记' });
  await intake.waitFor();
  await intake.locator('[data-testid="intake-category"] input').click();
  await intake.locator('[data-testid="intake-category"] input').fill(category.name);
  await page.locator('.el-cascader__suggestion-item:visible', { hasText: category.name }).first().click();
  await input(intake, 'intake-title').fill('小区门口井盖松动');
  await intake.locator('[data-testid="intake-description"] textarea, textarea[data-testid="intake-description"]').first().fill('东侧人行道井盖松动异响，夜间行人易绊倒');
  await intake.locator('[data-testid="intake-photos"] input[type="file"]').setInputFiles([PHOTO, PHOTO_2]);
  await intake.locator('.photo-thumb img').nth(1).waitFor();
  await intake.locator('[data-testid="intake-pick-map"]').click();
  await page.locator('[data-testid="intake-pick-banner"]').waitFor();
  await intake.waitFor({ state: 'hidden' });
  // The whole district in view: the middle of the map is inside it, in some grid.
  await page.locator('[data-testid="map-fit-all"]').click();
  await page.waitForTimeout(600);
  const map = page.locator('[data-testid="map"]');
  const box = await map.boundingBox();
  const at = { x: box.x + box.width * 0.5, y: box.y + box.height * 0.5 };
  await page.mouse.move(at.x, at.y);
  // The readout shows what the map takes the cursor's position to be, in WGS84.
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="readout-wgs84"]')?.textContent ?? ''));
  const readout = (await page.locator('[data-testid="readout-wgs84"]').innerText()).match(/(\d+\.\d+)[^\d]+(\d+\.\d+)/);
  await screenshot('intake-pick-on-map.png');
  await page.mouse.click(at.x, at.y);
  await intake.waitFor();
  const suggestion = intake.locator('[data-testid="intake-suggestion"]');
  await suggestion.waitFor();
  const lng = Number(await input(intake, 'intake-lng').inputValue());
  const lat = Number(await input(intake, 'intake-lat').inputValue());
  log(`picked ${lng}, ${lat}; readout ${readout?.slice(1).join(', ')}`);
  if (readout) {
    assert.ok(Math.abs(lng - Number(readout[1])) < 1e-4 && Math.abs(lat - Number(readout[2])) < 1e-4, 'the click is the point under the cursor, in WGS84');
  }
  assert.match(await suggestion.innerText(), /所属网格：.+ \/ .+ \/ .+/, 'the grid is found from the clicked point');
  await screenshot('intake-picked.png');
  await intake.locator('[data-testid="intake-submit"]').click();
  await intake.waitFor({ state: 'hidden' });
  const drawer = page.locator('[data-testid="case-detail"]');
  await drawer.locator('[data-testid="attachment-before"]').nth(1).waitFor();
  const caseNo = (await drawer.locator('[data-testid="detail-case-no"]').innerText()).trim();
  const created = (await invoke('cases:list', { filter: { text: caseNo }, limit: 5 })).rows[0];
  assert.equal(created.caseNo, caseNo);
  assert.ok(created.lng !== null && Math.abs(created.lng - lng) < 1e-6, 'stored at the picked point (WGS84)');
  log(`received ${caseNo} with 2 photos`);

  // The new case is found by a piece of its description, at once (the index catches up before a search).
  await input(page, 'filter-text').fill('行人易绊');
  await page.waitForFunction(() => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') === '1');
  assert.match(await page.locator('[data-testid="case-table"]').innerText(), /井盖松动/);

  // Walk to 处置反馈 through the API, then verify in the UI with an after-photo.
  // Who acts is the signed-in account (the administrator here, who holds every permission of the role table).
  const step = (action, fields = {}) => invoke('workflow:transition', { caseId: created.id, action, fields });
  await step('register');
  await step('dispatch', { departmentId: category.defaultDepartmentId });
  await step('respond');
  await step('handle', { note: '已更换井盖' });
  await drawer.locator('.el-drawer__close-btn').click();
  await page.locator('[data-testid="case-table"] [data-testid="case-row"]').first().click();
  await drawer.locator('[data-testid="action-verify"]').waitFor();
  await drawer.locator('[data-testid="action-verify"]').click();
  const dialog = page.locator('.el-dialog:visible', { has: page.locator('[data-testid="action-submit"]') });
  await dialog.locator('[data-testid="verify-photos"] input[type="file"]').setInputFiles(PHOTO_2);
  await dialog.locator('.photo-thumb img').waitFor();
  await dialog.locator('[data-testid="action-submit"]').click();
  await dialog.waitFor({ state: 'hidden' });
  await drawer.locator('[data-testid="attachment-after"]').waitFor();
  const attachments = await invoke('attachments:list', { caseId: created.id });
  assert.deepEqual(attachments.map((a) => a.kind), ['before', 'before', 'after']);
  assert.equal(attachments[2].sha256, attachments[1].sha256, 'the same photo again is the same stored file');
  assert.ok(attachments[2].eventId !== null, 'the after-photo belongs to the verification event');
  await drawer.locator('[data-testid="case-attachments"]').scrollIntoViewIfNeeded();
  // The thumbnails are plain <img> loaded by URL from the page's own origin, attachments/<sha256>.
  await page.waitForFunction(() => {
    const imgs = [...document.querySelectorAll('[data-testid="case-attachments"] img')];
    return imgs.length === 3 && imgs.every((img) => img.complete && img.naturalWidth > 0);
  });
  const thumbs = await drawer.locator('[data-testid="case-attachments"] img').evaluateAll((imgs) =>
    imgs.map((img) => ({ src: img.getAttribute('src'), url: img.currentSrc, width: img.naturalWidth })),
  );
  assert.deepEqual(thumbs.map((t) => t.src), attachments.map((a) => `attachments/${a.sha256}`), 'each thumbnail loads from attachments/<sha256>');
  assert.ok(thumbs.every((t) => new URL(t.url).origin === new URL(page.url()).origin), 'from the page origin');
  assert.deepEqual(thumbs.map((t) => t.width), [256, 512, 512], 'the real photos were decoded');
  await screenshot('case-attachments.png');
  log(`verified with an after-photo; thumbnails ${thumbs.map((t) => `${t.src.slice(0, 20)}… ${t.width}px`).join(', ')}`);

  // A click opens the full photo over the page, from the same URL.
  await drawer.locator('[data-testid="attachment-after"]').click();
  const viewer = page.locator('.el-image-viewer__wrapper');
  await viewer.waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector('.el-image-viewer__wrapper img.el-image-viewer__img');
    return img?.complete && img.naturalWidth > 0;
  });
  assert.equal(await viewer.locator('img.el-image-viewer__img').getAttribute('src'), `attachments/${attachments[2].sha256}`, 'the preview shows the clicked photo');
  // The viewer fades in: shoot once its transition has finished.
  await page.waitForFunction(() =>
    document.querySelector('.el-image-viewer__wrapper').getAnimations({ subtree: true }).every((a) => a.playState !== 'running'),
  );
  await screenshot('attachment-preview.png');
  await page.keyboard.press('Escape');
  await viewer.waitFor({ state: 'hidden' });

  // The route's answers, seen from the page: typed and script-free when found; refused when malformed or unknown.
  const probe = await page.evaluate(async (sha) => {
    const head = async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy'), nosniff: res.headers.get('x-content-type-options') };
    };
    return {
      found: await head(`attachments/${sha}`),
      upper: await head(`attachments/${sha.toUpperCase()}`),
      short: await head(`attachments/${sha.slice(1)}`),
      traversal: await head('attachments/..%2F..%2Fgriddesk.db'),
      unknown: await head(`attachments/${'0'.repeat(64)}`),
    };
  }, attachments[0].sha256);
  assert.deepEqual(probe.found, { status: 200, type: 'image/png', csp: "default-src 'none'; img-src 'self'; sandbox", nosniff: 'nosniff' });
  for (const bad of [probe.upper, probe.short, probe.traversal]) assert.ok([400, 403].includes(bad.status), `malformed hash refused (${bad.status})`);
  assert.equal(probe.unknown.status, 404, 'a hash no case has is not found');
  log(`attachment route: ${JSON.stringify(Object.fromEntries(Object.entries(probe).map(([k, v]) => [k, v.status])))}`);

  await drawer.locator('.el-drawer__close-btn').click();

  // Saved views: the current filter under a name, applied again later.
  await input(page, 'filter-text').fill('噪音');
  const noise = (await invoke('cases:list', { filter: { text: '噪音' }, limit: 1 })).total;
  await page.waitForFunction((n) => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') === String(n), noise);
  await page.locator('[data-testid="saved-views"]').click();
  await page.locator('[data-testid="view-save"]:visible').click();
  await page.locator('.el-message-box input').fill('噪音投诉');
  await page.locator('.el-message-box .el-button--primary').click();
  await page.locator('.el-message-box').waitFor({ state: 'hidden' });
  await input(page, 'filter-text').fill('');
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') !== String(n), noise);
  await page.locator('[data-testid="saved-views"]').click();
  await page.locator('[data-testid="view-item"]:visible', { hasText: '噪音投诉' }).click();
  await page.waitForFunction((n) => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') === String(n), noise);
  assert.equal(await input(page, 'filter-text').inputValue(), '噪音', 'the view brings its filter back');
  log(`saved view "噪音投诉": ${noise} cases`);

  // The map coloured by deadline: near-due yellow, overdue red.
  await page.locator('[data-testid="legend-color-due"]').click();
  const legend = page.locator('[data-testid="legend-due"]');
  await legend.waitFor();
  const dueCounts = readCasePoints(await invoke('cases:points', { filter: { text: '噪音' }, colorBy: 'due' }));
  const overdue = dueCounts.filter((p) => p[3] === 3).length;
  assert.match(await legend.innerText(), new RegExp(`超期\\s*${overdue.toLocaleString('zh-CN')}`), 'the legend counts overdue points');
  await screenshot('map-due-colours.png');
  log(`map by deadline: ${overdue} overdue of ${dueCounts.length}`);

  // The monthly ranking: exported to .xlsx, and as a print-ready report.
  await page.locator('[data-testid="nav-rankings"]').click();
  await page.locator('[data-testid="ranking-table"] .el-table__body tr').first().waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="ranking-export"]').click()]);
  assert.match(download.suggestedFilename(), /^三率排名_\d{4}-\d{2}_街道\.xlsx$/);
  const saved = await download.path();
  const head = (await import('node:fs')).readFileSync(saved).subarray(0, 2).toString('latin1');
  assert.equal(head, 'PK', 'the download is an .xlsx (zip) file');
  await page.locator('[data-testid="ranking-report-open"]').click();
  const report = page.locator('[data-testid="ranking-report"]');
  await report.waitFor();
  const rowsShown = await report.locator('tbody tr').count();
  const shownMonth = (await report.locator('h1').innerText()).match(/\d{4}-\d{2}/)[0];
  const expected = await invoke('rates:ranking', { month: shownMonth, level: 'street' });
  assert.ok(rowsShown >= 1 && rowsShown === expected.rows.length, `the report lists every ranked street (${rowsShown})`);
  // With a map of the streets, each filled by its score (unranked ones grey).
  const streets = (await invoke('regions:tree', {})).filter((n) => n.level === 'street').length;
  await report.locator('[data-testid="ranking-map-area"]').nth(streets - 1).waitFor();
  assert.equal(await report.locator('[data-testid="ranking-map-area"]').count(), streets);
  const ranked = await report.locator('[data-testid="ranking-map-area"]:not([fill="#e9ecef"])').count();
  assert.equal(ranked, expected.rows.filter((r) => r.composite !== null).length, 'ranked streets are coloured');
  await page.emulateMedia({ media: 'print' });
  await screenshot('ranking-report-print.png');
  await page.emulateMedia({ media: 'screen' });
  log(`ranking exported (${download.suggestedFilename()}), report with ${rowsShown} rows`);
}
