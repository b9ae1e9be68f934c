// A workspace nearing the size where the local database stalls (issue 14): the status bar says so
// with figures, and its popover how many cases still fit, how long at last month's pace and what
// to do. The demo is run with a database limit of 150 MB (GRIDDESK_DATABASE_LIMIT_BYTES, as a
// terminal server shared by many operators would set it) so that its ~90 MB in memory count as near full.
// Screenshots at 1600×1000 and 1366×768.
import assert from 'node:assert/strict';

export const launch = { present: true, env: { GRIDDESK_DATABASE_LIMIT_BYTES: String(150e6) } };

const SIZES = [{ width: 1600, height: 1000 }, { width: 1366, height: 768 }];

export async function run({ page, screenshot, invoke, log }) {
  await page.locator('[data-testid="map"]').first().waitFor({ timeout: 60_000 });
  const { capacity } = await invoke('workspace:status', {});
  assert.ok(capacity, 'an open workspace reports its capacity');
  assert.equal(capacity.ceilingBytes, 150e6);
  assert.ok(capacity.bytes > 5e6 && capacity.bytes < 150e6, `demo database ${capacity.bytes} bytes`);
  assert.notEqual(capacity.level, 'ok');
  assert.ok(capacity.monthsLeft !== null, 'the demo moved to today has a complete last month to pace by');
  log(`capacity: ${JSON.stringify(capacity)}`);

  const item = page.locator('[data-testid="status-capacity"]');
  await item.waitFor({ timeout: 30_000 });
  const share = Math.round((capacity.bytes / capacity.ceilingBytes) * 100);
  assert.equal((await item.textContent()).trim(), `容量已用 ${share}%：数据库 ${(capacity.bytes / 1e6).toFixed(1)} MB，本机上限约 150.0 MB`);
  await item.hover();
  const popover = page.locator('[data-testid="status-capacity-detail"]');
  await popover.waitFor({ state: 'visible', timeout: 10_000 });
  const detail = await popover.textContent();
  assert.match(detail, new RegExp(`共 ${capacity.cases.toLocaleString('zh-CN')} 件案件`));
  assert.match(detail, /还能容纳约 [\d,]+ 件。按上个完整月份的受理量，约 [\d.]+ 个月后达到上限。请及早把早年已办结的案件归档/);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(600);
    await item.hover();
    await popover.waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(500); // the popover fades in
    assert.ok(await item.isVisible(), `capacity shown at ${size.width}×${size.height}`);
    await screenshot(`workspace-capacity-${size.width}x${size.height}.png`);
  }
  // What to do about it, offered where it is said: the administrator opens 归档旧案件 from the popover.
  await page.locator('[data-testid="status-capacity-archive"]').click();
  const dialog = page.locator('[data-testid="archive-dialog"]');
  await dialog.waitFor();
  assert.match(await dialog.locator('[data-testid="archive-cutoff"]').innerText(), /之前办结的案件可以归档/);
  await page.waitForTimeout(400); // the dialog fades in
  await screenshot('workspace-capacity-archive-1366x768.png');
}
