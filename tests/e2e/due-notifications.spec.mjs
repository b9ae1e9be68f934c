// Desktop notifications for cases about to go overdue. The demo's open cases are long overdue, so
// the spec takes in a new one whose handling limit makes it near-due at once: 路面塌陷 (road
// collapse) must be handled within one natural day (an emergency does not wait for Monday), and a
// case is near-due when its deadline is less than 24 hours away. Chromium is granted the
// notifications permission and window.Notification is wrapped to record what would be shown.
import assert from 'node:assert/strict';

/** @param {{ page: import('playwright-core').Page, url: string, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, url, screenshot, invoke, log }) {
  const origin = new URL(url).origin;
  // In Electron the app's own permission handler grants notifications to app://griddesk (and the
  // assertion below checks it did); Playwright's grant is for the browser mode.
  if (new URL(url).protocol === 'app:') await page.context().grantPermissions(['notifications'], { origin }).catch(() => undefined);
  else await page.context().grantPermissions(['notifications'], { origin });
  await page.addInitScript(() => {
    const Real = window.Notification;
    /** @type {{ title: string, body: string, tag: string }[]} */
    const shown = [];
    Object.defineProperty(window, '__notifications', { value: shown });
    window.Notification = class RecordedNotification extends Real {
      constructor(title, options = {}) {
        shown.push({ title, body: options.body ?? '', tag: options.tag ?? '' });
        super(title, options);
      }
    };
  });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid="case-table"] [data-testid="case-row"]').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.evaluate(() => Notification.permission), 'granted');

  // Nothing near-due yet: switching the alerts on shows nothing.
  const before = await invoke('workflow:overdue', { offset: 0, limit: 5, nearDue: true });
  log(`near-due before intake: ${before.total}`);
  assert.equal(before.total, 0, 'the demo has no near-due case at the current time');

  // Intake a road collapse on a grid of the demo.
  const categories = await invoke('directory:categories', {});
  const collapse = categories.find((c) => c.name === '路面塌陷');
  assert.ok(collapse && collapse.handlingLimitDays === 1, 'the demo has 路面塌陷 with a one-day limit');
  const tree = await invoke('regions:tree', {});
  const grid = tree.find((n) => n.level === 'grid');
  const title = '路面塌陷：临期提醒测试';
  const created = await invoke('cases:create', { source: 'hotline', categoryId: collapse.id, title, gridId: grid.id, address: '东四北大街 128 号' });
  const detail = await invoke('cases:get', { id: created.id });
  assert.equal(detail.dueState, 'near', 'due within 24 hours');
  log(`intake ${created.caseNo}: due ${new Date(detail.handlingDueAt).toISOString()}`);

  // Switch the alerts on: one digest naming the case.
  await page.locator('[data-testid="due-notify"]').click();
  await page.waitForFunction(() => window.__notifications.length > 0, null, { timeout: 15_000 });
  const [note, ...more] = await page.evaluate(() => window.__notifications);
  assert.equal(more.length, 0, 'one digest, not one notification per case');
  assert.equal(note.title, 'GridDesk：1 件案件即将超期');
  assert.equal(note.body, `${created.caseNo} ${title}`);
  assert.equal(note.tag, 'griddesk-near-due');
  log(`notification: ${note.title} / ${note.body}`);

  // At most one digest every ten minutes: switching off and on again stays quiet.
  await page.locator('[data-testid="due-notify"]').click();
  await page.locator('[data-testid="due-notify"]').click();
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(() => window.__notifications.length), 1, 'no second digest within ten minutes');

  // The same case is yellow in the list filtered to near-due.
  await page.locator('[data-testid="filter-due"]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '临期' }).click();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') === '1');
  const row = page.locator('[data-testid="case-table"] [data-testid="case-row"]', { hasText: created.caseNo });
  await row.locator('[data-testid="near-flag"]').waitFor();
  assert.match(await row.getAttribute('class'), /due-near/);
  await page.waitForTimeout(400);
  await screenshot('due-notifications.png');
}
