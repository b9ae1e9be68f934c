import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportMapping } from '../../electron/contract';
import { ImportRepository } from '../../electron/services/import/import.repository';
import { ImportService } from '../../electron/services/import/import.service';
import { Workspace } from '../../electron/services/workspace/workspace';
import { loadBostonGrids } from '../fixtures/boston';
import { tempDir } from '../support/temp';

const dir = path.resolve(import.meta.dirname, '..', 'fixtures', 'import');
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { rows: number; externalNos: string[] };

interface Imported { external_no: string; received_at: number; closed_at: number | null; handling_due_at: number | null; status: string; grid_id: number | null; title: string }

/** Imports one fixture into a fresh Boston workspace with the automatic suggestions; returns the cases. */
async function importFixture(name: string, table: { sheet?: string } = {}) {
  const workspace = await Workspace.open(tempDir(), { create: true });
  try {
    loadBostonGrids(workspace.db);
    const service = new ImportService(new ImportRepository(workspace.db), workspace.dir);
    const file = { path: path.join(dir, name) };
    const inspected = service.inspect(file, table);
    const mapping = ImportMapping.parse({ ...inspected.mapping, timeZone: 'America/New_York' });
    const { jobId } = service.start(file, table, mapping);
    const progress = await service.wait(jobId);
    expect(progress.state, progress.error ?? '').toBe('ready');
    const result = service.commit(jobId, 'test');
    const cases = workspace.db.all<Imported>(
      'SELECT external_no, received_at, closed_at, handling_due_at, status, grid_id, title FROM cases ORDER BY external_no',
    );
    return { inspected, report: progress.report!, result, cases };
  } finally {
    await workspace.close({ checkpoint: false });
  }
}

describe('spreadsheet fixtures derived from the Boston file', () => {
  it('reads the same 243 cases from GBK CSV, GB18030 CSV, Excel .xlsx and a WPS-style .xls', async () => {
    const gbk = await importFixture('boston-gbk.csv');
    expect(gbk.inspected.table).toMatchObject({ format: 'csv', encoding: 'gbk', headerRow: 1 });
    expect(gbk.inspected.mapping.columns).toMatchObject({
      externalNo: '工单编号', receivedAt: '来电时间', handlingDueAt: '办理时限', closedAt: '办结时间', status: '办理状态', title: '诉求标题',
      category: '问题分类', department: '承办单位', address: '事发地址', lng: '经度', lat: '纬度',
    });
    expect(gbk.inspected.detectedDateFormats.receivedAt).toBe('ymd');
    expect(gbk.report).toMatchObject({ rowsTotal: expected.rows, refused: 0 });
    expect(gbk.cases.map((c) => c.external_no)).toEqual([...expected.externalNos].sort());
    expect(gbk.cases.some((c) => c.status === 'closed') && gbk.cases.some((c) => c.status === 'in_progress')).toBe(true);
    expect(gbk.cases.filter((c) => c.grid_id !== null).length).toBeGreaterThan(150);

    const gb18030 = await importFixture('boston-gb18030.csv');
    expect(gb18030.inspected.table.encoding).toBe('gb18030');

    const xlsx = await importFixture('boston-ledger.xlsx', { sheet: undefined });
    expect(xlsx.inspected.table).toMatchObject({ format: 'xlsx', sheets: ['说明', '工单台账'], headerRow: 3 });
    expect(xlsx.inspected.detectedDateFormats.receivedAt).toBe('excel');

    const xls = await importFixture('boston-wps.xls');
    expect(xls.inspected.table).toMatchObject({ format: 'xls', headerRow: 2 });
    expect(xls.inspected.table.headers.slice(0, 2)).toEqual(['工单编号', '来电时间']);
    expect(xls.inspected.table.headers.slice(9)).toEqual(['经度', '纬度']);
    expect(xls.inspected.detectedDateFormats.receivedAt).toBe('cn');

    // Every format gives the same cases, to the second and the grid.
    const key = (c: Imported) => [c.external_no, c.received_at, c.closed_at, c.handling_due_at, c.status, c.grid_id].join('|');
    for (const other of [gb18030, xlsx, xls]) expect(other.cases.map(key)).toEqual(gbk.cases.map(key));
    expect(gb18030.cases.find((c) => c.external_no === expected.externalNos[0])).toBeDefined();
  });

  it('picks the second sheet when asked for by name, and refuses a sheet that does not exist', async () => {
    const workspace = await Workspace.open(tempDir(), { create: true });
    try {
      const service = new ImportService(new ImportRepository(workspace.db), workspace.dir);
      const file = { path: path.join(dir, 'boston-ledger.xlsx') };
      expect(service.inspect(file, { sheet: '说明' }).table.headers[0]).toBe('本表由 GridDesk 测试从波士顿 311 数据生成');
      expect(() => service.inspect(file, { sheet: '不存在' })).toThrow(/没有名为/);
    } finally {
      await workspace.close({ checkpoint: false });
    }
  });
});
