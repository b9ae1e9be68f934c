// An attachment whose file has not reached this workstation yet (issue 14: a package left it out, or
// the hub has not been reached): the drawer lists it with 文件尚未送达 instead of a broken image.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAghCMDwAAAABJRU5ErkJggg==';
const TITLE = '附件送达测试：路面塌陷';

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, workspace: string }} ctx */
export async function run({ page, screenshot, invoke, workspace }) {
  await page.waitForSelector('[data-testid="app-name"]');
  const grid = (await invoke('regions:tree', {})).find((r) => r.level === 'grid' && r.centroid);
  const created = await invoke('cases:create', { source: 'patrol', title: TITLE, location: { lng: grid.centroid[0], lat: grid.centroid[1], crs: 'wgs84' } });
  const here = Buffer.from(PNG_1PX, 'base64');
  const away = Buffer.concat([here, Buffer.from('elsewhere')]);
  await invoke('attachments:add', { caseId: created.id, kind: 'before', files: [
    { fileName: '现场.png', mime: 'image/png', dataBase64: here.toString('base64') },
    { fileName: '另一台电脑的照片.png', mime: 'image/png', dataBase64: away.toString('base64') },
  ] });
  const [, missing] = await invoke('attachments:list', { caseId: created.id });
  // As if its bytes had not come yet: the row is here, the file is not.
  fs.rmSync(path.join(workspace, 'attachments', missing.sha256.slice(0, 2), missing.sha256));

  await page.locator('input[data-testid="filter-text"], [data-testid="filter-text"] input').first().fill('附件送达测试');
  await page.waitForFunction(() => document.querySelector('[data-testid="case-total"]')?.getAttribute('data-total') === '1');
  await page.locator('[data-testid="case-table"] [data-testid="case-row"]').first().click();
  const drawer = page.locator('[data-testid="case-detail"]');
  const placeholder = drawer.locator('[data-testid="attachment-missing-before"]');
  await placeholder.waitFor();
  assert.match(await placeholder.innerText(), /文件尚未送达/);
  assert.equal(await placeholder.getAttribute('title'), '另一台电脑的照片.png');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="case-attachments"] img')].some((img) => img.naturalWidth > 0));
  assert.equal(await drawer.locator('[data-testid="case-attachments"] img').count(), 1, 'only the file that is here is drawn');
  await drawer.locator('[data-testid="case-attachments"]').scrollIntoViewIfNeeded();
  await screenshot('attachment-not-arrived-1600.png');
  await page.setViewportSize({ width: 1366, height: 768 });
  await drawer.locator('[data-testid="case-attachments"]').scrollIntoViewIfNeeded();
  await screenshot('attachment-not-arrived-1366.png');
}
