// Staff and grid lists through the import wizard (issue 5: "grids and staff lists can be imported
// from spreadsheets too, same wizard"). The files are written here from the demo district's own
// grids: a staff list as .xlsx (title row above the header, one unknown grid, one unknown role) and
// a grid list as GBK CSV (one unknown code). Each goes file → columns → report → commit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-e2e-roster-'));
  try {
    const tree = await invoke('regions:tree', {});
    const byId = new Map(tree.map((n) => [n.id, n]));
    const grids = tree.filter((n) => n.level === 'grid').slice(0, 4);
    assert.equal(grids.length, 4);

    const staffFile = path.join(dir, '东城区网格员名单.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('名单');
    sheet.addRow(['网格员名单（2026年11月）']);
    sheet.addRow(['姓名', '角色', '联系电话', '所属网格', '部门']);
    sheet.addRow(['周桂兰', '网格员', '13911110001', grids[0].code, '']);
    sheet.addRow(['吴志强', '街巷长', '13911110002', grids[1].name, '']);
    sheet.addRow(['郑丽', '小巷管家', '13911110003', grids[2].code, '']);
    sheet.addRow(['欧阳未来', '网格员', '13911110004', '110101000000999', '']);
    sheet.addRow(['司马试用', '保洁', '13911110005', grids[3].code, '']);
    await book.xlsx.writeFile(staffFile);

    await page.locator('[data-testid="nav-import"]').click();
    await page.locator('[data-testid="import-view"]').waitFor();
    await page.locator('[data-testid="import-target-staff"]').click();
    await page.locator('[data-testid="import-file"]').setInputFiles(staffFile);
    await page.locator('[data-testid="import-preview"]', { hasText: '周桂兰' }).waitFor();
    await page.locator('[data-testid="import-next"]').click();
    await page.locator('[data-testid="roster-map-name"]', { hasText: '姓名' }).waitFor();
    assert.match(await page.locator('[data-testid="roster-map-grid"]').innerText(), /所属网格/);
    assert.match(await page.locator('[data-testid="roster-map-phone"]').innerText(), /联系电话/);
    await screenshot('import-staff-mapping.png');
    await page.locator('[data-testid="roster-validate"]').click();
    await page.locator('[data-testid="roster-report"][data-total="5"][data-refused="2"]').waitFor();
    const problems = await page.locator('[data-testid="roster-problems"]').innerText();
    assert.match(problems, /6\s+所属网格\s+110101000000999/);
    assert.match(problems, /7\s+角色\s+保洁/);
    await screenshot('import-staff-report.png');
    await page.locator('[data-testid="roster-commit"]').click();
    await page.locator('[data-testid="roster-result"][data-inserted="3"]').waitFor();
    await screenshot('import-staff-done.png');
    const staff = await invoke('directory:staff', {});
    const zhou = staff.find((s) => s.name === '周桂兰');
    assert.ok(zhou && zhou.role === 'grid_worker' && zhou.regionId === grids[0].id, JSON.stringify(zhou));
    assert.equal(staff.find((s) => s.name === '吴志强')?.role, 'street_chief');
    assert.equal(staff.filter((s) => s.name === '欧阳未来' || s.name === '司马试用').length, 0);
    log('staff list imported');

    // A grid list in GBK: households by code; an unknown code refused with its row and column.
    const gridFile = path.join(dir, '网格台账.csv');
    const lines = [['网格编码', '网格名称', '所属社区', '户数', '人口']];
    grids.forEach((g, i) => lines.push([g.code, g.name, byId.get(g.parentId)?.name ?? '', String(400 + i), String(1100 + i)]));
    lines.push(['110101999999999', '不存在的网格', '', '10', '30']);
    fs.writeFileSync(gridFile, iconv.encode(`${lines.map((l) => l.join(',')).join('\r\n')}\r\n`, 'gbk'));
    await page.locator('[data-testid="import-again"]').click();
    await page.locator('[data-testid="import-target-grids"]').click();
    await page.locator('[data-testid="import-file"]').setInputFiles(gridFile);
    await page.locator('[data-testid="import-preview"]', { hasText: '网格编码' }).waitFor();
    assert.match(await page.locator('.table-options').innerText(), /GB/);
    await page.locator('[data-testid="import-next"]').click();
    await page.locator('[data-testid="roster-map-code"]', { hasText: '网格编码' }).waitFor();
    await page.locator('[data-testid="roster-validate"]').click();
    await page.locator('[data-testid="roster-report"][data-total="5"][data-refused="1"]').waitFor();
    assert.match(await page.locator('[data-testid="roster-problems"]').innerText(), /6\s+网格编码\s+110101999999999/);
    await screenshot('import-grids-report.png');
    await page.locator('[data-testid="roster-commit"]').click();
    await page.locator('[data-testid="roster-result"][data-updated="4"]').waitFor();
    const after = await invoke('regions:tree', {});
    assert.deepEqual(grids.map((g) => after.find((n) => n.id === g.id)?.households), [400, 401, 402, 403]);
    log('grid list imported');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
