// The import wizard with real files: a GBK CSV derived from Boston's 311 year (encoding detected,
// columns suggested, template saved, report read, committed, template recognised next time), then
// a round trip of the district's own cases (export to .xlsx, import it back) that lands on the map.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const gbkFile = path.resolve(here, '..', 'fixtures', 'import', 'boston-gbk.csv');

/** @param {{ page: import('playwright-core').Page, electron?: import('playwright-core').ElectronApplication, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, electron, screenshot, invoke, log }) {
  // Imports are an administrator's or operator's work: the demo's documented admin (docs/accounts.md).
  const status = await invoke('auth:status', {}).catch(() => null);
  if (!status?.session) {
    await invoke('auth:signIn', { username: 'admin', password: 'griddesk2026' });
    await page.reload();
  }
  await page.locator('[data-testid="nav-import"]').click();
  await page.locator('[data-testid="import-view"]').waitFor();

  // Step 1: the file; GBK is detected and the first rows show in Chinese. In Electron through main's
  // own chooser (its native dialog answers with the file here; the page only gets a staged id), in a
  // browser as uploaded bytes.
  if (electron) {
    await electron.evaluate(({ dialog }, file) => {
      dialog.showOpenDialog = async () => ({ canceled: false, filePaths: [file] });
    }, gbkFile);
    await page.locator('[data-testid="import-file-pick"]').click();
  } else {
    await page.locator('[data-testid="import-file"]').setInputFiles(gbkFile);
  }
  await page.locator('[data-testid="import-preview"]').waitFor();
  await page.locator('[data-testid="import-preview"]', { hasText: '工单编号' }).waitFor();
  assert.match(await page.locator('.table-options').innerText(), /GBK/);
  await screenshot('import-file.png');
  await page.locator('[data-testid="import-next"]').click();

  // Step 2: the suggested columns; Boston's times are Boston's; save the mapping as a template.
  await page.locator('[data-testid="map-externalNo"]', { hasText: '工单编号' }).waitFor();
  assert.match(await page.locator('[data-testid="map-receivedAt"]').innerText(), /来电时间/);
  assert.match(await page.locator('[data-testid="map-lng"]').innerText(), /经度/);
  await page.locator('[data-testid="import-timezone"]').fill('America/New_York');
  await page.locator('[data-testid="import-template-name"]').fill('波士顿抽样');
  await page.locator('[data-testid="import-template-save"]').click();
  await page.getByText('已识别模板「波士顿抽样」').first().waitFor();
  assert.match(await page.locator('[data-testid="import-warned-rows"]').innerText(), /导入并标记[\s\S]*暂不导入/);
  await screenshot('import-mapping.png');

  // Step 3: the report. Boston is not in 东城区: every point is reported outside the grids, none dropped.
  await page.locator('[data-testid="import-validate"]').click();
  await page.locator('[data-testid="import-report"][data-total="243"]').waitFor({ timeout: 60_000 });
  const reasons = await page.locator('[data-testid="import-reasons"]').innerText();
  assert.match(reasons, /坐标不在任何网格内/);
  // Which key recognises the rows next time, and how many cases will have no place at all.
  assert.match(await page.locator('[data-testid="import-identity"]').innerText(), /按工单编号识别（工单编号）/);
  assert.match(await page.locator('[data-testid="import-placeless"]').innerText(), /将无位置 \d+ 件/);
  await page.locator('[data-testid="import-commit"]:not([disabled])').waitFor();
  await screenshot('import-report.png');
  if (!electron) {
    // The report's identity line and placeless count at the smaller laptop size too.
    const size = page.viewportSize();
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot('import-report-1366.png');
    if (size) await page.setViewportSize(size);
  }
  await page.locator('[data-testid="import-commit"]').click();
  await page.locator('[data-testid="import-result"][data-inserted="243"]').waitFor({ timeout: 60_000 });
  await screenshot('import-done.png');
  const batches = await invoke('import:batches', {});
  assert.equal(batches[0].rowsInserted, 243);

  // The district's own cases, exported to .xlsx by the app and imported back: they land in grids.
  const streets = (await invoke('regions:tree', {})).filter((n) => n.level === 'street');
  const exported = await invoke('export:cases', { filter: { regionId: streets[0].id }, format: 'xlsx' });
  assert.ok(exported.rows > 100 && exported.masked);
  const xlsx = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gd-e2e-')), '东城案件导出.xlsx');
  fs.writeFileSync(xlsx, Buffer.from(exported.dataBase64, 'base64'));
  await page.getByRole('button', { name: '再导入一个文件' }).click();
  // The same kind of file again: the saved template is recognised from its headers.
  await page.locator('[data-testid="import-file"]').setInputFiles(gbkFile);
  await page.locator('[data-testid="import-template-recognised"]', { hasText: '波士顿抽样' }).waitFor();
  await page.locator('[data-testid="import-file"]').setInputFiles(xlsx);
  await page.locator('[data-testid="import-preview"]', { hasText: '案件编号' }).waitFor();
  await page.locator('[data-testid="import-next"]').click();
  await page.locator('[data-testid="map-grid"]', { hasText: '所属网格' }).waitFor();
  await page.locator('[data-testid="import-validate"]').click();
  await page.locator(`[data-testid="import-report"][data-total="${exported.rows}"]`).waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="import-commit"]:not([disabled])').click();
  await page.locator(`[data-testid="import-result"][data-inserted="${exported.rows}"]`).waitFor({ timeout: 60_000 });
  const points = await invoke('cases:points', { filter: { source: ['import'] } });
  const located = (await invoke('cases:list', { filter: { source: ['import'], regionId: streets[0].id }, offset: 0, limit: 1 })).total;
  log(`${exported.rows} exported cases re-imported; ${located} of them in ${streets[0].name}; ${points.count} imported points`);
  assert.equal(located, exported.rows, 'every re-imported case is back in its street');
  await screenshot('import-batches.png');

  // On the map: the imported cases are drawn there.
  await page.locator('[data-testid="import-to-map"]').click();
  await page.locator('[data-testid="map"]').waitFor();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total')) > 0, null, { timeout: 60_000 });
  await page.waitForTimeout(1500);
  await screenshot('import-on-map.png');
}
