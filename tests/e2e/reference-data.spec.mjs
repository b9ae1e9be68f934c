// The administrator's reference data (部门、类别时限与工作日历) from the person menu: a department added,
// edited and deactivated, a category's limits and day basis, a calendar day; each checked in what the
// backend stores and uses (a new case's deadlines), then the entry hidden from a dispatcher, whose call is refused.
import assert from 'node:assert/strict';
import { signIn } from './support/launch-app.mjs';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The Beijing calendar date of a moment. */
const beijingDay = (t) => new Date(t + 8 * HOUR).toISOString().slice(0, 10);

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  await page.waitForSelector('[data-testid="app-name"]');
  const dialog = page.locator('[data-testid="reference-dialog"]');
  const openDialog = async () => {
    await page.locator('[data-testid="user-button"]').click();
    await page.locator('[data-testid="menu-reference"]').click();
    await dialog.waitFor();
    await dialog.locator('[data-testid="department-table"] .el-table__row').first().waitFor();
  };
  const tab = (name) => dialog.locator('.el-tabs__item', { hasText: name }).click();
  /** Before a screenshot: the lists loaded and the tab's and messages' transitions over. */
  const settle = async () => {
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="reference-dialog"] .el-loading-mask')].some((m) => m.offsetParent !== null));
    await page.waitForTimeout(400);
  };
  const confirmBox = () => page.locator('.el-message-box .el-button--primary').click();
  await openDialog();
  assert.match(await dialog.locator('[data-testid="reference-sync-note"]').innerText(), /下次数据交换或与中心库同步时送达区内其他工作站/);
  await settle();
  await screenshot('reference-departments-1600.png');

  // ── A department: a bad phone is refused in Chinese, then added, edited, deactivated.
  const deptForm = page.locator('[data-testid="department-form"]');
  await dialog.locator('[data-testid="department-new"]').click();
  await deptForm.locator('input[data-testid="department-code"]').fill('E2E-SW');
  await deptForm.locator('input[data-testid="department-name"]').fill('测试水务所');
  await deptForm.locator('input[data-testid="department-phone"]').fill('call me');
  await deptForm.locator('[data-testid="department-save"]').click();
  assert.match(await deptForm.locator('[data-testid="department-error"]').innerText(), /^电话只能包含数字/);
  await deptForm.locator('input[data-testid="department-phone"]').fill('010-6400 1234');
  await settle();
  await screenshot('reference-department-form-1600.png');
  await deptForm.locator('[data-testid="department-save"]').click();
  await deptForm.waitFor({ state: 'hidden' });
  await dialog.locator('[data-testid="department-edit-E2E-SW"]').waitFor();

  await dialog.locator('[data-testid="department-edit-E2E-SW"]').click();
  assert.equal(await deptForm.locator('input[data-testid="department-code"]').isDisabled(), true, 'a saved code cannot change');
  await deptForm.locator('input[data-testid="department-name"]').fill('测试水务管理所');
  await deptForm.locator('[data-testid="department-kind"]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '公共服务企业' }).click();
  await deptForm.locator('[data-testid="department-save"]').click();
  await deptForm.waitFor({ state: 'hidden' });
  const record = (await invoke('directory:departmentRecords', {})).find((d) => d.code === 'E2E-SW');
  assert.deepEqual({ ...record, id: 0 }, { id: 0, code: 'E2E-SW', name: '测试水务管理所', kind: 'public_service', phone: '010-6400 1234', active: true });
  assert.ok((await invoke('directory:departments', {})).some((d) => d.code === 'E2E-SW'), 'dispatch offers the new department');

  // ── A category's limits: natural days, 3 hours to respond, 2 days to handle, the new department.
  const categories = await invoke('directory:categories', {});
  const [natural, working] = categories.filter((c) => c.level === 2 && c.timeBasis === 'working' && c.handlingLimitDays !== null);
  await tab('类别时限');
  const catForm = page.locator('[data-testid="category-form"]');
  await dialog.locator(`[data-testid="category-edit-${natural.code}"]`).click();
  await catForm.locator('[data-testid="category-days"] input').fill('0');
  await catForm.locator('[data-testid="category-save"]').click();
  assert.match(await catForm.locator('[data-testid="category-error"]').innerText(), /^处置时限须为大于 0/);
  await catForm.locator('[data-testid="category-hours"] input').fill('3');
  await catForm.locator('[data-testid="category-days"] input').fill('2');
  await catForm.locator('[data-testid="category-basis-natural"]').click();
  await catForm.locator('[data-testid="category-department"]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '测试水务管理所' }).click();
  await settle();
  await screenshot('reference-category-form-1600.png');
  await catForm.locator('[data-testid="category-save"]').click();
  await catForm.waitFor({ state: 'hidden' });
  assert.equal(await dialog.locator(`[data-testid="category-basis-${natural.code}"]`).innerText(), '自然日');
  assert.equal(await dialog.locator(`[data-testid="category-department-${natural.code}"]`).innerText(), '测试水务管理所');
  await settle();
  await screenshot('reference-categories-1600.png');
  // A case received now takes them: due exactly 3 hours and 2 natural days after it was received.
  const created = await invoke('cases:create', { source: 'self', categoryId: natural.id, title: '参考数据验收：自然日时限' });
  const fresh = await invoke('cases:get', { id: created.id });
  assert.equal(fresh.responseDueAt - fresh.receivedAt, 3 * HOUR);
  assert.equal(fresh.handlingDueAt - fresh.receivedAt, 2 * DAY);
  log(`${natural.code} ${natural.name}: natural days, due ${new Date(fresh.handlingDueAt).toISOString()}`);

  // ── A calendar day: the last working day a working-day case's limit uses becomes a holiday; a case after it is due later.
  const before = await invoke('cases:get', { id: (await invoke('cases:create', { source: 'self', categoryId: working.id, title: '参考数据验收：工作日时限' })).id });
  const day = beijingDay(before.handlingDueAt - 1);
  await tab('工作日历');
  const calForm = page.locator('[data-testid="calendar-form"]');
  await dialog.locator('[data-testid="calendar-new"]').click();
  await calForm.locator('[data-testid="calendar-save"]').click();
  assert.equal(await calForm.locator('[data-testid="calendar-error"]').innerText(), '请选择日期');
  const dayInput = calForm.locator('.el-date-editor input');
  await dayInput.fill(day);
  await dayInput.press('Enter');
  await calForm.locator('input[data-testid="calendar-name"]').fill('验收临时假日');
  await settle();
  await screenshot('reference-calendar-form-1600.png');
  await calForm.locator('[data-testid="calendar-save"]').click();
  await calForm.waitFor({ state: 'hidden' });
  assert.equal(await dialog.locator(`[data-testid="calendar-kind-${day}"]`).innerText(), '法定节假日');
  assert.deepEqual((await invoke('directory:calendarDays', {})).find((d) => d.day === day), { day, kind: 'holiday', name: '验收临时假日' });
  const after = await invoke('cases:get', { id: (await invoke('cases:create', { source: 'self', categoryId: working.id, title: '参考数据验收：工作日时限' })).id });
  assert.ok(after.handlingDueAt - before.handlingDueAt > 12 * HOUR, `the holiday ${day} moves a working-day deadline (${before.handlingDueAt} → ${after.handlingDueAt})`);
  await settle();
  await screenshot('reference-calendar-1600.png');

  // ── Deactivating (never deleting): gone from dispatch, kept in the list to turn back on.
  await tab('部门');
  await dialog.locator('[data-testid="department-toggle-E2E-SW"]').click();
  await confirmBox();
  await page.waitForFunction(() => document.querySelector('[data-testid="department-toggle-E2E-SW"]')?.textContent?.trim() === '启用');
  assert.equal((await invoke('directory:departmentRecords', {})).find((d) => d.code === 'E2E-SW').active, false);
  assert.ok(!(await invoke('directory:departments', {})).some((d) => d.code === 'E2E-SW'), 'dispatch no longer offers it');

  // Opened again, the dialog reads it all back from the backend.
  await dialog.locator('.el-dialog__headerbtn').first().click();
  await dialog.waitFor({ state: 'hidden' });
  await openDialog();
  assert.match(await dialog.locator('[data-testid="department-table"]').innerText(), /E2E-SW\s+测试水务管理所\s+公共服务企业\s+010-6400 1234\s+已停用/);
  await tab('类别时限');
  assert.equal(await dialog.locator(`[data-testid="category-days-${natural.code}"]`).innerText(), '2');
  assert.equal(await dialog.locator(`[data-testid="category-department-${natural.code}"]`).innerText(), '测试水务管理所（已停用）');
  // Its limits can still be edited while the deactivated department stays its default.
  await dialog.locator(`[data-testid="category-edit-${natural.code}"]`).click();
  await catForm.locator('[data-testid="category-hours"] input').fill('4');
  await catForm.locator('[data-testid="category-save"]').click();
  await catForm.waitFor({ state: 'hidden' });
  assert.equal(await dialog.locator(`[data-testid="category-hours-${natural.code}"]`).innerText(), '4');
  await page.setViewportSize({ width: 1366, height: 768 });
  await settle();
  await screenshot('reference-categories-1366.png');
  await tab('工作日历');
  await dialog.locator(`[data-testid="calendar-kind-${day}"]`).waitFor();
  await settle();
  await screenshot('reference-calendar-1366.png');
  await tab('部门');
  await settle();
  await screenshot('reference-departments-1366.png');
  await dialog.locator(`[data-testid="department-edit-E2E-SW"]`).click();
  await settle();
  await screenshot('reference-department-form-1366.png');
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="department-form"]').waitFor({ state: 'hidden' });

  // The same screen in English, where the labels are longest.
  await dialog.locator('.el-dialog__headerbtn').first().click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('[data-testid="language-switch"] [data-locale="en"]').click();
  await openDialog();
  await tab('Category limits');
  await settle();
  await screenshot('reference-categories-en-1366.png');
  await tab('Work calendar');
  await dialog.locator(`[data-testid="calendar-edit-${day}"]`).click();
  await settle();
  await screenshot('reference-calendar-form-en-1366.png');
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="calendar-form"]').waitFor({ state: 'hidden' });
  await dialog.locator('.el-dialog__headerbtn').first().click();
  await page.locator('[data-testid="language-switch"] [data-locale="zh-CN"]').click();

  // A dispatcher: no entry in the person menu, and the channel refuses the call.
  await invoke('auth:signOut', {});
  await page.reload();
  await signIn(page, 'dispatcher1');
  await page.locator('[data-testid="user-button"]').click();
  await page.locator('[data-testid="menu-sign-out"]').waitFor();
  assert.equal(await page.locator('[data-testid="menu-reference"]').count(), 0);
  await assert.rejects(invoke('directory:saveCalendarDay', { day, kind: null, name: null }), /forbidden/);
  assert.ok((await invoke('directory:calendarDays', {})).some((d) => d.day === day), 'the refused call changed nothing');
}
