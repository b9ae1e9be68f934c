// Issue 13, "chart labels collide in the time patterns": at 1600x1000 and 1366x768 no two texts that
// the three charts draw overlap (each chart counts its own collisions after it renders, from what
// was painted: data-label-overlaps), and the categories' legend wraps instead of cutting a name.
import assert from 'node:assert/strict';

const SIZES = [{ width: 1600, height: 1000 }, { width: 1366, height: 768 }];
const CHARTS = ['chart-monthly', 'chart-hour-weekday', 'chart-calendar'];

/** @param {{ page: import('playwright-core').Page, screenshot: Function, log: Function }} ctx */
export async function run({ page, screenshot, log }) {
  await page.locator('[data-testid="nav-analytics"]').click();
  await page.locator('#tab-temporal').click();
  const legend = page.locator('[data-testid="chart-monthly-legend"]');
  await legend.locator('.legend-item').first().waitFor({ timeout: 60_000 });

  for (const size of SIZES) {
    await page.setViewportSize(size);
    const tag = `${size.width}x${size.height}`;
    // Every chart has rendered and reported; the resize to this size re-renders (and re-reports) them.
    await page.waitForFunction(
      (ids) => ids.every((id) => Number(document.querySelector(`[data-testid="${id}"]`)?.dataset.labels) > 0),
      CHARTS,
      { timeout: 30_000 },
    );
    await page.waitForTimeout(1500);
    const report = await page.evaluate((ids) => ids.map((id) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      return { id, labels: Number(el.dataset.labels), overlaps: Number(el.dataset.labelOverlaps), list: el.dataset.labelOverlapList ?? '' };
    }), CHARTS);
    log(`${tag}: ${report.map((r) => `${r.id} ${r.labels} labels, ${r.overlaps} overlapping`).join('; ')}`);
    for (const r of report) {
      assert.ok(r.labels >= 12, `${tag}: ${r.id} drew its labels (${r.labels})`);
      assert.equal(r.overlaps, 0, `${tag}: ${r.id} labels overlap: ${r.list}`);
    }
    // The legend: every category name whole inside its card.
    const cut = await legend.evaluate((box) => {
      const right = box.getBoundingClientRect().right;
      return [...box.querySelectorAll('.legend-item')].filter((item) => item.getBoundingClientRect().right > right + 0.5).map((item) => item.textContent.trim());
    });
    assert.deepEqual(cut, [], `${tag}: legend names cut`);
    // Each chart's canvas lies whole inside its card (a taller legend must not push the axis out of view).
    const clipped = await page.evaluate((ids) => ids.filter((id) => {
      const chart = document.querySelector(`[data-testid="${id}"]`).getBoundingClientRect();
      const card = document.querySelector(`[data-testid="${id}"]`).closest('.chart-card').getBoundingClientRect();
      return chart.bottom > card.bottom + 0.5 || chart.right > card.right + 0.5;
    }), CHARTS);
    assert.deepEqual(clipped, [], `${tag}: charts cut by their card`);
    await screenshot(`time-patterns-${tag}`);
  }

  // A name in the legend switches its line off and on again.
  const first = legend.locator('.legend-item').first();
  await first.click();
  assert.equal(await first.getAttribute('aria-pressed'), 'false');
  await first.click();
  assert.equal(await first.getAttribute('aria-pressed'), 'true');
}
