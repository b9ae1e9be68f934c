// The city's heat from the hub in the analytics view (issue 14): a throwaway PostgreSQL cluster and
// hub (as hub.spec.mjs), a district desk that joins it and reports a cluster of cases in another
// street, and this desk linked to the hub but taking only one grid of its own. The heat panel
// offers 本机 / 全市（汇聚库） once the link is connected; the city view shows the hub's cases (the
// district's cluster, which this desk does not hold) with the hub's months, the month in progress
// marked as such, and the same figures as hub:heat; back on 本机 the desk's own heat returns.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, startPgCluster } from '../support/pg-cluster.mjs';
import { launchApp, repoRoot } from './support/launch-app.mjs';
import { invokeInPage } from './support/page-api.mjs';

const SECRET = 'e2e-hub-heat-secret';
const REPORTED = 60;

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function, pageErrors: string[] }} ctx */
export async function run({ page, screenshot, invoke, log, pageErrors }) {
  const cluster = await startPgCluster();
  let district;
  try {
    const hubUrl = new URL(await createTestDatabase(cluster.url, 'e2eheat'));
    execFileSync(process.execPath, [path.join(repoRoot, 'dist-electron/hub.mjs'), 'init', hubUrl.toString()], { cwd: repoRoot, stdio: 'pipe' });
    const address = `postgres://${hubUrl.username}@127.0.0.1:${hubUrl.port}${hubUrl.pathname}`;

    // Places: this desk takes one grid of the first street; the district reports in a grid of another street.
    const nodes = await invoke('regions:tree', {});
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const street = (grid) => byId.get(byId.get(grid.parentId).parentId);
    const own = nodes.find((r) => r.level === 'grid' && r.centroid);
    const far = nodes.filter((r) => r.level === 'grid' && r.centroid && street(r).id !== street(own).id)[40];
    const category = (await invoke('directory:categories', {})).find((c) => c.level === 2 && c.defaultDepartmentId !== null);

    district = await launchApp();
    district.page.on('pageerror', (error) => pageErrors.push(`district: ${error}`));
    const districtInvoke = (channel, input) => invokeInPage(district.page, channel, input);
    await districtInvoke('hub:saveSettings', { address, password: SECRET, enabled: true, shareHistory: false });
    for (let i = 0; i < REPORTED; i++) {
      // A cluster of about 150 m around the grid's centre.
      const [lng, lat] = [far.centroid[0] + ((i % 8) - 3.5) * 0.0002, far.centroid[1] + (Math.floor(i / 8) - 3.5) * 0.0002];
      await districtInvoke('cases:create', { source: 'patrol', categoryId: category.id, title: `全市热力联调：占道经营 ${i + 1}`, location: { lng, lat, crs: 'wgs84' } });
    }
    await districtInvoke('hub:syncNow', {});

    await invoke('hub:saveSettings', { address, password: SECRET, enabled: true, shareHistory: false, scope: [own.code] });
    for (let i = 0; (await invoke('hub:state', {})).status !== 'connected'; i++) {
      assert.ok(i < 120, 'the hub link connects');
      await page.waitForTimeout(500);
    }
    // The district's link pushes in rounds of its own: wait until the hub holds the whole cluster.
    for (let i = 0; (await invoke('hub:heat', { filter: {} })).cases < REPORTED; i++) {
      assert.ok(i < 200, 'the district\'s cases reach the hub');
      // A round under way when the cases were made leaves the last ones to the next: ask for it.
      if (i % 10 === 9) await districtInvoke('hub:syncNow', {});
      await page.waitForTimeout(500);
    }
    log('hub connected, district cluster pushed');

    await page.locator('[data-testid="nav-analytics"]').click();
    const cases = page.locator('[data-testid="heat-cases"]');
    await cases.waitFor({ timeout: 60_000 });
    const localTotal = Number(await cases.getAttribute('data-cases'));
    await page.locator('[data-testid="heat-view-scope"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="heat-view-city"]').click();
    await page.locator('[data-testid="heat-city-note"]').waitFor();
    // The hub holds the district's cluster only (both desks joined without their history).
    await page.locator(`[data-testid="heat-cases"][data-cases="${REPORTED}"]`).waitFor({ timeout: 60_000 });
    const answer = await invoke('hub:heat', { filter: {}, bandwidthM: 250 });
    assert.equal(answer.cases, REPORTED);
    assert.equal(answer.months.length, 1);
    assert.equal(answer.months[0].inProgress, true);
    assert.match(await page.locator('[data-testid="heat-cases"]').innerText(), new RegExp(`${REPORTED} 起案件`));
    assert.match(await page.locator('[data-testid="heat-city-at"]').innerText(), /汇聚库 .* 计算/);
    await page.locator('[data-testid="heat-map"] img.gd-heat-layer').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await screenshot('hub-heat-city-1600.png');

    // Its one month, in progress: picked on the slider, labelled as such, never a whole month.
    await page.locator('[data-testid="heat-slider"] .el-slider__button-wrapper').focus();
    await page.keyboard.press('ArrowRight');
    await page.locator('[data-testid="heat-month-state"][data-state="partial"]').waitFor({ timeout: 30_000 });
    assert.match(await page.locator('[data-testid="heat-month-state"]').innerText(), /进行中/);
    assert.match(await page.locator('[data-testid="heat-month"]').innerText(), new RegExp(answer.months[0].month));
    await page.locator(`[data-testid="heat-cases"][data-cases="${REPORTED}"]`).waitFor({ timeout: 30_000 });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.waitForTimeout(500);
    await screenshot('hub-heat-city-month-1366.png');
    await page.setViewportSize({ width: 1600, height: 1000 });

    // A source filter in the view: the hub counts its case rows, and says so; a source nobody used gives none.
    await invoke('hub:heat', { filter: { source: ['hotline'] } }).then((r) => assert.equal(r.cases, 0));
    await page.locator('[data-testid="analytics-source"]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '巡查' }).first().click();
    await page.locator('[data-testid="heat-city-from-cases"]').waitFor({ timeout: 30_000 });
    await page.locator(`[data-testid="heat-cases"][data-cases="${REPORTED}"]`).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await page.waitForTimeout(400);
    await screenshot('hub-heat-city-source-1600.png');
    await page.locator('[data-testid="analytics-source"]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '巡查' }).first().click();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="heat-city-from-cases"]').waitFor({ state: 'detached', timeout: 30_000 });

    // Back to this desk: its own heat, none of the district's cluster.
    await page.locator('[data-testid="heat-view-local"]').click();
    await page.locator(`[data-testid="heat-cases"][data-cases="${localTotal}"]`).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('[data-testid="heat-city-note"]').count(), 0);
    await page.waitForTimeout(600);
    await screenshot('hub-heat-local-1600.png');
  } finally {
    await district?.close().catch(() => undefined);
    await cluster.stop();
  }
}
