// The forecast panel on the demo as a user meets it on first start (moved to end today, so the month
// in progress already holds cases): the forecast is for the month in progress, made from complete
// months (it does not move to next month with "last month" = 0); the back-test compares the model with both
// baselines and the ceiling, in Chinese; where the model does not beat the better baseline, the panel
// says so and uses the baseline.
import assert from 'node:assert/strict';

export const launch = { present: true };

const SIZES = [{ width: 1600, height: 1000 }, { width: 1366, height: 768 }];
const beijingMonth = (ms) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 7);

export async function run({ page, screenshot, invoke, log }) {
  // The district analyst: statistics and maps of the whole district (docs/accounts.md).
  const status = await invoke('auth:status', {}).catch(() => null);
  if (!status?.session) {
    await invoke('auth:signIn', { username: 'analyst1', password: 'griddesk2026' });
    await page.reload();
  }
  await page.locator('[data-testid="map"]').first().waitFor({ timeout: 60_000 });
  const current = beijingMonth(Date.now());

  const fc = await invoke('analytics:forecast', { top: 30 });
  log(`forecast ${fc.month} from ${fc.history.first}–${fc.history.last}, uses ${fc.model}, ratio ${fc.paiRatio}`);
  assert.equal(fc.month, current, 'the forecast is for the month in progress, not the month after');
  assert.equal(fc.partialMonth?.month, current);
  assert.ok(fc.ranking.some((r) => r.lastMonth > 0), 'last month is a complete month, not the one in progress');

  await page.locator('[data-testid="nav-analytics"]').click();
  await page.locator('[data-testid="analytics-view"]').waitFor();
  await page.locator('#tab-forecast').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="forecast-backtest"] .el-table__body tr').length === 4, null, { timeout: 60_000 });
  const table = await page.locator('[data-testid="forecast-backtest"]').innerText();
  for (const label of ['空间平滑组合模型', '基线：上月', '基线：长期平均', '上限：完全预知', 'PAI@5%', '平均绝对误差']) assert.ok(table.includes(label), `back-test shows ${label}`);
  assert.match(await page.locator('[data-testid="forecast-history"]').innerText(), new RegExp(`${current} 尚未结束`));
  const baseline = fc.bestBaseline === 'last_month' ? '上月' : '长期平均';
  if (fc.beatsBaseline) assert.match(await page.locator('[data-testid="forecast-beats"]').innerText(), new RegExp(`优于较优基线“${baseline}”`));
  else assert.equal(await page.locator('[data-testid="forecast-fallback"]').innerText(), `预测模型未优于基线，以下采用“${baseline}”。`);
  assert.ok((await page.locator('[data-testid="forecast-ranking"] .el-table__body tr').count()) >= 10);
  await shots(page, screenshot, 'forecast');

  // A category where the model does not beat the better baseline: the panel says so and uses the baseline.
  const majors = (await invoke('directory:categories', {})).filter((c) => c.level === 1);
  let weak = null;
  for (const c of majors) {
    const f = await invoke('analytics:forecast', { categoryId: c.id, top: 30 });
    if (!f.beatsBaseline) { weak = { ...c, forecast: f }; break; }
  }
  assert.ok(weak, 'some category falls back to a baseline');
  log(`${weak.name}: uses ${weak.forecast.model} (ratio ${weak.forecast.paiRatio})`);
  await page.locator('[data-testid="analytics-category"]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: `${weak.code} ${weak.name}` }).first().click();
  const fallback = page.locator('[data-testid="forecast-fallback"]');
  await fallback.waitFor({ timeout: 60_000 });
  const name = weak.forecast.bestBaseline === 'last_month' ? '上月' : '长期平均';
  assert.equal((await fallback.innerText()).trim(), `预测模型未优于基线，以下采用“${name}”。`);
  assert.match(await page.locator('[data-testid="forecast-panel"] h4').first().innerText(), new RegExp(`采用：“${name}”（基线）`));
  await page.mouse.move(5, 5); // off the tabs the dropdown closed over
  await shots(page, screenshot, 'forecast-fallback');
}

async function shots(page, screenshot, name) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(900); // tables re-lay out
    await screenshot(`${name}-${size.width}x${size.height}.png`);
  }
  await page.setViewportSize(SIZES[0]);
}
