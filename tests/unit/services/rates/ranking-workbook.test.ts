import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Ranking, RankingRow } from '../../../../electron/contract';
import { rankingWorkbook } from '../../../../electron/services/rates/ranking-workbook';
import { DEFAULT_RATE_SETTINGS } from '../../../../electron/services/rates/rate-formulas';

const counts = (cases: number, rated: number) => ({ cases, responseJudged: cases, responded: cases, rated, solved: rated, satisfied: rated, basicallySatisfied: 0 });
const row = (unitId: number, unitName: string, rank: number, composite: number, change: number | null): RankingRow => ({
  unitId, unitName, counts: counts(10 * unitId, 5), response: 0.9, resolution: 0.8, satisfaction: 0.755, composite, rank,
  previousRank: rank + 1, previousComposite: change === null ? null : composite - change, change,
});

describe('ranking report workbook', () => {
  const live: Ranking = {
    month: '2026-10', level: 'street', settings: DEFAULT_RATE_SETTINGS,
    rows: [row(1, '东华门街道', 1, 88.5, 2.25), row(2, '景山街道', 2, 80.1, -1.5)],
    totals: counts(30, 10),
    snapshot: { frozenAt: Date.UTC(2026, 10, 2, 1), frozenBy: '孔子晨', rows: [row(1, '东华门街道', 2, 70, null)] },
    differs: true,
    coverage: { key: 2026 * 12 + 9, month: '2026-10', state: 'complete', cases: 30, days: 31, throughDay: 31, inProgress: false },
    defaultMonth: '2026-10',
  };

  const read = async (bytes: Buffer) => {
    const book = new ExcelJS.Workbook();
    // exceljs types want the older Buffer type; the bytes are the same.
    await book.xlsx.load(bytes as never);
    return book.worksheets[0]!;
  };

  it('has a title, Chinese headers, rates as percentages and a total row', async () => {
    const sheet = await read(await rankingWorkbook(live, '东城区', false));
    expect(sheet.name).toBe('2026-10 街道排名');
    expect(String(sheet.getCell('A1').value)).toBe('东城区 2026-10 街道“三率”考核排名');
    expect(String(sheet.getCell('A2').value)).toMatch(/^计分规则：综合得分＝100×/);
    expect(sheet.getRow(4).values).toEqual([undefined, '排名', '考核对象', '案件数', '响应率', '解决率', '满意率', '综合得分', '环比（分）', '上月排名', '回访数']);
    expect(sheet.getRow(5).values).toEqual([undefined, 1, '东华门街道', 10, 0.9, 0.8, 0.755, 88.5, 2.25, 2, 5]);
    expect(sheet.getCell('D5').numFmt).toBe('0.0%');
    expect(sheet.getCell('H6').value).toBe(-1.5);
    expect(sheet.getRow(7).getCell(1).value).toBe('合计');
    expect(sheet.getRow(7).getCell(3).value).toBe(30);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    // A month in progress says so in the title.
    const partial = await read(await rankingWorkbook({ ...live, coverage: { ...live.coverage, state: 'partial', throughDay: 4, inProgress: true } }, '东城区', false));
    expect(String(partial.getCell('A1').value)).toBe('东城区 2026-10 街道“三率”考核排名（本月进行中 · 截至10月4日）');
  });

  it('exports the published snapshot when asked, not the live figures', async () => {
    const sheet = await read(await rankingWorkbook(live, '东城区', true));
    expect(String(sheet.getCell('A1').value)).toMatch(/已发布快照/);
    expect(sheet.getRow(5).values).toEqual([undefined, 2, '东华门街道', 10, 0.9, 0.8, 0.755, 70, null, 3, 5].map((v) => (v === null ? undefined : v)));
    expect(String(sheet.getCell('A3').value)).toBe('冻结发布：2026-11-02 01:00 UTC');
  });
});
