import fs from 'node:fs';
import type { Geometry } from '../../contract';
import { excelJs } from '../shared/spreadsheet-libs';
import { shanghaiExcelDate, shanghaiText } from './case-table';
import { csvField, neutraliseFormula } from './neutralise';

export type TableFormat = 'csv' | 'xlsx' | 'geojson';
export type TableCell = string | number | null;
export interface TableColumn {
  header: string;
  width?: number;
  /** Epoch ms, written as Beijing wall-clock time (CSV, .xlsx) or ISO 8601 (GeoJSON). */
  date?: boolean;
}

/**
 * Writes a table of any length to a file as it arrives, page by page: nothing but the current page
 * is held in memory (CSV and GeoJSON are appended to the file; .xlsx through ExcelJS's streaming
 * writer, which flushes each committed row). Text that starts like a formula is neutralised.
 */
export interface TableWriter {
  /** One page of rows, with each row's geometry for GeoJSON (rows without one are left out there). */
  write(rows: TableCell[][], geometries?: (Geometry | null)[]): Promise<void>;
  /** Finishes the file; the number of rows (GeoJSON: features) written. */
  close(): Promise<number>;
}

/** One .xlsx sheet holds 1,048,576 rows: the rest go on to the next sheet. */
const XLSX_SHEET_ROWS = 1_048_575;

export function openTableWriter(file: string, format: TableFormat, columns: TableColumn[], sheetName: string): TableWriter {
  if (format === 'xlsx') return xlsxWriter(file, columns, sheetName);
  const fd = fs.openSync(file, 'w');
  let written = 0;
  if (format === 'csv') {
    // UTF-8 with BOM: Excel and WPS open it as Unicode, not in the ANSI code page.
    fs.writeSync(fd, `\ufeff${columns.map((c) => csvField(c.header)).join(',')}\r\n`);
    return {
      async write(rows) {
        const text = rows.map((row) => row.map((v, k) => csvField(columns[k]!.date && typeof v === 'number' ? shanghaiText(v) : v)).join(',')).join('\r\n');
        if (rows.length) fs.writeSync(fd, `${text}\r\n`);
        written += rows.length;
      },
      async close() {
        fs.closeSync(fd);
        return written;
      },
    };
  }
  fs.writeSync(fd, '{"type":"FeatureCollection","features":[\n');
  return {
    async write(rows, geometries = []) {
      const features: string[] = [];
      rows.forEach((row, i) => {
        const geometry = geometries[i];
        if (!geometry) return;
        const properties = Object.fromEntries(columns.map((c, k) => [c.header, c.date && typeof row[k] === 'number' ? new Date(row[k]).toISOString() : row[k] ?? null]));
        features.push(JSON.stringify({ type: 'Feature', geometry, properties }));
      });
      if (features.length) fs.writeSync(fd, `${written ? ',\n' : ''}${features.join(',\n')}`);
      written += features.length;
    },
    async close() {
      fs.writeSync(fd, '\n]}\n');
      fs.closeSync(fd);
      return written;
    },
  };
}

function xlsxWriter(file: string, columns: TableColumn[], sheetName: string): TableWriter {
  const book = new (excelJs().stream.xlsx.WorkbookWriter)({ filename: file, useStyles: true, useSharedStrings: false });
  let sheet: ReturnType<typeof book.addWorksheet> | undefined;
  let sheets = 0;
  let inSheet = XLSX_SHEET_ROWS;
  let written = 0;
  const nextSheet = () => {
    sheet?.commit();
    sheets++;
    sheet = book.addWorksheet(sheets === 1 ? sheetName : `${sheetName} (${sheets})`, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 14, style: c.date ? { numFmt: 'yyyy-mm-dd hh:mm' } : {} }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    inSheet = 0;
  };
  return {
    async write(rows) {
      for (const row of rows) {
        if (inSheet >= XLSX_SHEET_ROWS) nextSheet();
        sheet!.addRow(row.map((v, k) => (v === null ? null : columns[k]!.date && typeof v === 'number' ? shanghaiExcelDate(v) : typeof v === 'string' ? neutraliseFormula(v) : v))).commit();
        inSheet++;
        written++;
      }
    },
    async close() {
      if (!sheet) nextSheet();
      sheet!.commit();
      await book.commit();
      return written;
    },
  };
}
