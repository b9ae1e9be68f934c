import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { casesCsv, casesGeoJson, casesXlsx, shapesKml } from '../../../../electron/services/export/export.service';
import type { ExportCaseRow } from '../../../../electron/services/export/export.repository';
import { csvField, neutraliseFormula } from '../../../../electron/services/export/neutralise';
import { CsvParser } from '../../../../electron/services/import/csv-parser';

const row: ExportCaseRow = {
  id: 1, caseNo: 'GD2603-000001', externalNo: '=HYPERLINK("http://x","点我")', source: 'hotline', status: 'closed',
  title: '+1 楼道堆物', description: '@SUM(A1:A9), "引号"\n第二行', categoryName: '-占道经营', address: '东城区东华门大街1号',
  streetName: '东华门街道', communityName: '多福巷社区', gridName: '第一网格', lng: 116.4, lat: 39.91,
  receivedAt: Date.UTC(2026, 2, 5, 6, 2), handlingDueAt: null, closedAt: Date.UTC(2026, 2, 6, 1, 0), satisfaction: 'basically_satisfied',
  departmentName: '城管执法队', reporterName: '张三丰', reporterPhone: '13812345678',
};

describe('formula neutralisation', () => {
  it('prefixes text that a spreadsheet would run', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(neutraliseFormula(text)).toBe(`'${text}`);
    expect(neutraliseFormula('正常文字 = 1')).toBe('正常文字 = 1');
    expect(csvField(-5)).toBe('-5'); // numbers are numbers, not text
  });
});

describe('case export', () => {
  it('writes an .xlsx with Chinese headers, frozen header, real dates in Beijing time, masked personal data, no formulas', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await casesXlsx([row], true)) as never);
    const sheet = book.getWorksheet('案件')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 5)).toEqual(['案件编号', '外部编号', '来源', '状态', '标题']);
    const values = (sheet.getRow(2).values as unknown[]).slice(1);
    const at = (h: string) => values[headers.indexOf(h)];
    expect(at('外部编号')).toBe(`'=HYPERLINK("http://x","点我")`);
    expect(at('标题')).toBe("'+1 楼道堆物");
    expect(at('问题分类')).toBe("'-占道经营");
    for (const cell of sheet.getRow(2).model!.cells!) expect((cell as { formula?: string }).formula).toBeUndefined();
    // 2026-03-05 06:02 UTC is 14:02 in Beijing; the cell is a date, shown as that wall-clock time.
    expect(at('受理时间')).toBeInstanceOf(Date);
    expect((at('受理时间') as Date).toISOString()).toBe('2026-03-05T14:02:00.000Z');
    expect(at('诉求人')).toBe('张**');
    expect(at('联系电话')).toBe('138****5678');
    expect(at('经度')).toBe(116.4);
    expect(sheet.getColumn(5).width).toBe(30);
  });

  it('writes CSV as UTF-8 with BOM or as GBK, quoted and neutralised, unmasked only when asked', () => {
    const utf8 = casesCsv([row], true, 'utf-8-bom');
    expect([...utf8.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parser = new CsvParser(',');
    const records = [...parser.push(utf8.subarray(3).toString('utf8')), ...parser.end()];
    expect(records).toHaveLength(2);
    const get = (h: string) => records[1]![records[0]!.indexOf(h)];
    expect(get('问题描述')).toBe(`'@SUM(A1:A9), "引号"\n第二行`);
    expect(get('受理时间')).toBe('2026-03-05 14:02');
    expect(get('联系电话')).toBe('138****5678');
    const gbk = casesCsv([row], false, 'gbk');
    const text = iconv.decode(gbk, 'gbk');
    expect(text.startsWith('案件编号,')).toBe(true);
    expect(text).toContain('13812345678');
    expect(text).toContain('张三丰');
  });

  it('writes GeoJSON points and KML outlines', () => {
    const geo = casesGeoJson([row, { ...row, id: 2, lng: null, lat: null }], true);
    expect(geo.features).toHaveLength(1);
    expect(geo.features[0]!.geometry.coordinates).toEqual([116.4, 39.91]);
    expect(geo.features[0]!.properties['联系电话']).toBe('138****5678');
    const kml = shapesKml([{ id: 1, parentId: null, level: 'grid', code: 'G<1>', name: '网格&一', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }], 'grid');
    expect(kml).toContain('<name>网格&amp;一</name>');
    expect(kml).toContain('<coordinates>0,0 1,0 1,1 0,0</coordinates>');
  });
});
