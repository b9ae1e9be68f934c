// The analytics view on the demo: every tab renders its map or charts; a topic is adopted.
import assert from 'node:assert/strict';

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  await page.locator('[data-testid="nav-analytics"]').click();
  await page.locator('[data-testid="analytics-view"]').waitFor();

  // Heatmap: the density image is drawn; the slider steps to a month.
  await page.locator('[data-testid="heat-map"] img.gd-heat-layer').waitFor({ timeout: 60_000 });
  const allCases = Number(await page.locator('[data-testid="heat-cases"]').getAttribute('data-cases'));
  assert.ok(allCases >= 50_000, `heat over all cases (${allCases})`);
  await page.waitForTimeout(600);
  await screenshot('analytics-heat.png');
  await page.locator('[data-testid="heat-play"]').click();
  await page.waitForFunction(() => /^\d{4}-\d{2}$/.test(document.querySelector('[data-testid="heat-month"]')?.textContent?.trim() ?? ''), null, { timeout: 30_000 });
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="heat-cases"]')?.getAttribute('data-cases')) < n, allCases, { timeout: 30_000 });
  await page.locator('[data-testid="heat-play"]').click(); // pause
  log(`heat month ${await page.locator('[data-testid="heat-month"]').innerText()}`);

  // Choropleth: every grid filled, a legend with classes.
  await page.locator('#tab-choropleth').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="choropleth-panel"] path.gd-choropleth').length > 500, null, { timeout: 30_000 });
  assert.ok((await page.locator('[data-testid="choropleth-legend"] .legend-row').count()) >= 3, 'choropleth legend classes');
  await page.waitForTimeout(500);
  await screenshot('analytics-choropleth.png');

  // Temporal charts.
  await page.locator('#tab-temporal').click();
  for (const id of ['chart-monthly', 'chart-hour-weekday', 'chart-calendar']) {
    await page.locator(`[data-testid="${id}"] canvas`).first().waitFor({ timeout: 30_000 });
    const box = await page.locator(`[data-testid="${id}"] canvas`).first().boundingBox();
    assert.ok(box && box.width > 200 && box.height > 150, `${id} has a drawn canvas`);
  }
  await page.waitForTimeout(1200); // chart animations
  await screenshot('analytics-temporal.png');

  // Recurring problems.
  await page.locator('#tab-recurring').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="recurring-clusters"] .el-table__body tr').length >= 5, null, { timeout: 60_000 });
  assert.ok((await page.locator('[data-testid="recurring-grids"] .el-table__body tr').count()) >= 3, 'grids high month after month');
  await screenshot('analytics-recurring.png');

  // Hot spots: Gi* bins, then emerging classes with a legend that explains each class.
  await page.locator('#tab-hotspots').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="hotspot-panel"] path.gd-choropleth').length > 500, null, { timeout: 60_000 });
  const significant = Number(await page.locator('[data-testid="hotspot-summary"]').getAttribute('data-significant'));
  assert.ok(significant > 0, 'some grids are significant');
  await page.waitForTimeout(500);
  await screenshot('analytics-hotspots-gi.png');
  await page.locator('[data-testid="hotspot-mode"] label', { hasText: '时空热点' }).click();
  await page.locator('[data-testid="hotspot-legend"]', { hasText: '加剧热点' }).waitFor();
  await page.waitForTimeout(500);
  await screenshot('analytics-hotspots-emerging.png');

  // Problem of the month: one topic adopted earlier (judged), one adopted here through the form.
  const staff = await invoke('directory:staff', {});
  const candidates = await invoke('analytics:topic-candidates', {});
  const start = Date.UTC(2026, 7, 1) - 8 * 3_600_000;
  await invoke('analytics:topic-adopt', {
    title: candidates[1].title, categoryId: candidates[1].categoryId, regionId: candidates[1].regionId, ownerStaffId: staff[0].id,
    actionPlan: '联合执法，清理并建立长效巡查', periodStart: start, periodEnd: start + 92 * 86_400_000, evidence: candidates[1].evidence,
  });
  await page.locator('#tab-topics').click();
  await page.locator('[data-testid="topic-card"]').first().waitFor({ timeout: 30_000 });
  assert.match(await page.locator('[data-testid="topic-evaluation"]').first().innerText(), /置信区间/);
  await page.locator('[data-testid="topic-adopt"]').first().click();
  await page.locator('[data-testid="topic-owner"]').click();
  await page.locator('.el-select-dropdown__item:visible').first().click();
  await page.locator('textarea[data-testid="topic-plan"], [data-testid="topic-plan"] textarea').first().fill('清理私搭乱建，每周巡查，建立台账');
  await page.locator('[data-testid="topic-submit"]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="topic-card"]').length === 2, null, { timeout: 30_000 });
  const topics = await invoke('analytics:topics', {});
  assert.equal(topics.length, 2);
  assert.equal(topics[0].title, candidates[0].title, 'the first candidate was adopted through the form');
  await page.waitForTimeout(400);
  await screenshot('analytics-topics.png');

  // Forecast with its back-test next to the baselines.
  await page.locator('#tab-forecast').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="forecast-backtest"] .el-table__body tr').length === 9, null, { timeout: 30_000 });
  assert.ok((await page.locator('[data-testid="forecast-ranking"] .el-table__body tr').count()) >= 10);
  await screenshot('analytics-forecast.png');
}
