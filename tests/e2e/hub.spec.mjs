// The PostgreSQL hub in the UI (issue 14, transport 2): this spec starts a throwaway PostgreSQL
// cluster of its own (the e2e runner starts none; tests/support/pg-cluster.mjs, as the vitest setup
// and .ci/run do) and initialises a hub with `npm run hub -- init`'s program. A district desk (a
// second bridge on its own demo copy) is linked to it and works a few cases to their callbacks; on
// this street desk the administrator sets the hub in 中心库连接 (the password never comes back) and
// takes only its community's cases (取回范围), tests it, sees 已连接 in the dialog and in the status
// line's chip, the district's cases arrive with no manual sync (one of another street does not), and the rates view switches
// to 全市（汇聚库） for the month in progress, with its honest month label. Then the hub goes away:
// local work goes on, the link says 离线 with the reason and the switch steps aside.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, startPgCluster } from '../support/pg-cluster.mjs';
import { launchApp, repoRoot } from './support/launch-app.mjs';
import { invokeInPage } from './support/page-api.mjs';

const SECRET = 'e2e-hub-secret';

/** The demo's first grid with a centroid (where cases are made unless told), its community, and a grid of another street. */
async function demoPlaces(invoke) {
  const nodes = await invoke('regions:tree', {});
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const grid = nodes.find((r) => r.level === 'grid' && r.centroid);
  const community = byId.get(grid.parentId);
  const otherGrid = nodes.find((r) => r.level === 'grid' && r.centroid && byId.get(r.parentId)?.parentId !== community.parentId);
  return { grid, community, otherGrid };
}

/** A case taken through its life cycle to a callback (`solved`, `satisfaction`), or only registered and dispatched; in `where` or the first grid. */
async function workCase(invoke, title, callback, where) {
  const categories = await invoke('directory:categories', {});
  const category = categories.find((c) => c.level === 2 && c.defaultDepartmentId !== null);
  const grid = where ?? (await invoke('regions:tree', {})).find((r) => r.level === 'grid' && r.centroid);
  const created = await invoke('cases:create', {
    source: 'hotline', categoryId: category.id, title, location: { lng: grid.centroid[0], lat: grid.centroid[1], crs: 'wgs84' },
    reporterName: '王建国', reporterPhone: '13912345678',
  });
  const steps = [['register', {}], ['dispatch', { departmentId: category.defaultDepartmentId }]];
  if (callback) steps.push(['respond', {}], ['handle', { note: '已处置' }], ['verify', {}], ['close', {}], ['callback', callback]);
  for (const [action, fields] of steps) await invoke('workflow:transition', { caseId: created.id, action, fields });
  return created.id;
}

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function, pageErrors: string[] }} ctx */
export async function run({ page, screenshot, invoke, log, pageErrors }) {
  /** A dialog faded in and nothing loading in it: what a person sees once it has opened. */
  const settled = () => page.waitForFunction(() => !document.querySelector('.dialog-fade-enter-active, .el-loading-mask:not([style*="display: none"])'))
    .then(() => page.waitForTimeout(250));
  const cluster = await startPgCluster();
  let district;
  try {
    const hubUrl = new URL(await createTestDatabase(cluster.url, 'e2ehub'));
    execFileSync(process.execPath, [path.join(repoRoot, 'dist-electron/hub.mjs'), 'init', hubUrl.toString()], { cwd: repoRoot, stdio: 'pipe' });
    const address = `postgres://${hubUrl.username}@127.0.0.1:${hubUrl.port}${hubUrl.pathname}`;
    log(`hub ready at ${address}`);

    // The district desk joins the hub (both desks are copies of the demo: only new work travels) and works two cases.
    district = await launchApp();
    district.page.on('pageerror', (error) => pageErrors.push(`district: ${error}`));
    const districtInvoke = (channel, input) => invokeInPage(district.page, channel, input);
    await districtInvoke('hub:saveSettings', { address, password: SECRET, enabled: true, shareHistory: false });
    await workCase(districtInvoke, '中心库联调：井盖缺失', { solved: true, satisfaction: 'satisfied' });
    await workCase(districtInvoke, '中心库联调：夜间施工噪音', { solved: false, satisfaction: 'unsatisfied' });

    // The street's administrator sets the hub: address and password apart, tested, saved.
    await page.locator('[data-testid="user-button"]').click();
    await page.locator('[data-testid="menu-hub"]').click();
    const dialog = page.locator('[data-testid="hub-dialog"]');
    await dialog.waitFor();
    assert.equal((await page.locator('[data-testid="hub-status"]').innerText()).trim(), '未启用');
    await page.locator('input[data-testid="hub-address"], [data-testid="hub-address"] input').first().fill(address);
    await page.locator('input[data-testid="hub-password"], [data-testid="hub-password"] input').first().fill(SECRET);
    // A community desk: it takes from the hub only its community's cases (the district's cases lie there).
    const places = await demoPlaces(invoke);
    const placeLabel = `${places.community.name}（${places.community.code}）`;
    await page.locator('[data-testid="hub-scope-codes"]').click();
    await page.locator('[data-testid="hub-codes"]').click();
    // A department's desk picks its department instead: the list offers places and departments apart.
    await page.locator('.el-select-group__title:visible', { hasText: '部门（牵头或被吹哨召集的案件）' }).waitFor();
    const departments = await invoke('directory:departments', {});
    await page.locator('.el-select-dropdown__item:visible', { hasText: `部门：${departments[0].name}` }).first().scrollIntoViewIfNeeded();
    await screenshot('hub-scope-options-1600.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot('hub-scope-options-1366.png');
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.keyboard.type(places.community.name);
    await page.locator('.el-select-dropdown__item:visible', { hasText: placeLabel }).first().click();
    // A multiple select keeps its list open: a click elsewhere in the dialog closes it.
    await dialog.locator('.hub-intro').click();
    await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
    await page.locator('[data-testid="hub-test"]').click();
    const tested = page.locator('[data-testid="hub-test-result"]');
    await tested.waitFor({ timeout: 30_000 });
    assert.equal(await tested.getAttribute('data-ok'), 'true', await tested.innerText());
    assert.match(await tested.innerText(), /连接成功/);
    await page.locator('[data-testid="hub-save"]').click();
    await page.locator('[data-testid="hub-status"]', { hasText: '已连接' }).waitFor({ timeout: 60_000 });
    // The password is not shown back: the field is empty, the stored one is masked, the address carries ***.
    assert.equal(await page.locator('input[data-testid="hub-password"], [data-testid="hub-password"] input').first().inputValue(), '');
    await page.locator('[data-testid="hub-password-stored"]').waitFor();
    assert.doesNotMatch(await dialog.innerText(), new RegExp(SECRET));
    assert.doesNotMatch(JSON.stringify(await invoke('hub:state', {})), new RegExp(SECRET));
    assert.match(await page.locator('[data-testid="hub-shown-address"]').innerText(), /:\*\*\*@127\.0\.0\.1/);
    await page.locator('[data-testid="hub-last-pull"]').filter({ hasNotText: '从未' }).waitFor({ timeout: 30_000 });
    assert.equal((await page.locator('[data-testid="hub-shown-scope"]').innerText()).trim(), places.community.name);
    assert.deepEqual((await invoke('hub:state', {})).scope, [places.community.code]);
    assert.match(await page.locator('[data-testid="hub-scope-hint"]').innerText(), /缩小范围不会删除本机已有的案件/);
    await screenshot('hub-settings-connected-1600.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot('hub-settings-connected-1366.png');
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // The status line says so without the dialog, and opens it for the administrator.
    const chip = page.locator('[data-testid="status-hub"]');
    await chip.filter({ hasText: '中心库：已连接' }).waitFor({ timeout: 30_000 });
    await screenshot('hub-status-chip-connected-1600.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot('hub-status-chip-connected-1366.png');
    await page.setViewportSize({ width: 1600, height: 1000 });
    await chip.click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // The street works a case of its own; the district's two arrive by themselves.
    await workCase(invoke, '中心库联调：占道经营', null);
    const started = Date.now();
    for (;;) {
      const found = await invoke('cases:list', { filter: { text: '中心库联调' }, offset: 0, limit: 10 });
      if (found.total === 3) break;
      assert.ok(Date.now() - started < 60_000, `the district's cases did not arrive (found ${found.total})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    log(`district cases arrived on the street desk in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (;;) {
      if ((await invoke('hub:state', {})).waiting === 0) break;
      assert.ok(Date.now() - started < 60_000, 'the street case was not pushed');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    // The rates view: 本机 / 全市（汇聚库） offered with the hub connected; the city's month in progress.
    await page.locator('[data-testid="nav-rankings"]').click();
    await page.locator('[data-testid="rates-view-scope"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="rates-view-city"]').click();
    const current = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const monthInput = page.locator('.ranking-head .el-date-editor input').first();
    await monthInput.click();
    await monthInput.fill(current);
    await monthInput.press('Enter');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="city-total-cases"]', { hasText: '3' }).waitFor({ timeout: 30_000 });
    const badge = page.locator('[data-testid="city-month-state"]');
    await badge.waitFor();
    assert.match(await badge.innerText(), /本月进行中/);
    const table = await page.locator('[data-testid="city-table"]').innerText();
    assert.match(table, /全市合计/);
    // Two callbacks: one solved and satisfied, one not: 50% each.
    assert.match(table, /50\.0%/);
    assert.equal(await page.locator('[data-testid="ranking-level"]').count(), 0, 'the local levels step aside in the city view');
    await screenshot('hub-city-rates-1600.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot('hub-city-rates-1366.png');
    await page.setViewportSize({ width: 1600, height: 1000 });
    // The street behind the figures: its cases on the hub, and one of them read-only, 来自中心库.
    await page.locator('[data-testid="city-table"] .city-street').first().click();
    const casesDialog = page.locator('[data-testid="hub-cases-dialog"]');
    await casesDialog.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="hub-cases-pages"]')?.getAttribute('data-total') === '3', null, { timeout: 30_000 });
    assert.match(await casesDialog.locator('[data-testid="hub-cases-table"]').innerText(), /井盖缺失/);
    await settled();
    await screenshot('hub-cases-list-1600.png');
    await casesDialog.locator('[data-testid="hub-cases-table"] .el-table__row', { hasText: '井盖缺失' }).click();
    const hubCase = casesDialog.locator('[data-testid="hub-case"]');
    await hubCase.waitFor();
    assert.equal((await hubCase.locator('[data-testid="hub-case-badge"]').innerText()).trim(), '来自中心库');
    assert.match(await hubCase.innerText(), /回访/);
    await hubCase.locator('[data-testid="hub-case-open-here"]').waitFor();
    // The caller's phone is masked; the administrator may see it with a reason, which the access log keeps.
    assert.match(await hubCase.locator('[data-testid="hub-case-reporterPhone"]').innerText(), /139\*\*\*\*5678/);
    await hubCase.locator('[data-testid="hub-unmask-reporterPhone"]').click();
    await page.locator('textarea[data-testid="unmask-reason"], [data-testid="unmask-reason"] textarea').first().fill('回访前核实来电人');
    await page.locator('[data-testid="unmask-submit"]').click();
    await page.locator('[data-testid="unmask-dialog"]').waitFor({ state: 'hidden' });
    assert.equal((await hubCase.locator('[data-testid="hub-case-reporterPhone"]').innerText()).trim(), '13912345678');
    const looks = await invoke('accessLog:list', { filter: { kind: 'unmask' }, offset: 0, limit: 5 });
    assert.equal(looks.rows[0].reason, '回访前核实来电人');
    assert.match(looks.rows[0].detail, /^中心库案件 /);
    await settled();
    await screenshot('hub-case-detail-1600.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await settled();
    await screenshot('hub-case-detail-1366.png');
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.keyboard.press('Escape');
    await casesDialog.waitFor({ state: 'hidden' });
    await page.locator('[data-testid="rates-view-local"]').click();
    await page.locator('[data-testid="ranking-level"]').waitFor();

    // Of two new district cases, the one in this desk's community arrives, the other street's does not.
    await workCase(districtInvoke, '范围测试：本社区', null, places.grid);
    const otherStreetId = await workCase(districtInvoke, '范围测试：其他街道', null, places.otherGrid);
    for (const scoped = Date.now(); ;) {
      if ((await invoke('cases:list', { filter: { text: '范围测试：本社区' }, offset: 0, limit: 10 })).total === 1) break;
      assert.ok(Date.now() - scoped < 60_000, 'the community\'s case did not arrive');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    for (;;) {
      if ((await districtInvoke('hub:state', {})).waiting === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await invoke('hub:syncNow', {});
    assert.equal((await invoke('cases:list', { filter: { text: '范围测试：其他街道' }, offset: 0, limit: 10 })).total, 0, 'another street\'s case reached a community desk');
    // Not here, but on the hub: the case list's search by its number offers to look there.
    const { caseNo: otherNo } = await districtInvoke('cases:get', { id: otherStreetId });
    await page.locator('[data-testid="nav-main"]').click();
    await page.locator('input[data-testid="filter-text"], [data-testid="filter-text"] input').first().fill(otherNo);
    await page.waitForFunction(() => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') === '0');
    await page.locator('[data-testid="case-find-on-hub"]').click();
    const lookup = page.locator('[data-testid="hub-cases-dialog"]');
    await lookup.locator('[data-testid="hub-cases-table"] .el-table__row', { hasText: '范围测试：其他街道' }).click();
    await lookup.locator('[data-testid="hub-case-badge"]').waitFor();
    assert.equal(await lookup.locator('[data-testid="hub-case-open-here"]').count(), 0, 'not held here: nothing to open here');
    await settled();
    await screenshot('hub-case-lookup-1600.png');
    await page.keyboard.press('Escape');
    await lookup.waitFor({ state: 'hidden' });
    await page.locator('input[data-testid="filter-text"], [data-testid="filter-text"] input').first().fill('');

    // The hub goes away: local work goes on, the link says 离线 with the reason, and the city view steps aside.
    await cluster.stop();
    await workCase(invoke, '中心库断开后登记：路灯不亮', null);
    // A department written while offline waits too, counted apart from the case's changes.
    await invoke('directory:saveDepartment', { code: 'E2E-HUB-WAIT', name: '离线时新增部门', kind: 'functional', phone: null, active: true });
    await page.locator('[data-testid="user-button"]').click();
    await page.locator('[data-testid="menu-hub"]').click();
    await dialog.waitFor();
    await page.locator('[data-testid="hub-sync-now"]').click();
    await page.locator('[data-testid="hub-status"]', { hasText: '离线' }).waitFor({ timeout: 60_000 });
    await chip.filter({ hasText: /中心库：离线（\d+ 项待上传）/ }).waitFor({ timeout: 30_000 });
    assert.match(await page.locator('[data-testid="hub-last-error"]').innerText(), /无法连接中心库|中心库/);
    assert.ok(Number(await page.locator('[data-testid="hub-waiting"]').innerText()) > 0, 'the new case waits for the hub');
    assert.match(await page.locator('[data-testid="hub-waiting-of"]').innerText(), /名册与设置 1）/, 'the department waits, shown apart');
    await screenshot('hub-settings-offline-1600.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.locator('[data-testid="hub-waiting-of"]').scrollIntoViewIfNeeded();
    await screenshot('hub-settings-offline-1366.png');
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await screenshot('hub-status-chip-offline-1600.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot('hub-status-chip-offline-1366.png');
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.locator('[data-testid="rates-view-scope"]').waitFor({ state: 'detached', timeout: 30_000 });
  } finally {
    await district?.close();
    await cluster.stop();
  }
}
