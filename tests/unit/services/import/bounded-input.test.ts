import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import XLSX from '@e965/xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../electron/services/shared/app-error';
import { readBoundaryFile } from '../../../../electron/services/grids/boundary-reader';
import { fillMerges } from '../../../../electron/services/import/header-row';
import { inspectTable, readRows } from '../../../../electron/services/import/table-reader';
import { checkZip } from '../../../../electron/services/shared/bounded-zip';
import { deflatedZeros, ledgerXlsx, polygonShp, rawZip } from '../../../fixtures/bad/make-bad-inputs';
import { tempDir } from '../../../support/temp';

const MiB = 1024 * 1024;
const write = (name: string, bytes: Uint8Array) => {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
};
async function refusal(work: () => unknown): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('not refused');
}

describe('spreadsheet parser (SheetJS) on the fixed line', () => {
  afterEach(() => {
    // Should the payload ever work, do not let it poison the rest of the run.
    delete (Object.prototype as Record<string, unknown>).c;
  });

  it('resolves to @e965/xlsx 0.20.2 or later (CVE-2023-30533 fixed in 0.19.3, CVE-2024-22363 in 0.20.2)', () => {
    const loaded = createRequire(import.meta.url)('@e965/xlsx') as { version: string };
    const [major, minor, patch] = loaded.version.split('.').map(Number) as [number, number, number];
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(20_002);
  });

  it('reads a workbook whose cell comment points at __proto__ without polluting Object.prototype', () => {
    // The published proof of CVE-2023-30533: 0.18.5 sets Object.prototype.c to the comment list.
    const files = unzipSync(ledgerWithComment());
    const comments = Object.keys(files).find((name) => /comments\d*\.xml$/.test(name))!;
    files[comments] = strToU8(strFromU8(files[comments]!).replace('ref="A1"', 'ref="__proto__"'));
    const info = inspectTable(write('批注.xlsx', zipSync(files)));
    expect(info.headers[0]).toBe('工单编号');
    expect(({} as Record<string, unknown>).c).toBeUndefined();
  });
});

function ledgerWithComment(): Uint8Array {
  const sheet = XLSX.utils.aoa_to_sheet([['工单编号', '受理时间'], ['GD1', '2024-03-01 09:00']]);
  sheet.A1!.c = [{ a: '张三', t: '编号以 GD 开头' }];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, '工单');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

describe('merged ranges', () => {
  it('fills a merge only over the real extent of the sheet, not to column XFD', () => {
    const rows = [['标题', '', ''], ['工单编号', '受理时间', '地址'], ['GD1', '2024-03-01', '东四']];
    fillMerges(rows, [{ s: { r: 0, c: 0 }, e: { r: 1_048_575, c: 16_383 } }], 0, 0);
    expect(rows.map((row) => row.length)).toEqual([3, 3, 3]);
    expect(rows[0]).toEqual(['标题', '标题', '标题']);
    expect(rows[2]).toEqual(['GD1', '2024-03-01', '东四']);
  });

  it('reads a workbook with a merge A1:XFD1048576 as its five columns, headers and rows alike', async () => {
    const file = write('合并.xlsx', ledgerXlsx([{ s: { r: 0, c: 0 }, e: { r: 1_048_575, c: 16_383 } }]));
    const info = inspectTable(file);
    expect(info.headers).toEqual(['工单编号', '受理时间', '诉求内容', '经度', '纬度']);
    const rows: string[][] = [];
    for await (const batch of readRows(file, info)) rows.push(...batch.rows);
    expect(rows.map((row) => row.length)).toEqual([5, 5]);
  });
});

describe('zip entries: declared and real size checked before and while unpacking', () => {
  const limits = { entries: 100, entryBytes: 64 * MiB, totalBytes: 64 * MiB };

  it('refuses an entry declaring more than the cap from the directory alone', async () => {
    const zip = rawZip([{ name: 'xl/worksheets/sheet1.xml', data: deflatedZeros(100 * MiB), declaredSize: 100 * MiB }]);
    const error = await refusal(() => checkZip(zip, '炸弹.xlsx', limits));
    expect(error.code).toBe('file_too_large');
    expect(error.message).toMatch(/^炸弹\.xlsx：.*100 MB.*64 MB/);
  });

  it('stops an entry that unpacks to more than it declared (a lying header)', async () => {
    const zip = rawZip([{ name: 'xl/sharedStrings.xml', data: deflatedZeros(1024 * MiB), declaredSize: 2048 }]);
    const error = await refusal(() => checkZip(zip, '炸弹.xlsx', limits));
    expect(error.message).toMatch(/sharedStrings\.xml 实际解压后超过目录声明的 2 KB/);
  });

  it('refuses a zipped shapefile bomb instead of unpacking it whole', async () => {
    const honest = rawZip([
      { name: 'grid.shp', data: deflatedZeros(600 * MiB), declaredSize: 600 * MiB },
      { name: 'grid.dbf', data: Buffer.from('x'), stored: true, declaredSize: 1 },
    ]);
    expect((await refusal(() => readBoundaryFile('网格.zip', honest))).code).toBe('file_too_large');
    const lying = rawZip([
      { name: 'grid.shp', data: polygonShp(), stored: true, declaredSize: polygonShp().length },
      { name: 'grid.dbf', data: deflatedZeros(1024 * MiB), declaredSize: 100 },
    ]);
    const error = await refusal(() => readBoundaryFile('网格.zip', lying));
    expect(error.code).toBe('file_too_large');
    expect(error.message).toMatch(/^网格\.zip：.*grid\.dbf/);
  });

  it('still reads a real workbook and a real zipped shapefile', async () => {
    expect(() => checkZip(ledgerXlsx(), '工单.xlsx', limits)).not.toThrow();
    const dbf = Buffer.from(dbfOneName('东四一网格'));
    const read = await readBoundaryFile('网格.zip', zipSync({ 'grid.shp': polygonShp(), 'grid.dbf': dbf }));
    expect(read.features).toHaveLength(1);
    expect(read.features[0]!.properties).toMatchObject({ NAME: '东四一网格' });
  });
});

/** A dBASE III table with one character field NAME and one record (UTF-8). */
function dbfOneName(name: string): Uint8Array {
  const value = Buffer.from(name, 'utf8');
  const width = 40;
  const header = Buffer.alloc(32 + 32 + 1);
  header[0] = 0x03;
  header.writeUInt32LE(1, 4);
  header.writeUInt16LE(header.length, 8);
  header.writeUInt16LE(1 + width, 10);
  header.write('NAME', 32, 'latin1');
  header[32 + 11] = 'C'.charCodeAt(0);
  header[32 + 16] = width;
  header[64] = 0x0d;
  const record = Buffer.alloc(1 + width, 0x20);
  value.copy(record, 1);
  return Buffer.concat([header, record, Buffer.from([0x1a])]);
}
