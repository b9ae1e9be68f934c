import type { Ranking, RankingRow } from '../../contract';
import { excelJs } from '../shared/spreadsheet-libs';
import { LEVEL_NAMES } from '../shared/level-names';

const COLUMNS: { header: string; width: number; value: (row: RankingRow) => number | string | null; format?: string }[] = [
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
  const last = String.fromCharCode(64 + COLUMNS.length);
  sheet.mergeCells(`A1:${last}1`);
  sheet.getCell('A1').value = `${districtName} ${ranking.month} ${LEVEL_NAMES[ranking.level]}“三率”考核排名${published && ranking.snapshot ? '（已发布快照）' : ''}${partialNote(ranking)}`;
  sheet.getCell('A1').font = { size: 16, bold: true };
  sheet.getCell('A1').alignment = { horizontal: 'center' };
  const { weights, basicallySatisfiedCredit } = ranking.settings;
  const sum = weights.response + weights.resolution + weights.satisfaction;
  sheet.mergeCells(`A2:${last}2`);
  sheet.getCell('A2').value =
    `计分规则：综合得分＝100×（${(weights.response / sum).toFixed(2)}×响应率＋${(weights.resolution / sum).toFixed(2)}×解决率＋` +
    `${(weights.satisfaction / sum).toFixed(2)}×满意率）；基本满意按 ${basicallySatisfiedCredit} 计入满意；按受理月份统计，合并案件只计一次。`;
  sheet.getCell('A2').alignment = { wrapText: true };
  sheet.getRow(2).height = 30;
  sheet.getCell('A3').value = ranking.snapshot ? `冻结发布：${new Date(ranking.snapshot.frozenAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '未冻结发布（实时数据）';
  const header = sheet.getRow(4);
  COLUMNS.forEach((column, i) => {
    header.getCell(i + 1).value = column.header;
    sheet.getColumn(i + 1).width = column.width;
    if (column.format) sheet.getColumn(i + 1).numFmt = column.format;
  });
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E99' } };
  header.alignment = { horizontal: 'center' };
  for (const row of rows) sheet.addRow(COLUMNS.map((column) => column.value(row)));
  const totals = ranking.totals;
  const total = sheet.addRow(['合计', '', totals.cases, null, null, null, null, null, null, totals.rated]);
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
