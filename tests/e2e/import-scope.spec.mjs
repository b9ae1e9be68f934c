// A street's operator imports a ledger (issue 12): only case lists are offered (staff lists set
// roles: the administrator's), a row in another street is refused with its row, column and the
// operator's own street named, and a row with no place is registered in the operator's street.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const launch = { user: 'operator1' };

/** @param {{ page: import('playwright-core').Page, electron?: unknown, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, electron, screenshot, invoke, log }) {
  const other = (await invoke('regions:tree', {})).find((n) => n.level === 'street' && n.name !== '东华门街道');
  assert.ok(other, 'the demo has another street');
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gd-e2e-')), '东华门台账.csv');
  fs.writeFileSync(csv, [
    '工单编号,受理时间,标题,所属街道',
    'DHM-E1,2026-11-02 09:00,占道经营,东华门街道',
    `DHM-E2,2026-11-02 10:00,私搭乱建,${other.name}`,
    'DHM-E3,2026-11-02 11:00,垃圾满溢,',
  ].join('\n'));

  await page.locator('[data-testid="nav-import"]').click();
  await page.locator('[data-testid="import-view"]').waitFor();
  assert.equal(await page.locator('[data-testid="import-target-staff"]').count(), 0, 'an operator is not offered staff lists');
  if (electron) return; // the browser's file input below; Electron's chooser is import-wizard's
  await page.locator('[data-testid="import-file"]').setInputFiles(csv);
  await page.locator('[data-testid="import-preview"]', { hasText: 'DHM-E2' }).waitFor();
  await page.locator('[data-testid="import-next"]').click();
  await page.locator('[data-testid="map-street"]', { hasText: '所属街道' }).waitFor();
  await page.locator('[data-testid="import-validate"]').click();
  await page.locator('[data-testid="import-report"][data-total="3"]').waitFor({ timeout: 60_000 });
  const reasons = await page.locator('[data-testid="import-reasons"]').innerText();
  assert.match(reasons, /不在您的管辖范围内/);
  assert.match(reasons, /按您的管辖范围登记/);
  assert.match(await page.locator('[data-testid="import-by-scope"]').innerText(), /按您的管辖范围登记 1 件/);
  assert.match(await page.locator('[data-testid="import-commit"]').innerText(), /导入 2 行/);
  await page.getByText(`案件位于“${other.name}”，不在您的管辖范围（东华门街道）内，不能导入`).first().waitFor();
  await screenshot('import-scope-report.png');
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot('import-scope-report-1366.png');
  if (size) await page.setViewportSize(size);

  await page.locator('[data-testid="import-commit"]:not([disabled])').click();
  await page.locator('[data-testid="import-result"][data-inserted="2"]').waitFor({ timeout: 60_000 });
  const mine = await invoke('cases:list', { filter: { text: 'DHM-E' }, offset: 0, limit: 10 });
  log(`operator1 sees ${mine.total} of the ledger's cases`);
  assert.equal(mine.total, 2);
}
