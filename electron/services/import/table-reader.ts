import fs from 'node:fs';
import path from 'node:path';
import type { WorkBook } from '@e965/xlsx';
import { xlsx } from '../shared/spreadsheet-libs';
import { AppError } from '../backend/app-error';
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
export function inspectTable(file: string, options: TableOptions = {}): TableInfo {
  const format = tableFormat(file);
  const fileBytes = fs.statSync(file).size;
  if (format === 'csv') {
    const head = readHead(file, 512 * 1024);
    const detected = detectEncoding(head);
    const encoding = options.encoding ?? detected;
    const decoder = textDecoder(encoding);
    const text = decoder.write(head);
    const delimiter = detectDelimiter(text);
    const parser = new CsvParser(delimiter);
    const rows = parser.push(text).slice(0, HEADER_SCAN_ROWS + SAMPLE_ROWS);
    if (head.length === fileBytes) rows.push(...parser.end());
    return describe(rows, { format, encoding, detectedEncoding: detected, delimiter, sheets: [], sheet: null, fileBytes }, options);
  }
  const { sheetNames, sheet, rows } = readSheet(file, options.sheet, HEADER_SCAN_ROWS + SAMPLE_ROWS);
  return describe(rows, { format, encoding: null, detectedEncoding: null, delimiter: null, sheets: sheetNames, sheet, fileBytes }, options);
}

function describe(
  rows: string[][],
  base: Omit<TableInfo, 'headerRow' | 'headers' | 'sample'>,
  options: TableOptions,
): TableInfo {
  if (!rows.length) throw new AppError('empty_file', '文件中没有数据');
  const headerIndex = options.headerRow !== undefined ? options.headerRow - 1 : detectHeaderRow(rows);
  const headers = headerNames(rows, headerIndex);
  const sample = rows
    .slice(headerIndex + 1, headerIndex + 1 + SAMPLE_ROWS)
    .map((cells, i) => ({ rowNo: headerIndex + 2 + i, cells }));
  return { ...base, headerRow: headerIndex + 1, headers, sample };
}

/** Every data row after the header row, in batches; stops early when `cancelled()` says so. */
export async function* readRows(file: string, info: TableInfo, batchSize = 5000): AsyncGenerator<RowBatch> {
  if (info.format !== 'csv') {
    const { rows } = readSheet(file, info.sheet ?? undefined);
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
function readSheet(file: string, wanted: string | undefined, maxRows?: number): { sheetNames: string[]; sheet: string; rows: string[][] } {
  let workbook: WorkBook;
  try {
    workbook = xlsx().read(fs.readFileSync(file), { type: 'buffer', cellDates: false, cellNF: false, cellHTML: false, sheetRows: maxRows });
  } catch (error) {
    throw new AppError('unreadable_file', `${path.basename(file)}: 无法读取表格 (${(error as Error).message})`);
  }
  // Without a choice, the sheet with the most rows: a workbook often starts with a notes sheet.
  const size = (name: string) => {
    const ws = workbook.Sheets[name];
    const ref = ws?.['!fullref'] ?? ws?.['!ref'];
    return ref ? xlsx().utils.decode_range(ref).e.r : -1;
  };
  const sheet = wanted ?? [...workbook.SheetNames].sort((a, b) => size(b) - size(a))[0]!;
  const ws = workbook.Sheets[sheet];
  if (!ws) throw new AppError('not_found', `${path.basename(file)}: 没有名为“${sheet}”的工作表`);
  const raw = xlsx().utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: '', blankrows: true });
  const range = ws['!ref'] ? xlsx().utils.decode_range(ws['!ref']) : { s: { r: 0, c: 0 } };
  // Pad to spreadsheet row 1 and column A so row numbers and merges line up with what Excel shows.
  const rows: string[][] = Array.from({ length: range.s.r }, () => []);
  for (const row of raw) rows.push([...Array<string>(range.s.c).fill(''), ...row.map(cellText)]);
  fillMerges(rows, ws['!merges'] ?? [], 0, 0);
  return { sheetNames: workbook.SheetNames, sheet, rows };
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return String(value).trim();
}
