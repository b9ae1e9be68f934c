// Rankings by person (issue 12): the level picker offers 派遣员 and 承办人; the dispatcher ranking
// shows dispatch accuracy beside the three rates, the same figures the service counts; the
// drill-down opens the cases behind a dispatcher's figure.
import assert from 'node:assert/strict';

const SIZES = [{ width: 1600, height: 1000 }, { width: 1366, height: 768 }];

export async function run({ page, screenshot, invoke, log }) {
  await page.locator('[data-testid="nav-rankings"]').click();
  await page.locator('[data-testid="ranking-table"] .el-table__body tr').first().waitFor({ timeout: 60_000 });
  const levels = await page.locator('[data-testid="ranking-level"] label').allInnerTexts();
  assert.deepEqual(levels.map((s) => s.trim()).slice(-2), ['派遣员', '承办人']);

  await page.locator('[data-testid="ranking-level"] label', { hasText: '派遣员' }).click();
  await page.locator('[data-testid="dispatch-accuracy"]').first().waitFor({ timeout: 60_000 });
  const month = await page.locator('.ranking-head .el-date-editor input').first().inputValue();
  const ranking = await invoke('rates:ranking', { month, level: 'dispatcher' });
  const first = ranking.rows[0];
  const shown = await page.locator('[data-testid="ranking-table"] .el-table__body tr').first().innerText();
  assert.ok(shown.includes(first.unitName), `first row names ${first.unitName}`);
  assert.ok(shown.includes(`${(first.dispatchAccuracy * 100).toFixed(1)}%`), `first row shows accuracy ${first.dispatchAccuracy}`);
  const headers = await page.locator('[data-testid="ranking-table"] .el-table__header th').allInnerTexts();
  assert.ok(headers.some((h) => h.includes('派遣准确率')), 'accuracy column');
  assert.ok(headers.some((h) => h.trim() === '人员'), 'persons are named 人员, not 单位');
  assert.match(await page.locator('[data-testid="ranking-rules"]').innerText(), /每次退单计入被退回那次派遣的派遣员/);

  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(900); // the table re-lays out
    await screenshot(`ranking-dispatcher-${size.width}x${size.height}.png`);
  }
  await page.setViewportSize(SIZES[0]);

  // Drill-down: the cases behind the first dispatcher's response rate (those that missed, as the view opens).
  await page.locator('[data-testid="ranking-table"] .el-table__body tr').first().locator('[data-testid="drill-response"]').click();
  const total = page.locator('[data-testid="drill-total"]');
  await total.waitFor();
  const drill = await invoke('rates:cases', { month, level: 'dispatcher', unitId: first.unitId, measure: 'response', part: 'missed' });
  assert.ok(drill.total > 0, 'the first dispatcher has late responses to show');
  await page.waitForFunction((n) => document.querySelector('[data-testid="drill-total"]')?.getAttribute('data-total') === String(n), drill.total);
  await screenshot('ranking-dispatcher-drill.png');
  await page.locator('[data-testid="ranking-drill"] .el-drawer__close-btn').click();

  await page.locator('[data-testid="ranking-level"] label', { hasText: '承办人' }).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="dispatch-accuracy"]'));
  const handlers = await invoke('rates:ranking', { month, level: 'handler' });
  await page.locator('[data-testid="ranking-table"] .el-table__body tr', { hasText: handlers.rows[0].unitName }).first().waitFor();
  await screenshot('ranking-handler-1600x1000.png');
  log(`${month}: ${ranking.rows.length} dispatchers (first ${first.unitName}, accuracy ${(first.dispatchAccuracy * 100).toFixed(1)}%), ${handlers.rows.length} handlers`);
}
