// The case list scrolls virtually over the whole filtered result: only the rows in view are in the
// DOM, rows far down come from the same list API (offset/limit) as they scroll in, a new sort starts
// from the top, ticks survive scrolling, and the keyboard reaches the last row.
import assert from 'node:assert/strict';

const ROW = 20_000;

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  const info = await invoke('workspace:info', {});
  const table = page.locator('[data-testid="case-table"]');
  const rows = table.locator('[data-testid="case-row"]');
  await rows.first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total')) === n,
    info.counts.cases,
    { timeout: 30_000 },
  );
  assert.ok(info.counts.cases > ROW, `the demo has more than ${ROW} cases`);
  const domRows = () => table.locator('[role="row"][data-index]').count();
  assert.ok((await domRows()) < 60, `only the rows in view are in the DOM (saw ${await domRows()})`);
  assert.equal(await table.getAttribute('aria-rowcount'), String(info.counts.cases + 1), 'the grid announces every row');

  // Far down: row 20,000 (index 19,999) is the list API's row at that offset.
  const rowHeight = await rows.first().evaluate((el) => el.getBoundingClientRect().height);
  await table.evaluate((el, top) => (el.scrollTop = top), (ROW - 1) * rowHeight);
  const far = table.locator(`[data-testid="case-row"][data-index="${ROW - 1}"]`);
  await far.waitFor({ timeout: 30_000 });
  const expected = (await invoke('cases:list', { filter: {}, offset: ROW - 1, limit: 1 })).rows[0];
  assert.equal((await far.locator('.case-no').innerText()).trim(), expected.caseNo, 'row 20,000 is the 20,000th case');
  assert.equal(await far.getAttribute('aria-rowindex'), String(ROW + 1));
  assert.match(await far.locator('[role="gridcell"]').first().innerText(), /20,000/);
  assert.ok((await domRows()) < 60, 'still only the rows in view');
  // For the record (no timing assert): a block far down costs more than the first (SQL OFFSET walks the skipped rows).
  for (const offset of [0, ROW - 1, info.counts.cases - 100]) {
    const started = Date.now();
    await invoke('cases:list', { filter: {}, offset, limit: 100 });
    log(`block at offset ${offset}: ${Date.now() - started} ms`);
  }
  await page.waitForTimeout(300);
  await screenshot('case-list-row-20000.png');
  log(`row ${ROW}: ${expected.caseNo}, ${await domRows()} rows in the DOM`);

  // Ticks survive scrolling away and back; click opens the case.
  await far.locator('.el-checkbox').click();
  const next = table.locator(`[data-testid="case-row"][data-index="${ROW}"]`);
  await next.locator('.el-checkbox').click();
  await page.locator('.case-selected', { hasText: '已选 2 件' }).waitFor();
  await page.waitForTimeout(300);
  await screenshot('case-list-ticked.png');
  await table.evaluate((el) => (el.scrollTop = 0));
  await table.locator('[data-testid="case-row"][data-index="0"]').waitFor();
  await table.evaluate((el, top) => (el.scrollTop = top), (ROW - 1) * rowHeight);
  await far.waitFor();
  assert.equal(await far.getAttribute('aria-selected'), 'true', 'the tick is still there');
  await far.locator('[role="gridcell"]').nth(4).click();
  const drawer = page.locator('[data-testid="case-detail"]');
  await page.waitForFunction(
    (no) => document.querySelector('[data-testid="detail-case-no"]')?.textContent?.trim() === no,
    expected.caseNo,
  );
  assert.match(await far.getAttribute('class'), /is-open/, 'the open case is marked in the list');
  await drawer.locator('.el-drawer__close-btn').click();
  await drawer.locator('.el-drawer').waitFor({ state: 'hidden' });

  // Sorting by deadline starts a new list from the top (and drops the ticks of the old one).
  await page.locator('[data-testid="sort-due"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-table"]')?.scrollTop === 0);
  const byDue = (await invoke('cases:list', { filter: {}, offset: 0, limit: 1, sort: 'due' })).rows[0];
  await table.locator('[data-testid="case-row"][data-index="0"] .case-no', { hasText: byDue.caseNo }).waitFor();
  assert.equal(await page.locator('.case-selected').count(), 0, 'a new sort clears the ticks');
  assert.equal(await page.locator('[role="columnheader"][aria-sort="ascending"]').count(), 1);

  // Keyboard: End reaches the last case, Enter opens it.
  await table.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  const last = (await invoke('cases:list', { filter: {}, offset: info.counts.cases - 1, limit: 1, sort: 'due' })).rows[0];
  const lastRow = table.locator(`[data-testid="case-row"][data-index="${info.counts.cases - 1}"]`);
  await lastRow.waitFor({ timeout: 30_000 });
  assert.equal((await lastRow.locator('.case-no').innerText()).trim(), last.caseNo);
  assert.equal(await table.getAttribute('aria-activedescendant'), `case-row-${info.counts.cases - 1}`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (no) => document.querySelector('[data-testid="detail-case-no"]')?.textContent?.trim() === no,
    last.caseNo,
  );
  await page.waitForTimeout(500);
  await screenshot('case-list-last-row.png');
  await drawer.locator('.el-drawer__close-btn').click();
  await drawer.locator('.el-drawer').waitFor({ state: 'hidden' });

  // Batch dispatch from ticks: the registered cases leave the 立案 filter, and the list reloads in place.
  const registered = await invoke('cases:list', { filter: { status: ['registered'] }, offset: 0, limit: 500 });
  assert.ok(registered.total > 0 && registered.total <= 20, 'the demo has a few registered cases');
  await page.locator('[data-testid="map-legend"] button', { hasText: '立案' }).click();
  await page.waitForFunction((n) => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') === String(n), registered.total);
  await rows.first().waitFor();
  await table.locator('[role="columnheader"] .el-checkbox').click();
  await page.locator('.case-selected', { hasText: `已选 ${registered.total} 件` }).waitFor();
  await page.locator('[data-testid="batch-department"]').click();
  await page.locator('.el-select-dropdown__item:visible').first().click();
  await page.locator('[data-testid="batch-dispatch"]').click();
  await page.locator('.el-message', { hasText: `已派遣 ${registered.total} 件，失败 0 件` }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') === '0');
  assert.equal(await rows.count(), 0, 'the dispatched cases are gone from the 立案 list');
  const dispatched = await invoke('cases:get', { id: registered.rows[0].id });
  assert.equal(dispatched.status, 'dispatched');
}
