// Issue 13: an imported case showed "暂无处置记录". Its timeline now opens with the import: 导入, the
// file, the importing account, at the batch's time (read from the batch, nothing stored).
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const gbkFile = path.resolve(here, '..', 'fixtures', 'import', 'boston-gbk.csv');

/** @param {{ page: import('playwright-core').Page, electron?: import('playwright-core').ElectronApplication, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, electron, screenshot, invoke, log }) {
  const status = await invoke('auth:status', {}).catch(() => null);
  if (!status?.session) {
    await invoke('auth:signIn', { username: 'admin', password: 'griddesk2026' });
    await page.reload();
  }
  await page.locator('[data-testid="nav-import"]').click();
  await page.locator('[data-testid="import-view"]').waitFor();
  if (electron) {
    await electron.evaluate(({ dialog }, file) => {
      dialog.showOpenDialog = async () => ({ canceled: false, filePaths: [file] });
    }, gbkFile);
    await page.locator('[data-testid="import-file-pick"]').click();
  } else {
    await page.locator('[data-testid="import-file"]').setInputFiles(gbkFile);
  }
  await page.locator('[data-testid="import-preview"]', { hasText: '工单编号' }).waitFor();
  await page.locator('[data-testid="import-next"]').click();
  await page.locator('[data-testid="map-externalNo"]', { hasText: '工单编号' }).waitFor();
  await page.locator('[data-testid="import-timezone"]').fill('America/New_York');
  await page.locator('[data-testid="import-validate"]').click();
  await page.locator('[data-testid="import-report"][data-total="243"]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="import-commit"]:not([disabled])').click();
  await page.locator('[data-testid="import-result"][data-inserted="243"]').waitFor({ timeout: 60_000 });

  const imported = (await invoke('cases:list', { filter: { text: '101001242404' }, offset: 0, limit: 1 })).rows[0];
  assert.ok(imported, 'the imported case is listed');
  assert.match(imported.caseNo, /^GD\d{4}-\d{6}$/, 'numbered in the one scheme (docs/case-numbers.md)');

  await page.locator('[data-testid="nav-main"]').click();
  await page.locator('input[data-testid="filter-text"], [data-testid="filter-text"] input').first().fill(imported.caseNo);
  await page.locator('[data-testid="case-table"] [data-testid="case-row"]', { hasText: imported.caseNo }).click();
  const drawer = page.locator('[data-testid="case-detail"]');
  await drawer.locator('[data-testid="detail-case-no"]', { hasText: imported.caseNo }).waitFor();
  const first = drawer.locator('[data-testid="timeline-item"]').first();
  await first.waitFor();
  const text = await first.innerText();
  log(`first timeline entry of ${imported.caseNo}: ${text.replace(/\s+/g, ' ')}`);
  assert.match(text, /导入/);
  assert.match(text, /导入自 boston-gbk\.csv/);
  assert.doesNotMatch(await drawer.innerText(), /暂无处置记录/);
  await screenshot('import-timeline.png');
  if (!electron) {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 1366, height: 768 });
    await first.scrollIntoViewIfNeeded();
    await screenshot('import-timeline-1366.png');
    if (size) await page.setViewportSize(size);
  }
}
