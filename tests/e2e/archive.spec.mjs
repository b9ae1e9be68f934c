// The working set (issue 14): the administrator archives the demo's older closed cases from the
// person menu, and an archived case still opens whole in the drawer, marked 来自归档.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, workspace: string }} ctx */
export async function run({ page, screenshot, invoke, workspace }) {
  await page.waitForSelector('[data-testid="app-name"]');
  const planned = await invoke('archive:plan', { keepMonths: 6 });
  assert.ok(planned.eligibleCases > 10_000, `the demo has old closed cases (${planned.eligibleCases})`);

  await page.locator('[data-testid="user-button"]').click();
  await page.locator('[data-testid="menu-archive"]').click();
  const dialog = page.locator('[data-testid="archive-dialog"]');
  await dialog.waitFor();
  const keep = dialog.locator('[data-testid="archive-keep-months"] input');
  await keep.fill('6');
  await keep.press('Enter');
  const run = dialog.locator('[data-testid="archive-run"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="archive-run"]')?.textContent?.includes(n), planned.eligibleCases.toLocaleString('zh-CN'));
  assert.match(await dialog.locator('[data-testid="archive-cutoff"]').innerText(), /之前办结的案件可以归档/);
  await screenshot('archive-dialog-1600.png');
  await run.click();
  await page.locator('.el-message-box .el-button--primary').click();
  await page.waitForFunction(() => /已归档 [\d,]+ 件/.test(document.querySelector('[data-testid="archive-held"]')?.textContent ?? '') && !document.querySelector('[data-testid="archive-held"]')?.textContent?.includes('已归档 0 件'), null, { timeout: 120_000 });
  assert.ok(fs.readdirSync(path.join(workspace, 'archives')).length > 0, 'archive files in the workspace folder');
  await page.waitForFunction(() => !document.querySelector('[data-testid="archive-run"]')?.classList.contains('is-loading'));
  await screenshot('archive-dialog-done-1600.png');
  await dialog.locator('.el-dialog__headerbtn').click();

  // An archived case: received two months before the cutoff and closed long since.
  const { rows } = await invoke('cases:list', { filter: { status: ['closed'], receivedTo: planned.cutoff - 60 * 86_400_000 }, offset: 0, limit: 20, sort: 'received' });
  const old = rows[0];
  const detail = await invoke('cases:get', { id: old.id });
  assert.ok(detail.archive, 'the case is archived');
  assert.ok(detail.events.length >= 5, 'its whole timeline is read from the file');
  await page.locator('input[data-testid="filter-text"], [data-testid="filter-text"] input').first().fill(old.caseNo);
  await page.waitForFunction(() => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') === '1');
  await page.locator('[data-testid="case-table"] [data-testid="case-row"]').first().click();
  const badge = page.locator('[data-testid="case-detail"] [data-testid="detail-archived"]');
  await badge.waitFor();
  assert.equal(await badge.innerText(), '来自归档');
  // Past the drawer's slide-in: its right edge at the window's.
  await page.waitForFunction(() => {
    const drawer = document.querySelector('.case-detail-drawer');
    return drawer && Math.abs(drawer.getBoundingClientRect().right - window.innerWidth) < 2;
  });
  await screenshot('archive-drawer-1600.png');
  await page.setViewportSize({ width: 1366, height: 768 });
  await badge.waitFor();
  await screenshot('archive-drawer-1366.png');
}
