import fs from 'node:fs';
import path from 'node:path';
import type { CellObject, WorkBook } from '@e965/xlsx';
import { INPUT_LIMITS, sizeLabel } from '../../contract/input-limits';
import { xlsx } from '../shared/spreadsheet-libs';
import { checkZip } from '../shared/bounded-zip';
import { AppError } from '../shared/app-error';
import { CsvParser, detectDelimiter } from './csv-parser';
import { detectEncoding, textDecoder, type TextEncoding } from './encoding';
import { HEADER_SCAN_ROWS, detectHeaderRow, fillMerges, headerNames } from './header-row';

export type TableFormat = 'csv' | 'xlsx' | 'xls';

export interface TableOptions {
  encoding?: TextEncoding;
  sheet?: string;
  /** 1-based row number of the header row; detected when absent. */
  headerRow?: number;
}

export interface TableInfo {
  format: TableFormat;
  encoding: TextEncoding | null;
  detectedEncoding: TextEncoding | null;
  delimiter: string | null;
  sheets: string[];
  sheet: string | null;
  headerRow: number;
  headers: string[];
  /** The first rows after the header, for the preview and for format detection. */
  sample: { rowNo: number; cells: string[] }[];
  fileBytes: number;
}

/** A batch of data rows; rowNo is the row number a spreadsheet program shows (header included). */
export interface RowBatch {
  rows: string[][];
  firstRowNo: number;
  /** Share of the file read so far, 0–1, for progress. */
  progress: number;
}

const CSV_CHUNK = 1 << 20;
const SAMPLE_ROWS = 200;

export function tableFormat(file: string): TableFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm' || ext === '.et') return 'xlsx';
  if (ext === '.xls') return 'xls';
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return 'csv';
  throw new AppError('unsupported_file', `${path.basename(file)}: 只支持 .xlsx、.xls、.csv、.txt 文件`);
}

/** Reads what the wizard needs to show: encoding, sheets, header row, headers, first rows. */
/** `fileName` is the name the user knows the file by (a staged copy's own name is an id). */
export function inspectTable(file: string, options: TableOptions = {}, fileName = path.basename(file)): TableInfo {
  const format = tableFormat(fileName);
  const fileBytes = checkTableSize(file, format, fileName);
  if (format === 'csv') {
    const head = readHead(file, 512 * 1024);
    const detected = detectEncoding(head);
    const encoding = options.encoding ?? detected;
    // NUL bytes: a binary file (a photo, a zip, an .xlsx renamed) whose "rows" would be noise.
    if (detected !== 'utf-16le' && encoding !== 'utf-16le' && head.includes(0)) {
      throw new AppError('unreadable_file', `${fileName}：不是文本表格（文件中有二进制数据），请确认选的是 CSV 文件，或在 Excel/WPS 中另存为 CSV`);
    }
    const decoder = textDecoder(encoding);
    const text = decoder.write(head);
    const delimiter = detectDelimiter(text);
    const parser = new CsvParser(delimiter);
    const rows = parser.push(text).slice(0, HEADER_SCAN_ROWS + SAMPLE_ROWS);
    if (head.length === fileBytes) rows.push(...parser.end());
    checkDecoded(fileName, rows, encoding, detected);
    return describe(rows, { format, encoding, detectedEncoding: detected, delimiter, sheets: [], sheet: null, fileBytes }, options, fileName);
  }
  const { sheetNames, sheet, rows } = readSheet(file, fileName, options.sheet, HEADER_SCAN_ROWS + SAMPLE_ROWS);
  return describe(rows, { format, encoding: null, detectedEncoding: null, delimiter: null, sheets: sheetNames, sheet, fileBytes }, options, fileName);
}

/** Characters that did not decode (U+FFFD) in the first rows: beyond a stray few, the encoding is wrong. */
const MOJIBAKE_LIMIT = 8;
const ENCODING_LABEL: Record<TextEncoding, string> = { 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8', gbk: 'GBK', gb18030: 'GB18030', 'utf-16le': 'UTF-16' };

function checkDecoded(fileName: string, rows: string[][], encoding: TextEncoding, detected: TextEncoding): void {
  let count = 0;
  let first: { row: number; col: number; cell: string } | null = null;
  rows.forEach((cells, r) =>
    cells.forEach((cell, c) => {
      for (let i = cell.indexOf('\uFFFD'); i >= 0; i = cell.indexOf('\uFFFD', i + 1)) count++;
      if (!first && cell.includes('\uFFFD')) first = { row: r + 1, col: c + 1, cell };
    }),
  );
  if (count < MOJIBAKE_LIMIT || !first) return;
  const at = first as { row: number; col: number; cell: string };
  const hint = detected !== encoding && ENCODING_LABEL[detected] !== ENCODING_LABEL[encoding] ? `请改选 ${ENCODING_LABEL[detected]}` : '请改选 GBK 或 UTF-8 试试';
  throw new AppError(
    'wrong_encoding',
    `${fileName}：按 ${ENCODING_LABEL[encoding]} 读出乱码（第 ${at.row} 行第 ${at.col} 列“${at.cell.slice(0, 12)}”），编码选得不对，${hint}`,
  );
}

function describe(
  rows: string[][],
  base: Omit<TableInfo, 'headerRow' | 'headers' | 'sample'>,
  options: TableOptions,
  fileName: string,
): TableInfo {
  if (!rows.length) throw new AppError('empty_file', `${fileName}：文件中没有数据`);
  const headerIndex = options.headerRow !== undefined ? options.headerRow - 1 : detectHeaderRow(rows);
  const headers = headerNames(rows, headerIndex);
  const sample = rows
    .slice(headerIndex + 1, headerIndex + 1 + SAMPLE_ROWS)
    .map((cells, i) => ({ rowNo: headerIndex + 2 + i, cells }));
  return { ...base, headerRow: headerIndex + 1, headers, sample };
}

/** Every data row after the header row, in batches; stops early when `cancelled()` says so. */
export async function* readRows(file: string, info: TableInfo, batchSize = 5000, fileName = path.basename(file)): AsyncGenerator<RowBatch> {
  checkTableSize(file, info.format, fileName);
  if (info.format !== 'csv') {
    const { rows } = readSheet(file, fileName, info.sheet ?? undefined);
    for (let start = info.headerRow; start < rows.length; start += batchSize) {
      yield { rows: rows.slice(start, start + batchSize), firstRowNo: start + 1, progress: Math.min(1, (start + batchSize) / rows.length) };
    }
    return;
  }
  const decoder = textDecoder(info.encoding!);
  const parser = new CsvParser(info.delimiter ?? ',');
  const handle = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(CSV_CHUNK);
  let recordNo = 0;
  let read = 0;
  let pending: string[][] = [];
  let pendingFirst = 0;
  try {
    for (;;) {
      const n = fs.readSync(handle, buffer, 0, CSV_CHUNK, null);
      read += n;
      const records = n > 0 ? parser.push(decoder.write(buffer.subarray(0, n))) : [...parser.push(decoder.end()), ...parser.end()];
      for (const record of records) {
        recordNo++;
        if (recordNo <= info.headerRow) continue;
        if (!pending.length) pendingFirst = recordNo;
        pending.push(record);
      }
      if (pending.length >= batchSize || (n === 0 && pending.length)) {
        yield { rows: pending, firstRowNo: pendingFirst, progress: info.fileBytes ? read / info.fileBytes : 1 };
        pending = [];
      }
      if (n === 0) return;
    }
  } finally {
    fs.closeSync(handle);
  }
}

/** The most a table of this format may be (INPUT_LIMITS): its size, or a refusal naming the file. */
export function tableSizeLimit(format: TableFormat): number {
  return format === 'csv' ? INPUT_LIMITS.csvBytes : format === 'xlsx' ? INPUT_LIMITS.xlsxBytes : INPUT_LIMITS.xlsBytes;
}

export function checkTableSize(file: string, format: TableFormat, fileName = path.basename(file)): number {
  const bytes = fs.statSync(file).size;
  const limit = tableSizeLimit(format);
  if (bytes > limit) {
    const hint = format === 'csv' ? '请按时间拆分成几个文件分批导入' : `请另存为 CSV 再导入（CSV 可到 ${sizeLabel(INPUT_LIMITS.csvBytes)}）`;
    throw new AppError('file_too_large', `${fileName}：文件有 ${sizeLabel(bytes)}，超过 ${format.toUpperCase()} 导入上限 ${sizeLabel(limit)}，${hint}`);
  }
  return bytes;
}

function readHead(file: string, bytes: number): Buffer {
  const handle = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = fs.readSync(handle, buffer, 0, bytes, 0);
    return buffer.subarray(0, n);
  } finally {
    fs.closeSync(handle);
  }
}

/** One sheet of an .xlsx/.xls as rows of text, starting at spreadsheet row 1 (blank rows kept). */
function readSheet(file: string, name: string, wanted: string | undefined, maxRows?: number): { sheetNames: string[]; sheet: string; rows: string[][] } {
  const bytes = fs.readFileSync(file);
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const compound = bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0; // legacy .xls, WPS .et, encrypted workbooks
  // SheetJS reads anything as a sheet, even binary junk as text: only workbooks (or the HTML/XML
  // tables some systems save as .xls) get that far.
  if (!zip && !compound && !(path.extname(name).toLowerCase() === '.xls' && bytes.subarray(0, 512).toString('latin1').trimStart().startsWith('<'))) {
    throw new AppError('unreadable_file', `${name}：不是有效的 Excel 工作簿（文件内容不是 xlsx/xls 格式），请在 Excel 或 WPS 中另存为 .xlsx 后再导入`);
  }
  // An .xlsx is a zip: its entries' declared and real sizes are checked before SheetJS inflates them.
  if (zip) {
    checkZip(bytes, name, { entries: INPUT_LIMITS.zipEntries, entryBytes: INPUT_LIMITS.xlsxEntryBytes, totalBytes: INPUT_LIMITS.xlsxUnpackedBytes });
  }
  let workbook: WorkBook;
  try {
    // Dense: cells as arrays per row, so the real extent is known without trusting the declared one.
    workbook = xlsx().read(bytes, { type: 'buffer', dense: true, cellDates: false, cellNF: false, cellHTML: false, cellText: false, sheetRows: maxRows });
  } catch (error) {
    throw new AppError('unreadable_file', `${name}: 无法读取表格 (${(error as Error).message})`);
  }
  // Without a choice, the sheet with the most rows: a workbook often starts with a notes sheet.
  const size = (sheetName: string) => workbook.Sheets[sheetName]?.['!data']?.length ?? -1;
  const sheet = wanted ?? [...workbook.SheetNames].sort((a, b) => size(b) - size(a))[0]!;
  const ws = workbook.Sheets[sheet];
  if (!ws) throw new AppError('not_found', `${name}: 没有名为“${sheet}”的工作表`);
  const rows = sheetRows(name, ws['!data'] ?? []);
  fillMerges(rows, ws['!merges'] ?? [], 0, 0);
  return { sheetNames: workbook.SheetNames, sheet, rows };
}

/**
 * The cells as text, row r at index r (spreadsheet row r + 1), each row as long as its last cell.
 * Bounded by the cells a sheet can really hold in memory: one value in column XFD of every row is
 * a small file but 17 billion cells once padded.
 */
function sheetRows(name: string, data: (CellObject | undefined)[][]): string[][] {
  const rows: string[][] = new Array<string[]>(data.length);
  let cells = 0;
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    const width = row?.length ?? 0;
    cells += width;
    if (cells > INPUT_LIMITS.sheetCells) {
      throw new AppError('file_too_large', `${name}：第 ${r + 1} 行有 ${width} 列，整张表超过 ${INPUT_LIMITS.sheetCells / 1e6} 百万个单元格，请删去多余的行列或另存为 CSV`);
    }
    const out = new Array<string>(width);
    for (let c = 0; c < width; c++) {
      const cell = row![c];
      // An error cell (#N/A, #DIV/0!) holds no value.
      out[c] = cell && cell.t !== 'e' ? cellText(cell.v) : '';
    }
    rows[r] = out;
  }
  return rows;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return String(value).trim();
}
