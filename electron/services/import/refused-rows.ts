import type { ExportedFile } from '../../contract';
import { xlsx } from '../shared/spreadsheet-libs';
import type { Analysis } from './import-analysis';
import { readRows, type TableInfo } from './table-reader';

/**
 * The rows not imported — refused, and (when the mapping says so) set aside for their warnings —
 * as they were in the file, with the reasons in a first column, to fix and re-import. Set-aside
 * and out-of-scope rows are not kept in memory during the analysis: their cells are read from the file again here.
 */
export async function refusedRowsWorkbook(file: string, fileName: string, table: TableInfo, analysis: Analysis): Promise<ExportedFile> {
  const setAside = new Set(analysis.setAside);
  // Refused after reading (their cells were not kept): read from the file again, like the set-aside ones.
  const reread = new Set([...analysis.setAside, ...analysis.outOfScope]);
  const reasons = new Map<number, string[]>();
  for (const p of analysis.problems.details) {
    if (p.severity !== 'error' && !setAside.has(p.rowNo)) continue;
    const list = reasons.get(p.rowNo) ?? [];
    list.push(`${p.column ?? ''} ${p.value ? `“${p.value}”` : ''}: ${p.message}`.trim());
    reasons.set(p.rowNo, list);
  }
  const rows = [...analysis.refusedRows, ...(reread.size ? await rowsOf(file, table, reread) : [])].sort((a, b) => a.rowNo - b.rowNo);
  const aoa = [['问题', '原行号', ...analysis.headers], ...rows.map((r) => [(reasons.get(r.rowNo) ?? []).join('；'), r.rowNo, ...r.cells])];
  const sheet = xlsx().utils.aoa_to_sheet(aoa);
  sheet['!cols'] = [{ wch: 40 }, { wch: 8 }, ...analysis.headers.map(() => ({ wch: 16 }))];
  const book = xlsx().utils.book_new();
  xlsx().utils.book_append_sheet(book, sheet, '未导入的行');
  const bytes = xlsx().write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  const base = fileName.replace(/\.[^.]+$/, '');
  return { fileName: `${base}-未导入.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', dataBase64: bytes.toString('base64') };
}

async function rowsOf(file: string, table: TableInfo, rowNos: Set<number>): Promise<{ rowNo: number; cells: string[] }[]> {
  const found: { rowNo: number; cells: string[] }[] = [];
  for await (const batch of readRows(file, table)) {
    batch.rows.forEach((cells, i) => {
      if (rowNos.has(batch.firstRowNo + i)) found.push({ rowNo: batch.firstRowNo + i, cells });
    });
  }
  return found;
}
