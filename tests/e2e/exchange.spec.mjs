// Exchange files between two workstations in the UI (issue 14, transport 1): a street desk (this
// spec's app) and a community desk (a second bridge on its own demo copy) exchange pairing cards,
// the street dispatches a case to the community by a package file, the community handles it and
// sends it back; then both change the case while apart, and the street settles the conflict in
// the case drawer. Files travel as downloads and file-input uploads, as a USB stick would.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchApp } from './support/launch-app.mjs';
import { invokeInPage } from './support/page-api.mjs';

const TITLE = '交换测试：楼道堆物';
const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function, pageErrors: string[] }} ctx */
export async function run({ page, screenshot, invoke, log, pageErrors }) {
  const carried = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-e2e-exchange-'));
  const community = await launchApp();
  community.page.on('pageerror', (error) => pageErrors.push(`community: ${error}`));
  const street = { page, invoke };
  const desk2 = { page: community.page, invoke: (channel, input) => invokeInPage(community.page, channel, input) };
  try {
    for (const desk of [street, desk2]) await desk.page.waitForSelector('[data-testid="app-name"]');

    const openExchange = async (p) => {
      await p.locator('[data-testid="user-button"]').click();
      await p.locator('[data-testid="menu-exchange"]').click();
      await p.locator('[data-testid="own-fingerprint"]').waitFor();
    };
    /** Clicks a button that downloads a file and keeps the file, as if saved to a stick. */
    const download = async (p, click, name) => {
      const [file] = await Promise.all([p.waitForEvent('download'), click()]);
      const target = path.join(carried, name);
      await file.saveAs(target);
      return { target, suggested: file.suggestedFilename() };
    };

    // Each desk (copies of the demo start unnamed) is named, shows its card and hands it over as a file.
    await openExchange(page);
    await openExchange(community.page);
    for (const [p, name] of [[page, '东华门街道网格中心'], [community.page, '多福巷社区工作站']]) {
      await p.locator('[data-testid="own-unnamed"]').waitFor();
      await p.locator('input[data-testid="own-rename-input"], [data-testid="own-rename-input"] input').first().fill(name);
      await p.locator('[data-testid="own-rename"]').click();
      await p.waitForFunction((n) => document.querySelector('[data-testid="own-name"]')?.textContent === n, name);
    }
    await screenshot('exchange-card-1600.png');
    const cards = [];
    for (const [desk, name] of [[street, 'street'], [desk2, 'community']]) {
      const { target, suggested } = await download(desk.page, () => desk.page.locator('[data-testid="download-card"]').click(), `${name}-card.json`);
      assert.match(suggested, /^配对卡片-.+\.json$/);
      cards.push({ file: target, fingerprint: (await desk.page.locator('[data-testid="own-fingerprint"]').innerText()).trim() });
    }
    log(`cards: street ${cards[0].fingerprint}, community ${cards[1].fingerprint}`);

    // Each pairs with the other's card after comparing the fingerprint the dialog shows.
    const pair = async (p, card) => {
      await p.locator('[data-testid="card-file"]').setInputFiles(card.file);
      const dialog = p.locator('[data-testid="pair-dialog"]');
      await dialog.locator('[data-testid="pair-fingerprint"]').waitFor();
      assert.equal((await dialog.locator('[data-testid="pair-fingerprint"]').innerText()).trim(), card.fingerprint, 'the dialog shows the card\'s fingerprint');
      if (p === page) {
        // What a peer gets may be places or departments (a department's desk); these desks take all cases.
        await dialog.locator('[data-testid="pair-scope-codes"]').click();
        await dialog.locator('[data-testid="pair-codes"]').click();
        await p.locator('.el-select-group__title:visible', { hasText: '部门（牵头或被吹哨召集的案件）' }).waitFor();
        await p.locator('.el-select-dropdown__item:visible', { hasText: '部门：' }).first().scrollIntoViewIfNeeded();
        await screenshot('exchange-pair-scope-1600.png');
        await p.setViewportSize({ width: 1366, height: 768 });
        await screenshot('exchange-pair-scope-1366.png');
        await p.setViewportSize({ width: 1600, height: 1000 });
        await dialog.locator('.intro').click();
        await dialog.locator('.el-radio', { hasText: '全部案件' }).click();
      }
      await p.locator('[data-testid="pair-confirm"]').click();
      await p.locator('[data-testid="peer-name"]').first().waitFor();
    };
    await pair(page, cards[1]);
    await pair(community.page, cards[0]);
    assert.equal(await page.locator('[data-testid="peer-table"] .el-table__row').count(), 1);
    assert.equal((await page.locator('[data-testid="peer-name"]').innerText()).trim(), '多福巷社区工作站');

    // The street registers and dispatches a case, and sends it to the community.
    const categories = await invoke('directory:categories', {});
    const category = categories.find((c) => c.level === 2 && c.defaultDepartmentId !== null);
    const grid = (await invoke('regions:tree', {})).find((r) => r.level === 'grid' && r.centroid);
    const created = await invoke('cases:create', { source: 'hotline', categoryId: category.id, title: TITLE, location: { lng: grid.centroid[0], lat: grid.centroid[1], crs: 'wgs84' } });
    await invoke('workflow:transition', { caseId: created.id, action: 'register', fields: {} });
    await invoke('workflow:transition', { caseId: created.id, action: 'dispatch', fields: { departmentId: category.defaultDepartmentId } });
    const caseNo = (await invoke('cases:get', { id: created.id })).caseNo;

    /** "发送给…" on one desk, "接收" of that file on the other; answers the report's text. */
    let packages = 0;
    const carry = async (from, to) => {
      const { target, suggested } = await download(from.page, () => from.page.locator('[data-testid="send-to"]').first().click(), `package-${++packages}.gdx`);
      assert.match(suggested, /^交换包-.+\.gdx$/);
      await to.page.locator('[data-testid="package-file"]').setInputFiles(target);
      const report = to.page.locator('[data-testid="receive-report"]');
      await to.page.waitForFunction(() => document.querySelector('[data-testid="receive-report"], [data-testid="receive-error"]') && !document.querySelector('[data-testid="receive-package"].is-loading'));
      await report.waitFor({ timeout: 1000 });
      const count = async (id) => Number((await report.locator(`[data-testid="${id}"]`).innerText()).trim());
      return {
        newCases: await count('report-new-cases'), newEvents: await count('report-new-events'), conflicts: await count('report-conflicts'),
        regionEdits: await count('report-region-edits'), referenceEdits: await count('report-reference-edits'),
      };
    };

    // The street also redraws a grid's outline (as it was) and adds a department: the report counts both.
    const shape = (await invoke('regions:shapes', { level: 'grid' })).find((g) => g.id === grid.id);
    await invoke('grids:reshape', { regionId: grid.id, geometry: shape.geometry });
    await invoke('directory:saveDepartment', { code: 'E2E-EXCH-01', name: '交换测试执法队', kind: 'functional', phone: null, active: true });

    const down = await carry(street, desk2);
    assert.deepEqual(down, { newCases: 1, newEvents: 3, conflicts: 0, regionEdits: 1, referenceEdits: 1 }, 'the community receives the dispatched case with its three steps, a grid edit and a department');
    await community.page.screenshot({ path: path.join(SCREENSHOTS, 'exchange-community-received-1600.png') });
    // The street's own package is refused on the street, whole, with the reason.
    await page.locator('[data-testid="package-file"]').setInputFiles(path.join(carried, 'package-1.gdx'));
    await page.locator('[data-testid="receive-error"]').waitFor();
    assert.match(await page.locator('[data-testid="receive-error"]').innerText(), /本工作区自己写出的交换包/);
    await screenshot('exchange-refused-1600.png');
    const there = (await desk2.invoke('cases:list', { filter: { text: '楼道堆物' }, limit: 5 })).rows.find((r) => r.title === TITLE);
    assert.ok(there, 'the case is on the community desk');
    assert.equal(there.status, 'dispatched');
    log(`community received ${there.caseNo}`);

    // The community handles it and sends it back.
    await desk2.invoke('workflow:transition', { caseId: there.id, action: 'respond', fields: {} });
    await desk2.invoke('workflow:transition', { caseId: there.id, action: 'handle', fields: { note: '已清理楼道' } });
    const up = await carry(desk2, street);
    assert.deepEqual(up, { newCases: 0, newEvents: 2, conflicts: 0, regionEdits: 0, referenceEdits: 0 });
    assert.equal((await invoke('cases:get', { id: created.id })).status, 'handled', 'the street sees it handled');
    const visible = await page.locator('[data-testid="exchange-view"]').innerText();
    assert.doesNotMatch(visible.replace(/[0-9a-f]{4}( [0-9a-f]{4}){3}/g, '').replace(/[0-9a-zA-Z-]{16,}/g, ''), /[A-Za-z]{3,}/, 'the exchange screen is Chinese');
    await screenshot('exchange-street-1600.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot('exchange-street-1366.png');
    await page.setViewportSize({ width: 1600, height: 1000 });

    // Apart: the street verifies, the community finds the stairs still blocked.
    await invoke('workflow:transition', { caseId: created.id, action: 'verify', fields: {} });
    await desk2.invoke('workflow:transition', { caseId: there.id, action: 'reject', fields: { note: '现场仍有堆物' } });
    await carry(street, desk2);
    const back = await carry(desk2, street);
    assert.equal(back.conflicts, 1, 'the street is told of the conflict');
    assert.match(await page.locator('[data-testid="report-conflict-cases"]').innerText(), new RegExp(caseNo));
    await screenshot('exchange-conflict-report-1600.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot('exchange-conflict-report-1366.png');
    await page.setViewportSize({ width: 1600, height: 1000 });

    // The street opens the case: both sides shown, the street's verification kept.
    await page.locator('[data-testid="nav-main"]').click();
    await page.locator('input[data-testid="filter-text"], [data-testid="filter-text"] input').first().fill('交换测试');
    await page.waitForFunction(() => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') === '1');
    await page.locator('[data-testid="case-table"] [data-testid="case-row"]').first().click();
    const panel = page.locator('[data-testid="case-conflict"]');
    await panel.locator('[data-testid="conflict-item"]').waitFor();
    assert.equal((await panel.locator('[data-testid="conflict-before-status"]').innerText()).trim(), '核查');
    assert.equal((await panel.locator('[data-testid="conflict-after-status"]').innerText()).trim(), '处置中');
    assert.match(await panel.innerText(), /核查不通过/);
    assert.doesNotMatch(await panel.innerText(), /[A-Za-z]{3,}/, 'the conflict panel is Chinese');
    await screenshot('exchange-conflict-drawer-1600.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot('exchange-conflict-drawer-1366.png');
    await page.locator('input[data-testid="conflict-note"], [data-testid="conflict-note"] input').first().fill('以街道核查为准');
    await page.locator('[data-testid="keep-before"]').click();
    await panel.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.querySelector('[data-testid="case-detail"] .detail-head')?.textContent?.includes('核查'));
    assert.match(await page.locator('[data-testid="case-detail"]').innerText(), /处理冲突/, 'the settlement is in the timeline');
    await screenshot('exchange-conflict-settled-1366.png');
    await page.setViewportSize({ width: 1600, height: 1000 });
    const settled = await invoke('cases:get', { id: created.id });
    assert.equal(settled.status, 'verified');
    assert.equal(settled.syncConflict, false);
    log(`conflict on ${caseNo} settled: ${settled.status}`);

    // Apart, each desk splits the same grid, one across and one down: the community takes the street's
    // split (the later clock wins per grid) and its report names the overlaps left, for a person to redraw.
    const cut = (await invoke('regions:shapes', { level: 'grid' })).find((g) => g.id === grid.id);
    const ring = (cut.geometry.type === 'MultiPolygon' ? cut.geometry.coordinates[0] : cut.geometry.coordinates)[0];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    const [west, east, south, north] = [Math.min(...xs) - 0.001, Math.max(...xs) + 0.001, Math.min(...ys) - 0.001, Math.max(...ys) + 0.001];
    const [cx, cy] = grid.centroid;
    await invoke('grids:split', { regionId: grid.id, line: [[cx, south], [cx, north]], newName: '街道拆分网格' });
    const gridThere = (await desk2.invoke('regions:tree', {})).find((r) => r.code === grid.code);
    await desk2.invoke('grids:split', { regionId: gridThere.id, line: [[west, cy], [east, cy]], newName: '社区拆分网格' });
    await page.keyboard.press('Escape');
    await openExchange(page);
    const split = await carry(street, desk2);
    assert.equal(split.regionEdits, 2, 'the street\'s split: its grid and the one split off');
    const problems = community.page.locator('[data-testid="report-region-problems"]');
    await problems.waitFor();
    assert.match(await problems.innerText(), /街道拆分网格.*重叠|重叠.*街道拆分网格|与 街道拆分网格 重叠/s);
    await community.page.screenshot({ path: path.join(SCREENSHOTS, 'exchange-region-problems-1600.png') });
    await community.page.setViewportSize({ width: 1366, height: 768 });
    await community.page.screenshot({ path: path.join(SCREENSHOTS, 'exchange-region-problems-1366.png') });
  } finally {
    await community.close();
    fs.rmSync(carried, { recursive: true, force: true });
  }
}
