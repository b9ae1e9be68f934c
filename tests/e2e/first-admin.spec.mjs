// Issue 12 on a new empty workspace: the first start asks for the administrator; they sign in, import a
// one-person staff list and open an account for it; its owner must choose a new password at the first
// sign-in (same password refused); afterwards the new password works and the initial one does not.
// The administrator then resets the password: the forced change comes back.
// Screenshots of the create-administrator and forced-change screens at 1600x1000 and 1366x768.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SIZES = [{ width: 1600, height: 1000 }, { width: 1366, height: 768 }];
const ADMIN = { name: '赵建国', username: 'zhaojg', password: 'Zhao-2026-admin' };
const OPERATOR = { name: '钱晓梅', username: 'qianxm', initial: 'Chushi-2026', chosen: 'Qian-own-2026', reset: 'Chongzhi-2026', after: 'Qian-again-2026' };

/** A new empty workspace (no demo, no account); nobody signed in. */
export const launch = { empty: true, user: null };

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  const input = (testId) => page.locator(`input[data-testid="${testId}"]`).first();
  const shoot = async (name) => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      await assertFits(page, '.auth-card');
      await screenshot(`first-admin-${name}-${size.width}x${size.height}`);
    }
    await page.setViewportSize(SIZES[0]);
  };
  const signInAs = async (username, password) => {
    await input('sign-in-username').fill(username);
    await input('sign-in-password').fill(password);
    await page.locator('[data-testid="sign-in-submit"]').click();
  };
  const signOut = async () => {
    await page.locator('[data-testid="user-button"]').click();
    await page.locator('[data-testid="menu-sign-out"]').click();
    await page.locator('.el-message-box .el-button--primary').click();
    await page.locator('[data-testid="sign-in"]').waitFor({ timeout: 30_000 });
  };
  const forcedChange = async (old, next) => {
    await input('change-old').fill(old);
    await input('change-new').fill(next);
    await input('change-repeat').fill(next);
    await page.locator('[data-testid="change-submit"]').click();
  };

  // First start: no sign-in form, no demo accounts, but the form for the administrator.
  await page.locator('[data-testid="first-admin"]').waitFor({ timeout: 120_000 });
  assert.equal(await page.locator('[data-testid="sign-in"]').count(), 0, 'no sign-in before an account exists');
  assert.equal(await page.locator('[data-testid="demo-accounts"]').count(), 0, 'no demo accounts on a new workspace');
  assert.match(await page.locator('[data-testid="first-admin"]').innerText(), /创建系统管理员[\s\S]*新工作区/);
  assert.equal((await invoke('auth:status', {})).needsFirstAdmin, true);
  await input('first-admin-name').fill(ADMIN.name);
  await input('first-admin-username').fill(ADMIN.username);
  await input('first-admin-password').fill('short');
  await input('first-admin-repeat').fill('short');
  await page.locator('[data-testid="first-admin-submit"]').click();
  assert.match(await page.locator('[data-testid="first-admin-error"]').innerText(), /8/, 'too short, said in Chinese');
  await input('first-admin-password').fill(ADMIN.password);
  await input('first-admin-repeat').fill(ADMIN.password);
  assert.equal(await page.locator('[data-testid="first-admin-error"]').count(), 0, 'the error of the last attempt goes once the form is edited');
  await shoot('create');
  await page.locator('[data-testid="first-admin-submit"]').click();
  await page.locator('[data-testid="user-name"]', { hasText: ADMIN.name }).waitFor({ timeout: 60_000 });
  assert.equal((await page.locator('[data-testid="user-role"]').innerText()).trim(), '系统管理员');

  // Signed out, the administrator signs in as anyone will from now on.
  await signOut();
  assert.equal(await page.locator('[data-testid="first-admin"]').count(), 0, 'the first-administrator form is gone for good');
  await signInAs(ADMIN.username, ADMIN.password);
  await page.locator('[data-testid="user-name"]', { hasText: ADMIN.name }).waitFor({ timeout: 60_000 });
  log('administrator created and signed in');

  // A one-person staff list (the roster is where accounts come from), imported through the wizard.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-e2e-first-'));
  try {
    const file = path.join(dir, '值班人员名单.csv');
    fs.writeFileSync(file, `姓名,角色,联系电话\r\n${OPERATOR.name},值班员,13911112222\r\n`);
    await page.locator('[data-testid="nav-import"]').click();
    await page.locator('[data-testid="import-target-staff"]').click();
    await page.locator('[data-testid="import-file"]').setInputFiles(file);
    await page.locator('[data-testid="import-preview"]', { hasText: OPERATOR.name }).waitFor();
    await page.locator('[data-testid="import-next"]').click();
    await page.locator('[data-testid="roster-validate"]').click();
    await page.locator('[data-testid="roster-report"][data-total="1"][data-refused="0"]').waitFor();
    await page.locator('[data-testid="roster-commit"]').click();
    await page.locator('[data-testid="roster-result"][data-inserted="1"]').waitFor();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // The administrator opens the account with an initial password.
  await page.locator('[data-testid="user-button"]').click();
  await page.locator('[data-testid="menu-accounts"]').click();
  await page.locator('[data-testid="account-new"]').click();
  await page.locator('[data-testid="account-staff"]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: OPERATOR.name }).click();
  await input('account-username').fill(OPERATOR.username);
  await input('account-password').fill(OPERATOR.initial);
  await page.locator('[data-testid="account-create"]').click();
  const row = page.locator('[data-testid="accounts-table"] .el-table__row', { hasText: OPERATOR.username });
  await row.waitFor();
  assert.match(await row.innerText(), /待改密码/, 'the list says the password must be changed');
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="accounts-dialog"]').waitFor({ state: 'hidden' });
  await signOut();

  // First sign-in of the new account: the forced change, before any data.
  await signInAs(OPERATOR.username, OPERATOR.initial);
  await page.locator('[data-testid="change-password"]').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('[data-testid="user-name"]').count(), 0, 'no header before the new password');
  const intro = await page.locator('[data-testid="auth-screen"]').innerText();
  assert.match(intro, /修改密码/);
  assert.match(intro, /初始密码/, 'a new account is told its password was set by the administrator, not only of resets');
  await forcedChange(OPERATOR.initial, OPERATOR.initial);
  assert.match(await page.locator('[data-testid="change-error"]').innerText(), /不能与原密码相同/);
  await input('change-old').fill('');
  await shoot('forced-change');
  await forcedChange(OPERATOR.initial, OPERATOR.chosen);
  await page.locator('[data-testid="user-name"]', { hasText: OPERATOR.name }).waitFor({ timeout: 60_000 });
  assert.equal((await page.locator('[data-testid="user-role"]').innerText()).trim(), '值班员');
  await signOut();

  // The initial password no longer works; the chosen one does, with no second forced change.
  await signInAs(OPERATOR.username, OPERATOR.initial);
  await page.locator('[data-testid="sign-in-error"]').waitFor();
  assert.match(await page.locator('[data-testid="sign-in-error"]').innerText(), /[\u4e00-\u9fff]/);
  await signInAs(OPERATOR.username, OPERATOR.chosen);
  await page.locator('[data-testid="user-name"]', { hasText: OPERATOR.name }).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('[data-testid="change-password"]').count(), 0);
  await signOut();
  log('new account changed its initial password; old refused, new accepted');

  // An administrator's reset: the forced change again.
  await signInAs(ADMIN.username, ADMIN.password);
  await page.locator('[data-testid="user-name"]', { hasText: ADMIN.name }).waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="user-button"]').click();
  await page.locator('[data-testid="menu-accounts"]').click();
  await page.locator(`[data-testid="account-reset-${OPERATOR.username}"]`).click();
  await input('account-reset-password').fill(OPERATOR.reset);
  await page.locator('[data-testid="account-reset-submit"]').click();
  await page.locator('[data-testid="account-reset-password"]').waitFor({ state: 'hidden' });
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="accounts-dialog"]').waitFor({ state: 'hidden' });
  await signOut();
  await signInAs(OPERATOR.username, OPERATOR.chosen);
  await page.locator('[data-testid="sign-in-error"]').waitFor();
  await signInAs(OPERATOR.username, OPERATOR.reset);
  await page.locator('[data-testid="change-password"]').waitFor({ timeout: 60_000 });
  assert.match(await page.locator('[data-testid="auth-screen"]').innerText(), /重置/);
  await forcedChange(OPERATOR.reset, OPERATOR.after);
  await page.locator('[data-testid="user-name"]', { hasText: OPERATOR.name }).waitFor({ timeout: 60_000 });
  log('reset password forced a change again');
}

/** The card of the auth screen lies wholly inside the window (nothing cut off). */
async function assertFits(page, selector) {
  const box = await page.locator(selector).boundingBox();
  const view = page.viewportSize();
  assert.ok(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= view.width && box.y + box.height <= view.height, `${selector} fits ${view.width}x${view.height}: ${JSON.stringify(box)}`);
}
