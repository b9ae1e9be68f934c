import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportMapping } from '../../electron/contract';
import { ImportRepository } from '../../electron/services/import/import.repository';
import { ImportService } from '../../electron/services/import/import.service';
import { excelJs } from '../../electron/services/shared/spreadsheet-libs';
import { Workspace } from '../../electron/services/workspace/workspace';
import { BOSTON_ROWS, BOSTON_SETTINGS, bostonCsv, loadBostonGrids } from '../fixtures/boston';
import { distElectron } from '../support/build';
import { tempDir } from '../support/temp';

const cli = path.join(distElectron, 'cli.mjs');
// The CLI acts as an account: the administrator `init` creates with this password.
const env = () => ({ ...process.env, GRIDDESK_CONFIG_DIR: tempDir(), GRIDDESK_USER: 'admin', GRIDDESK_PASSWORD: 'Boston-export-2026' });
const run = (args: string[]) => JSON.parse(execFileSync(process.execPath, [cli, ...args], { env: env(), maxBuffer: 64 << 20 }).toString());

/**
 * `export` on the real Boston year: every case (no 500-row page limit), written page by page,
 * masked as the app's export masks; the same filters as `cases`.
 */
describe('CLI export on the Boston year', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-export-'));
  const dir = path.join(scratch, 'ws');
  let closed = 0;
  let located = 0;

  beforeAll(async () => {
    run(['init', '--workspace', dir, '--admin-name', '管理员']);
    const workspace = await Workspace.open(dir);
    try {
      loadBostonGrids(workspace.db);
      const service = new ImportService(new ImportRepository(workspace.db), workspace.dir);
      const csv = bostonCsv(scratch);
      const inspected = service.inspect({ path: csv }, {});
      const { jobId } = service.start({ path: csv }, {}, ImportMapping.parse({ ...inspected.mapping, ...BOSTON_SETTINGS }));
      await service.wait(jobId);
      expect(service.commit(jobId, 'test').inserted).toBe(BOSTON_ROWS);
      // Boston publishes no callers: give two cases a name and a phone, as a hotline export has.
      workspace.db.transaction((tx) => {
        tx.run(`UPDATE cases SET reporter_name = '王小明', reporter_phone = '13812345678' WHERE external_no IN ('101001242404', '101001242405')`);
      });
      closed = workspace.db.get<{ n: number }>(`SELECT count(*) AS n FROM cases WHERE status = 'closed'`)!.n;
      located = workspace.db.get<{ n: number }>('SELECT count(*) AS n FROM cases WHERE lng IS NOT NULL AND lat IS NOT NULL')!.n;
    } finally {
      await workspace.close();
    }
  }, 600_000);
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('writes all 121,145 cases to CSV, masked', () => {
    const out = path.join(scratch, 'cases.csv');
    const result = run(['export', 'cases', '--format', 'csv', '--out', out, '--workspace', dir]);
    expect(result).toMatchObject({ kind: 'cases', matched: BOSTON_ROWS, rows: BOSTON_ROWS, masked: true });
    const rows = parse(fs.readFileSync(out), { bom: true }) as string[][];
    expect(rows.length - 1).toBe(BOSTON_ROWS);
    const header = rows[0]!;
    const at = (name: string) => header.indexOf(name);
    const caller = rows.find((r) => r[at('外部编号')] === '101001242404')!;
    expect([caller[at('诉求人')], caller[at('联系电话')]]).toEqual(['王**', '138****5678']);
    expect(fs.readFileSync(out, 'utf8')).not.toContain('13812345678');
  }, 600_000);

  it('writes the closed cases to .xlsx (the filters of `cases`), and the located ones to GeoJSON', async () => {
    const xlsxFile = path.join(scratch, 'closed.xlsx');
    expect(run(['export', 'cases', '--status', 'closed', '--format', 'xlsx', '--out', xlsxFile, '--workspace', dir])).toMatchObject({ rows: closed, masked: true });
    let count = 0;
    for await (const sheet of new (excelJs().stream.xlsx.WorkbookReader)(xlsxFile, {})) for await (const _row of sheet) count++;
    expect(count - 1).toBe(closed);

    const geojson = path.join(scratch, 'cases.geojson');
    expect(run(['export', 'cases', '--format', 'geojson', '--out', geojson, '--workspace', dir])).toMatchObject({ matched: BOSTON_ROWS, rows: located });
    const collection = JSON.parse(fs.readFileSync(geojson, 'utf8')) as { features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[] };
    expect(collection.features).toHaveLength(located);
    expect(collection.features.find((f) => f.properties['外部编号'] === '101001242404')?.properties['联系电话']).toBe('138****5678');
  }, 600_000);

  it('exports grids and a month of the three rates', () => {
    const grids = path.join(scratch, 'grids.geojson');
    expect(run(['export', 'grids', '--format', 'geojson', '--out', grids, '--workspace', dir]).rows).toBe(25);
    expect(JSON.parse(fs.readFileSync(grids, 'utf8')).features[0].geometry.type).toMatch(/Polygon/);
    const stats = path.join(scratch, 'stats.csv');
    const result = run(['export', 'stats', '--month', '2015-06', '--level', 'grid', '--format', 'csv', '--out', stats, '--workspace', dir]);
    expect(result.rows).toBe(25);
    const rows = parse(fs.readFileSync(stats), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['单位', '案件数', '响应率', '解决率', '满意率', '综合得分', '排名', '上月排名', '较上月']);
    expect(rows.slice(1).reduce((s, r) => s + Number(r[1]), 0)).toBeGreaterThan(5000);
  }, 120_000);
});
