import type { Ranking, RankingRow } from '../../contract';
import { excelJs } from '../shared/spreadsheet-libs';
import { LEVEL_NAMES } from '../shared/level-names';

type Column = { header: string; width: number; value: (row: RankingRow) => number | string | null; format?: string };
const COLUMNS: Column[] = [
  { header: '排名', width: 7, value: (r) => r.rank },
  { header: '考核对象', width: 28, value: (r) => r.unitName },
  { header: '案件数', width: 9, value: (r) => r.counts.cases, format: '#,##0' },
  { header: '响应率', width: 10, value: (r) => r.response, format: '0.0%' },
  { header: '解决率', width: 10, value: (r) => r.resolution, format: '0.0%' },
  { header: '满意率', width: 10, value: (r) => r.satisfaction, format: '0.0%' },
  { header: '综合得分', width: 10, value: (r) => r.composite, format: '0.00' },
  { header: '环比（分）', width: 11, value: (r) => r.change, format: '+0.00;-0.00;0.00' },
  { header: '上月排名', width: 9, value: (r) => r.previousRank },
  { header: '回访数', width: 8, value: (r) => r.counts.rated, format: '#,##0' },
];
/** The dispatcher level adds dispatch accuracy beside the three rates, with its counts. */
const DISPATCH_COLUMNS: Column[] = [
  { header: '派遣准确率', width: 11, value: (r) => r.dispatchAccuracy ?? null, format: '0.0%' },
  { header: '派遣数', width: 8, value: (r) => r.counts.dispatches ?? 0, format: '#,##0' },
  { header: '被退单数', width: 9, value: (r) => r.counts.dispatchesReturned ?? 0, format: '#,##0' },
];

/** Who a person-level ranking counts a case for, in the report's rules line. */
const ATTRIBUTION: Partial<Record<Ranking['level'], string>> = {
  dispatcher: '案件计入最后一次派遣的派遣员；派遣准确率＝未被退单的派遣数÷派遣数，每次退单计入被退回那次派遣的派遣员。',
  handler: '案件计入其承办人（被派遣或响应接办的人员）；尚无承办人的案件不计入。',
};

/**
 * The monthly ranking report as a formatted workbook: a title, the counting rules, Chinese
 * headers, rates as percentages, frozen header rows. `published` takes the frozen snapshot's rows.
 */
export async function rankingWorkbook(ranking: Ranking, districtName: string, published: boolean): Promise<Buffer> {
  const ExcelJS = excelJs();
  const book = new ExcelJS.Workbook();
  book.creator = 'GridDesk 网格通';
  const sheet = book.addWorksheet(`${ranking.month} ${LEVEL_NAMES[ranking.level]}排名`, {
    views: [{ state: 'frozen', ySplit: 4 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const rows = published && ranking.snapshot ? ranking.snapshot.rows : ranking.rows;
  const columns = ranking.level === 'dispatcher' ? [...COLUMNS.slice(0, 6), ...DISPATCH_COLUMNS, ...COLUMNS.slice(6)] : COLUMNS;
  const last = String.fromCharCode(64 + columns.length);
  sheet.mergeCells(`A1:${last}1`);
  sheet.getCell('A1').value = `${districtName} ${ranking.month} ${LEVEL_NAMES[ranking.level]}“三率”考核排名${published && ranking.snapshot ? '（已发布快照）' : ''}${partialNote(ranking)}`;
  sheet.getCell('A1').font = { size: 16, bold: true };
  sheet.getCell('A1').alignment = { horizontal: 'center' };
  const { weights, basicallySatisfiedCredit } = ranking.settings;
  const accuracy = ranking.level === 'dispatcher' ? (weights.dispatchAccuracy ?? 0) : 0;
  const sum = weights.response + weights.resolution + weights.satisfaction + accuracy;
  sheet.mergeCells(`A2:${last}2`);
  sheet.getCell('A2').value =
    `计分规则：综合得分＝100×（${(weights.response / sum).toFixed(2)}×响应率＋${(weights.resolution / sum).toFixed(2)}×解决率＋` +
    `${(weights.satisfaction / sum).toFixed(2)}×满意率${accuracy ? `＋${(accuracy / sum).toFixed(2)}×派遣准确率` : ''}）；基本满意按 ${basicallySatisfiedCredit} 计入满意；按受理月份统计，合并案件只计一次。` +
    (ATTRIBUTION[ranking.level] ?? '');
  sheet.getCell('A2').alignment = { wrapText: true };
  sheet.getRow(2).height = ATTRIBUTION[ranking.level] ? 45 : 30;
  sheet.getCell('A3').value = ranking.snapshot ? `冻结发布：${new Date(ranking.snapshot.frozenAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '未冻结发布（实时数据）';
  const header = sheet.getRow(4);
  columns.forEach((column, i) => {
    header.getCell(i + 1).value = column.header;
    sheet.getColumn(i + 1).width = column.width;
    if (column.format) sheet.getColumn(i + 1).numFmt = column.format;
  });
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E99' } };
  header.alignment = { horizontal: 'center' };
  for (const row of rows) sheet.addRow(columns.map((column) => column.value(row)));
  const totals = ranking.totals;
  const sums: Record<string, number | undefined> = { 案件数: totals.cases, 回访数: totals.rated, 派遣数: totals.dispatches, 被退单数: totals.dispatchesReturned };
  const total = sheet.addRow(columns.map((column, i) => (i === 0 ? '合计' : sums[column.header] ?? null)));
  total.font = { bold: true };
  for (let r = 4; r <= sheet.rowCount; r++) {
    sheet.getRow(r).eachCell({ includeEmpty: true }, (cell) => {
      cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A report of a month that is not over says so in its title (the figures will still change). */
export function partialNote(ranking: Pick<Ranking, 'coverage' | 'month'>): string {
  const c = ranking.coverage;
  if (c.state !== 'partial') return '';
  const m = Number(ranking.month.slice(5));
  return c.inProgress ? `（本月进行中 · 截至${m}月${c.throughDay}日）` : `（数据不完整 · 截至${m}月${c.throughDay}日）`;
}
