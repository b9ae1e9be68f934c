// True months (issue 13) on the demo as a user meets it on first start: moved to end today, so this
// month is in progress (the one-case-today scenario itself is tests/integration/true-months.test.ts).
// The rankings open on the last complete month, label the month in progress and ask before
// publishing it; the monthly chart does not draw lines into the month in progress; the
// emerging hot spots say they stand on complete months only.
import assert from 'node:assert/strict';

export const launch = { present: true };

const SIZES = [{ width: 1600, height: 1000 }, { width: 1366, height: 768 }];

/** 'YYYY-MM' of a time in Beijing, and of the month before. */
const beijingMonth = (ms) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 7);
function monthBefore(month) {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

async function shots(page, screenshot, name) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(900); // charts and tables re-lay out
    await screenshot(`${name}-${size.width}x${size.height}.png`);
  }
  await page.setViewportSize(SIZES[0]);
}

export async function run({ page, screenshot, invoke, log }) {
  await page.locator('[data-testid="map"]').first().waitFor({ timeout: 60_000 });
  const info = await invoke('workspace:info', {});
  const now = Date.now();
  const current = beijingMonth(now);
  const lastComplete = monthBefore(current);
  // The demo was moved to end today when this spec's app started: its newest case lies within the
  // day before that move. The margin is the time since launch (a run that starts when a day has
  // just elapsed since the demo's newest time of day would otherwise fail by seconds).
  const sinceLaunch = 10 * 60_000;
  assert.ok(info.casesTo && now - info.casesTo < 86_400_000 + sinceLaunch && info.casesTo <= now, `demo ends today (casesTo ${new Date(info.casesTo).toISOString()})`);

  // Rankings open on the last complete month, without a partial label.
  await page.locator('[data-testid="nav-rankings"]').click();
  await page.locator('[data-testid="ranking-table"] .el-table__body tr').first().waitFor({ timeout: 60_000 });
  const monthInput = page.locator('.ranking-head .el-date-editor input').first();
  await page.waitForFunction((m) => [...document.querySelectorAll('input')].some((i) => i.value === m), lastComplete);
  assert.equal(await monthInput.inputValue(), lastComplete, 'rankings open on the last complete month');
  assert.equal(await page.locator('[data-testid="ranking-month-state"]').count(), 0, 'a complete month has no partial label');

  // The month in progress, chosen by hand: labelled 本月进行中 · 截至M月D日.
  await monthInput.click();
  await monthInput.fill(current);
  await monthInput.press('Enter');
  await page.keyboard.press('Escape');
  const badge = page.locator('[data-testid="ranking-month-state"]');
  await badge.waitFor({ timeout: 30_000 });
  const day = Number(new Date(now + 8 * 3_600_000).toISOString().slice(8, 10));
  assert.equal(await badge.innerText(), `本月进行中 · 截至${Number(current.slice(5))}月${day}日`);
  await shots(page, screenshot, 'true-months-ranking-partial');

  // Freezing asks first, names the month and says it is partial; cancelled here.
  await page.locator('[data-testid="ranking-freeze"]').click();
  const dialog = page.locator('.freeze-confirm');
  await dialog.waitFor();
  const text = await dialog.innerText();
  assert.match(text, new RegExp(`${current}`));
  assert.match(text, /尚未结束/);
  assert.match(text, /仍然发布不完整月份/);
  await screenshot('true-months-freeze-confirm.png');
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const ranking = await invoke('rates:ranking', { month: current, level: 'street' });
  assert.equal(ranking.snapshot, null, 'nothing was frozen');

  // Analytics: the monthly lines stop at the last complete month; the month in progress is labelled.
  await page.locator('[data-testid="nav-analytics"]').click();
  await page.locator('#tab-temporal').click();
  await page.locator('[data-testid="chart-monthly"] canvas').first().waitFor({ timeout: 30_000 });
  // The note names the month in progress once the data are in.
  await page.locator('[data-testid="chart-monthly-note"]', { hasText: '进行中' }).waitFor({ timeout: 30_000 });
  const note = await page.locator('[data-testid="chart-monthly-note"]').innerText();
  assert.match(note, new RegExp(`${current} 进行中（截至${day}日）`));
  const temporal = await invoke('analytics:temporal', { filter: {} });
  assert.equal(temporal.coverage.at(-1).state, 'partial');
  assert.equal(temporal.coverage.at(-2).state, 'complete');
  await page.waitForTimeout(1200);
  await shots(page, screenshot, 'true-months-temporal');

  // Emerging hot spots: complete months only, said so.
  await page.locator('#tab-hotspots').click();
  const months = page.locator('[data-testid="hotspot-months"]');
  await months.waitFor({ timeout: 60_000 });
  assert.match(await months.innerText(), new RegExp(`仅统计完整月份（.* 至 ${lastComplete}）；${current} 尚未结束，未计入趋势`));
  await page.locator('[data-testid="hotspot-mode"] label', { hasText: '时空热点' }).click();
  await page.locator('[data-testid="hotspot-legend"]', { hasText: '零星热点' }).waitFor();
  await page.waitForTimeout(600);
  await screenshot('true-months-hotspots-emerging.png');

  // The grid distribution opens on the last complete month.
  await page.locator('#tab-choropleth').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="choropleth-panel"] path.gd-choropleth').length > 500, null, { timeout: 30_000 });
  const shown = (await page.locator('[data-testid="choropleth-month"]').innerText()).trim();
  assert.equal(shown, lastComplete, 'grid distribution on the last complete month');
  assert.equal(await page.locator('[data-testid="choropleth-month-state"]').count(), 0, 'a complete month carries no partial label');
  log(`rankings and maps on ${lastComplete}; ${current} in progress through day ${day}`);
}
