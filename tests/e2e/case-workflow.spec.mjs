// One case through the whole workflow in the UI: intake (grid and owner suggested from the
// location), a return, a whistle with two departments (one late), the whistle board, an
// unsatisfied callback, a frozen ranking, a reopen, a satisfied callback and the ranking change.
import assert from 'node:assert/strict';

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  await page.waitForSelector('[data-testid="app-name"]');
  const categories = await invoke('directory:categories', {});
  const departments = await invoke('directory:departments', {});
  const category = categories.find((c) => c.level === 2 && c.defaultDepartmentId !== null && c.handlingLimitDays >= 2);
  const lead = departments.find((d) => d.id === category.defaultDepartmentId);
  const wrong = departments.find((d) => d.kind === 'functional' && d.id !== lead.id);
  const other = departments.find((d) => d.kind === 'functional' && d.id !== lead.id && d.id !== wrong.id);
  const grid = (await invoke('regions:tree', {})).find((r) => r.level === 'grid' && r.centroid);
  log(`category ${category.name} → ${lead.name}; grid ${grid.name}`);

  const visibleOption = (text) => page.locator('.el-select-dropdown__item:visible', { hasText: text }).first();
  const chooseIn = async (testId, text) => {
    await page.locator(`[data-testid="${testId}"]`).click();
    await visibleOption(text).click();
  };
  const drawer = page.locator('[data-testid="case-detail"]');
  const status = () => drawer.locator('.detail-head').innerText();
  /** Clicks an action in the drawer, lets `fill` complete the dialog, submits, waits for the new state. */
  const act = async (action, fill, expectStatus) => {
    await drawer.locator(`[data-testid="action-${action}"]`).click();
    const dialog = page.locator('.el-dialog:visible', { has: page.locator('[data-testid="action-submit"]') });
    await dialog.waitFor();
    if (fill) await fill(dialog);
    await dialog.locator('[data-testid="action-submit"]').click();
    await dialog.waitFor({ state: 'hidden' });
    if (expectStatus) await page.waitForFunction((s) => document.querySelector('[data-testid="case-detail"] .detail-head')?.textContent?.includes(s), expectStatus);
    log(`${action} → ${(await status()).replace(/\s+/g, ' ')}`);
  };
  const closeDrawer = async () => {
    await drawer.locator('.el-drawer__close-btn').click();
    await drawer.locator('[data-testid="detail-case-no"]').waitFor({ state: 'hidden' });
  };
  const note = (text) => async (dialog) => dialog.locator('textarea[data-testid="action-note"], [data-testid="action-note"] textarea').first().fill(text);

  // Intake.
  await page.locator('[data-testid="intake-open"]').click();
  const intake = page.locator('.el-dialog:visible', { hasText: '案件受理登记' });
  await intake.waitFor();
  await intake.locator('input[data-testid="intake-external"], [data-testid="intake-external"] input').first().fill('261121000777');
  await intake.locator('[data-testid="intake-category"] input').click();
  await intake.locator('[data-testid="intake-category"] input').fill(category.name);
  await page.locator('.el-cascader__suggestion-item:visible', { hasText: category.name }).first().click();
  await intake.locator('input[data-testid="intake-title"], [data-testid="intake-title"] input').first().fill(`${category.name}：端到端测试`);
  await intake.locator('textarea[data-testid="intake-description"], [data-testid="intake-description"] textarea').first().fill('市民来电反映，请尽快处理。');
  await intake.locator('input[data-testid="intake-reporter"], [data-testid="intake-reporter"] input').first().fill('王小明');
  await intake.locator('input[data-testid="intake-phone"], [data-testid="intake-phone"] input').first().fill('13912345678');
  await intake.locator('input[data-testid="intake-lng"], [data-testid="intake-lng"] input').first().fill(String(grid.centroid[0]));
  await intake.locator('input[data-testid="intake-lat"], [data-testid="intake-lat"] input').first().fill(String(grid.centroid[1]));
  await intake.locator('[data-testid="intake-locate"]').click();
  const suggestion = intake.locator('[data-testid="intake-suggestion"]');
  await suggestion.waitFor();
  assert.match(await suggestion.innerText(), new RegExp(grid.name), 'the grid is found from the location');
  assert.match(await suggestion.innerText(), new RegExp(lead.name.replace(/[()（）]/g, '.')), 'the owner is suggested from the category');
  await screenshot('workflow-intake.png');
  await intake.locator('[data-testid="intake-submit"]').click();
  await intake.waitFor({ state: 'hidden' });
  await drawer.locator('[data-testid="detail-case-no"]').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-detail"]')?.textContent?.includes('139****5678'));
  const caseNo = (await drawer.locator('[data-testid="detail-case-no"]').innerText()).trim();
  log(`received ${caseNo}`);

  await act('register', null, '立案');
  await act('dispatch', async () => chooseIn('action-department', wrong.name), '派遣');
  await act('return', note('不属于本单位职责，请改派'), '退单');
  await act('dispatch', async () => chooseIn('action-department', lead.name), '派遣');
  await act('respond', null, '处置中');
  await act('whistle', async (dialog) => {
    await chooseIn('action-departments', lead.name);
    await visibleOption(other.name).click();
    await page.keyboard.press('Escape');
    await dialog.locator('input[data-testid="action-hours"], [data-testid="action-hours"] input').first().fill('0.01');
    await note('多部门职责交叉，街道吹哨')(dialog);
  });
  const whistleAt = Date.now();
  await act('report', note('到场查看，明确分工'));
  // The second department reports after the 36-second limit: late.
  await page.waitForTimeout(Math.max(0, whistleAt + 40_000 - Date.now()));
  await act('report', note('参加现场会商'));
  const reports = drawer.locator('[data-testid="whistle-report"]');
  assert.equal(await reports.count(), 2);
  assert.doesNotMatch(await reports.nth(0).innerText(), /迟到/);
  assert.match(await reports.nth(1).innerText(), /迟到/, 'the second department reported late');
  await screenshot('workflow-whistle-drawer.png');

  // The whistle board shows the open whistle with its late department.
  await closeDrawer();
  await page.locator('[data-testid="nav-boards"]').click();
  const card = page.locator('[data-testid="whistle-card"]', { hasText: caseNo });
  await card.waitFor();
  assert.match(await card.innerText(), /迟到/);
  await screenshot('workflow-whistle-board.png');
  await card.click();
  await drawer.locator('[data-testid="detail-case-no"]', { hasText: caseNo }).waitFor();

  await act('handle', note('已完成处置'), '处置反馈');
  await act('reject', note('现场核查仍未解决'), '处置中');
  await act('handle', note('再次处置完毕'), '处置反馈');
  await act('verify', note('现场核查已解决'), '核查');
  await act('close', null, '结案');
  await act('callback', async (dialog) => {
    await dialog.locator('[data-testid="action-solved"] label', { hasText: '未解决' }).click();
    await dialog.locator('[data-testid="action-satisfaction"] label', { hasText: '不满意' }).click();
  });
  assert.ok(await drawer.locator('[data-testid="action-reopen"]').isVisible(), 'an unsatisfied callback can reopen');

  // Ranking of this month: our street has one rated case, unsatisfied. Freeze it.
  const detail = (await invoke('cases:list', { filter: { text: caseNo }, offset: 0, limit: 1 })).rows[0];
  const caseMonth = new Date(detail.receivedAt + 8 * 3600_000).toISOString().slice(0, 7);
  await closeDrawer();
  // Rankings open on the last complete month; this case's month is the one in progress: chosen by hand.
  const openRankingOfCaseMonth = async () => {
    await page.locator('[data-testid="nav-rankings"]').click();
    await page.locator('[data-testid="ranking-table"] .el-table__body tr').first().waitFor({ timeout: 60_000 });
    const monthInput = page.locator('.ranking-head .el-date-editor input').first();
    await monthInput.click();
    await monthInput.fill(caseMonth);
    await monthInput.press('Enter');
    await page.keyboard.press('Escape');
    await page.waitForFunction((m) => [...document.querySelectorAll('.ranking-head input')].some((i) => i.value === m), caseMonth);
  };
  await openRankingOfCaseMonth();
  const row = () => page.locator('[data-testid="ranking-table"] .el-table__body tr', { hasText: detail.streetName });
  await row().waitFor();
  await page.waitForFunction(
    (street) => [...document.querySelectorAll('[data-testid="ranking-table"] .el-table__body tr')].some((tr) => tr.textContent.includes(street) && /0\.0%/.test(tr.textContent)),
    detail.streetName,
  );
  await page.locator('[data-testid="ranking-freeze"]').click();
  // Publishing a month in progress asks first, naming the month and that it is partial.
  const confirm = page.locator('.freeze-confirm');
  await confirm.waitFor();
  assert.match(await confirm.innerText(), new RegExp(caseMonth));
  await confirm.locator('.el-button--primary').click();
  await page.locator('[data-testid="ranking-snapshot"]').waitFor();
  await row().locator('[data-testid="drill-satisfaction"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="drill-total"]')?.getAttribute('data-total') === '1');
  await screenshot('workflow-ranking-drill.png');
  await page.locator('[data-testid="ranking-drill"] .el-drawer__close-btn').click();

  // Reopen and a second round, ending satisfied.
  await page.locator('[data-testid="nav-main"]').click();
  await page.locator('input[data-testid="filter-text"], [data-testid="filter-text"] input').first().fill(caseNo);
  await page.locator('[data-testid="case-table"] [data-testid="case-row"]', { hasText: caseNo }).click();
  await drawer.locator('[data-testid="detail-case-no"]', { hasText: caseNo }).waitFor();
  await act('reopen', note('回访不满意，重办'), '派遣');
  await act('respond', null, '处置中');
  await act('handle', note('彻底处置'), '处置反馈');
  await act('verify', null, '核查');
  await act('close', null, '结案');
  await act('callback', async (dialog) => {
    await dialog.locator('[data-testid="action-satisfaction"] label', { hasText: /^满意$/ }).click();
  });
  // 21 transitions, each one appended event: receive … callback (15), reopen … callback (6).
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="case-detail"] [data-testid="timeline-item"]').length === 21);
  const timeline = await drawer.locator('[data-testid="case-timeline"]').innerText();
  for (const label of ['受理', '退单', '吹哨', '部门报到', '核查不通过', '重办', '回访']) assert.match(timeline, new RegExp(label));
  await screenshot('workflow-timeline.png');

  // The live ranking changed; the frozen snapshot did not, and the view says so.
  await closeDrawer();
  await openRankingOfCaseMonth();
  await row().waitFor();
  await page.waitForFunction(() => /不一致/.test(document.querySelector('[data-testid="ranking-snapshot"]')?.textContent ?? ''));
  assert.match(await row().innerText(), /100\.0%/, 'satisfaction 100 % after the satisfied callback');
  await screenshot('workflow-ranking.png');
  const ranking = await invoke('rates:ranking', { month: caseMonth, level: 'street' });
  const live = ranking.rows.find((r) => r.unitName === detail.streetName);
  const frozen = ranking.snapshot.rows.find((r) => r.unitName === detail.streetName);
  assert.equal(live.satisfaction, 1);
  assert.equal(frozen.satisfaction, 0);
  assert.ok(live.composite > frozen.composite, 'the composite rose');
}
