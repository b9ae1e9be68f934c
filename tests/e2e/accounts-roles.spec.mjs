// Issue 12 in the browser: the sign-in screen explains the demo accounts; a street operator, a
// leader and a department user each see only their scope (list total and map points); the leader
// writes nothing; a forbidden action says who may; the idle lock keeps the open case; 交接班 and an
// unmasking are in the administrator's access log. Screenshots at 1600x1000 and 1366x768.
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, signIn } from './support/launch-app.mjs';

const SIZES = [{ width: 1600, height: 1000 }, { width: 1366, height: 768 }];
const STREET = '东华门街道';
const DEPARTMENT = '区城管执法局';
const HANDOVER_NOTE = '交接：东华门街道两件待回访，注意井盖案件';
const UNMASK_REASON = '回访需要联系诉求人';

/** Nobody signed in: the spec starts at the sign-in screen. */
export const launch = { user: null };

async function shoot(page, screenshot, name) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await screenshot(`accounts-${name}-${size.width}x${size.height}`);
  }
  await page.setViewportSize(SIZES[0]);
}

/** @param {{ page: import('playwright-core').Page, invoke: Function, screenshot: Function, log: Function }} ctx */
export async function run({ page, invoke, screenshot, log }) {
  const input = (testId) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input, textarea[data-testid="${testId}"]`).first();
  const drawer = page.locator('[data-testid="case-detail"]');
  const total = async () => Number(await page.locator('[data-testid="case-total"]').getAttribute('data-total'));
  const waitTotal = (n) => page.waitForFunction((want) => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') === String(want), n, { timeout: 60_000 });
  const waitPoints = (n) =>
    page.waitForFunction((want) => Number(document.querySelector('canvas.gd-case-points')?.dataset.pointCount) === want, n, { timeout: 60_000 });
  const switchTo = async (username, note = '') => {
    await invoke('auth:switchOperator', { username, password: DEMO_PASSWORD, note });
    await page.reload();
    await page.locator('[data-testid="user-name"]').waitFor({ timeout: 60_000 });
  };
  const openCase = async (caseNo) => {
    await input('filter-text').fill(caseNo);
    await page.locator('[data-testid="case-table"] [data-testid="case-row"]', { hasText: caseNo }).click();
    await drawer.locator('[data-testid="detail-case-no"]', { hasText: caseNo }).waitFor();
    await drawer.locator('[data-testid="case-actions"] .el-button').first().waitFor();
  };

  // The sign-in screen, before any data: the demo accounts and their shared password explained.
  await page.locator('[data-testid="demo-accounts"]').waitFor({ timeout: 120_000 });
  const hint = await page.locator('[data-testid="demo-accounts"]').innerText();
  for (const word of ['演示账号', DEMO_PASSWORD, 'operator1', 'dept1', 'leader1', '值班员', '领导']) assert.ok(hint.includes(word), `demo hint names ${word}`);
  assert.equal(await page.locator('[data-testid="case-list"]').count(), 0, 'no case data before sign-in');
  await input('sign-in-username').fill('operator1');
  await input('sign-in-password').fill('wrong-password');
  await page.locator('[data-testid="sign-in-submit"]').click();
  await page.locator('[data-testid="sign-in-error"]').waitFor();
  assert.match(await page.locator('[data-testid="sign-in-error"]').innerText(), /[\u4e00-\u9fff]/, 'a Chinese message for bad credentials');
  await shoot(page, screenshot, 'sign-in');

  // What each scope should hold, as the administrator counts it (through the API, before the UI signs in).
  await invoke('auth:signIn', { username: 'admin', password: DEMO_PASSWORD });
  const street = (await invoke('regions:tree', {})).find((r) => r.level === 'street' && r.name === STREET);
  const streetTotal = (await invoke('cases:list', { filter: { regionId: street.id }, limit: 1 })).total;
  const streetPoints = (await invoke('cases:points', { filter: { regionId: street.id } })).count;
  const allTotal = (await invoke('cases:list', { filter: {}, limit: 1 })).total;
  await invoke('auth:signOut', {});
  log(`${STREET}: ${streetTotal} cases, ${streetPoints} points; district: ${allTotal}`);
  assert.ok(streetTotal > 0 && streetTotal < allTotal);

  // A street operator: the header names them; list and map hold exactly their street.
  await page.reload();
  await signIn(page, 'operator1');
  assert.equal((await page.locator('[data-testid="user-role"]').innerText()).trim(), '值班员');
  assert.match(await page.locator('[data-testid="user-scope"]').innerText(), new RegExp(STREET));
  await waitTotal(streetTotal);
  await waitPoints(streetPoints);
  log(`operator1 sees ${await total()} cases and ${streetPoints} points`);
  await shoot(page, screenshot, 'operator-header');

  // A case with the caller's data that waits on the department: masked, 查看 with a reason, and
  // 'respond' disabled for the operator, saying who may.
  const pending = (await invoke('cases:list', { filter: { status: ['dispatched', 'in_progress'], source: ['hotline'] }, limit: 50 })).rows;
  const detailed = [];
  for (const row of pending.slice(0, 20)) detailed.push(await invoke('cases:get', { id: row.id }));
  const target = detailed.find((d) => d.reporterPhone);
  assert.ok(target, 'a hotline case waiting on a department, with a phone');
  assert.match(target.reporterPhone, /\*/, 'the phone comes masked');
  await openCase(target.caseNo);
  assert.match(await drawer.locator('[data-testid="detail-reporterPhone"]').innerText(), /\*/);
  const custody = await drawer.locator('[data-testid="case-custody"]').innerText();
  assert.match(custody, /现在在谁手上/);
  assert.match(custody, /经手人/);
  const forbidden = drawer.locator('[data-testid^="action-forbidden-"]').first();
  await forbidden.waitFor();
  assert.ok(await forbidden.locator('button').isDisabled(), 'a forbidden action is disabled');
  await forbidden.hover();
  const tooltip = page.locator('.el-popper:visible', { hasText: /^仅/ });
  await tooltip.waitFor();
  assert.match(await tooltip.innerText(), /仅.*(部门人员|网格员|派遣员|领导).*可办理/);
  await shoot(page, screenshot, 'forbidden-tooltip');
  await page.mouse.move(5, 500);
  await shoot(page, screenshot, 'case-masked');

  await drawer.locator('[data-testid="unmask-reporterPhone"]').click();
  const unmask = page.locator('.el-dialog:visible', { has: page.locator('[data-testid="unmask-submit"]') });
  await unmask.waitFor();
  await input('unmask-reason').fill(UNMASK_REASON);
  await shoot(page, screenshot, 'unmask-dialog');
  await page.locator('[data-testid="unmask-submit"]').click();
  await unmask.waitFor({ state: 'hidden' });
  const phone = await drawer.locator('[data-testid="detail-reporterPhone"]').innerText();
  assert.doesNotMatch(phone, /\*/, 'the value shows after the reason');
  assert.match(phone, /\d{7,}/);

  // Idle lock, shortened for the test: the overlay covers the open case; the password unlocks it as it was.
  await page.evaluate(() => {
    window.__griddeskIdleSeconds = 2;
  });
  await page.locator('[data-testid="lock-overlay"]').waitFor({ timeout: 20_000 });
  await page.evaluate(() => {
    window.__griddeskIdleSeconds = undefined;
  });
  await shoot(page, screenshot, 'lock-overlay');
  await assert.rejects(invoke('cases:list', { filter: {}, limit: 1 }), /session_locked/, 'a locked session answers nothing');
  await input('unlock-password').fill(DEMO_PASSWORD);
  await page.locator('[data-testid="unlock-submit"]').click();
  await page.locator('[data-testid="lock-overlay"]').waitFor({ state: 'hidden' });
  assert.equal((await drawer.locator('[data-testid="detail-case-no"]').innerText()).trim(), target.caseNo, 'the open case stays');
  assert.equal(await drawer.locator('[data-testid="detail-reporterPhone"]').innerText(), phone, 'and the value shown for this view');

  // 交接班 through the header's menu (the drawer lies over the header's right end: closed first): the
  // leader takes over the desk; the page reloads into their scope.
  await drawer.locator('.el-drawer__close-btn').click();
  await drawer.locator('[data-testid="detail-case-no"]').waitFor({ state: 'hidden' });
  await page.locator('[data-testid="user-button"]').click();
  await page.locator('[data-testid="menu-switch"]').click();
  await input('switch-username').fill('leader1');
  await input('switch-password').fill(DEMO_PASSWORD);
  await input('switch-note').fill(HANDOVER_NOTE);
  await page.locator('[data-testid="switch-submit"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="user-role"]')?.textContent?.trim() === '领导', null, { timeout: 60_000 });
  await waitTotal(streetTotal);
  await waitPoints(streetPoints);
  // The leader reads everything of the street and writes nothing but approvals.
  assert.equal(await page.locator('[data-testid="intake-open"]').count(), 0, 'no intake for the leader');
  assert.equal(await page.locator('[data-testid="nav-import"]').count(), 0, 'no import for the leader');
  await openCase(target.caseNo);
  assert.equal(await drawer.locator('[data-testid^="unmask-"]').count(), 0, 'the leader cannot unmask');
  assert.match(await drawer.locator('[data-testid="detail-reporterPhone"]').innerText(), /\*/, 'masked again for the next person');
  const enabled = await drawer.locator('[data-testid="case-actions"] button[data-testid^="action-"]:not([disabled])').evaluateAll((buttons) => buttons.map((b) => b.dataset.testid));
  for (const id of enabled) assert.ok(['action-whistle', 'action-extend', 'action-suspend', 'action-resume'].includes(id), `leader may only approve, not ${id}`);
  log(`leader1: ${streetTotal} cases; enabled actions: ${enabled.join(', ') || 'none'}`);

  // A department user: only cases dispatched or whistled to the department.
  await switchTo('dept1');
  assert.match(await page.locator('[data-testid="user-scope"]').innerText(), new RegExp(DEPARTMENT));
  const deptPage = await invoke('cases:list', { filter: {}, limit: 20 });
  assert.ok(deptPage.total > 0 && deptPage.total < allTotal, `dept1 sees ${deptPage.total} of ${allTotal}`);
  await waitTotal(deptPage.total);
  await waitPoints((await invoke('cases:points', { filter: {} })).count);
  for (const row of deptPage.rows) {
    const d = await invoke('cases:get', { id: row.id });
    const whistled = (await invoke('workflow:whistles', { openOnly: false, caseId: row.id })).some((w) => w.reports.some((r) => r.departmentName === DEPARTMENT));
    assert.ok(d.departmentName === DEPARTMENT || d.leadDepartmentName === DEPARTMENT || whistled, `${d.caseNo} is the department's`);
  }
  log(`dept1 sees ${deptPage.total} cases`);

  // The administrator: accounts, and the access log holding the handover and the unmasking.
  await switchTo('admin');
  const handovers = await invoke('accessLog:list', { filter: { kind: 'shift_handover' } });
  assert.ok(handovers.rows.some((r) => [r.reason, r.detail].join(' ').includes(HANDOVER_NOTE)), 'the handover and its note are logged');
  const unmasks = await invoke('accessLog:list', { filter: { kind: 'unmask', caseId: target.id } });
  assert.equal(unmasks.total, 1);
  assert.equal(unmasks.rows[0].field, 'reporterPhone');
  assert.equal(unmasks.rows[0].reason, UNMASK_REASON);
  assert.equal(unmasks.rows[0].actorName, (await invoke('accounts:list', {})).find((a) => a.username === 'operator1').name);

  await page.locator('[data-testid="user-button"]').click();
  await page.locator('[data-testid="menu-accounts"]').click();
  await page.locator('[data-testid="accounts-table"] .el-table__row').first().waitFor();
  assert.match(await page.locator('[data-testid="accounts-table"]').innerText(), /operator1[\s\S]*值班员/);
  await shoot(page, screenshot, 'admin-accounts');
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="accounts-table"]').waitFor({ state: 'hidden' });

  await page.locator('[data-testid="user-button"]').click();
  await page.locator('[data-testid="menu-access-log"]').click();
  const logTable = page.locator('[data-testid="access-log-table"]');
  await logTable.locator('.el-table__row').first().waitFor();
  const logText = await logTable.innerText();
  assert.match(logText, /交接班/);
  assert.match(logText, /查看个人信息/);
  assert.ok(logText.includes(UNMASK_REASON));
  await shoot(page, screenshot, 'admin-access-log');
}
