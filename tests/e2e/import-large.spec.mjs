// A large file through the wizard: the real Boston 311 year (121,145 rows, more than the demo
// district holds) is a bulk import. Its commit defers the case indexes, the result page says so,
// and the case list answers at once while they are rebuilt in the background.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** ../shared/data beside the repository, found upwards (as tests/fixtures/boston.ts does). */
function sharedData() {
  for (let dir = here; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'shared', 'data', 'boston'))) return path.join(dir, 'shared', 'data');
  }
  throw new Error('../shared/data not found');
}
const BOSTON_ROWS = 121_145;

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gd-e2e-')), 'boston_311_2015.csv');
  fs.writeFileSync(csv, zlib.gunzipSync(fs.readFileSync(path.join(sharedData(), 'boston', 'boston_311_2015.csv.gz'))));
  const before = (await invoke('cases:list', { filter: {}, offset: 0, limit: 1 })).total;

  await page.locator('[data-testid="nav-import"]').click();
  await page.locator('[data-testid="import-view"]').waitFor();
  await page.locator('[data-testid="import-file"]').setInputFiles(csv);
  await page.locator('[data-testid="import-preview"]', { hasText: 'CASE_ENQUIRY_ID' }).waitFor({ timeout: 120_000 });
  await page.locator('[data-testid="import-next"]').click();
  await page.locator('[data-testid="map-externalNo"]', { hasText: 'CASE_ENQUIRY_ID' }).waitFor();
  await page.locator('[data-testid="import-timezone"]').fill('America/New_York');
  await page.locator('[data-testid="import-validate"]').click();
  await page.locator(`[data-testid="import-report"][data-total="${BOSTON_ROWS}"]`).waitFor({ timeout: 180_000 });
  await page.locator('[data-testid="import-commit"]:not([disabled])').click();
  const result = page.locator('[data-testid="import-result"]');
  await result.waitFor({ timeout: 180_000 });
  const inserted = Number(await result.getAttribute('data-inserted'));
  assert.ok(inserted > 100_000, `inserted ${inserted}`);
  const note = page.locator('[data-testid="import-indexes-deferred"]');
  await note.waitFor();
  assert.match(await note.innerText(), /正在后台重建 \d+ 个索引/);
  // The header counts what the workspace now holds.
  await page.locator('[data-testid="header-counts"]', { hasText: (before + inserted).toLocaleString('zh-CN') }).waitFor();
  await screenshot('import-large-done.png');

  // Every case is there at once, indexes or not.
  const after = (await invoke('cases:list', { filter: {}, offset: 0, limit: 1 })).total;
  assert.equal(after, before + inserted);
  const imported = await invoke('cases:list', { filter: { source: ['import'] }, offset: 0, limit: 100 });
  assert.equal(imported.total, inserted);
  assert.equal(imported.rows.length, 100);
  log(`${inserted} Boston cases imported in one batch; list answers with ${after} cases`);

  await page.locator('[data-testid="import-to-map"]').click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total')) === n, after, { timeout: 60_000 });
  await screenshot('import-large-list.png');
}
