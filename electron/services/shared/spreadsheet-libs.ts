import { createRequire } from 'node:module';
import type ExcelJSModule from 'exceljs';
import type * as XlsxModule from '@e965/xlsx';

const require = createRequire(import.meta.url);

/**
 * The spreadsheet libraries load on first use: together they add about 0.3 s to every start of
 * the database worker, which most sessions never spend on a spreadsheet.
 */
export function xlsx(): typeof XlsxModule {
  return require('@e965/xlsx') as typeof XlsxModule;
}

export function excelJs(): typeof ExcelJSModule {
  return require('exceljs') as typeof ExcelJSModule;
}
