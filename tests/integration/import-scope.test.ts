import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress, ImportResult } from '../../electron/contract';
import { Backend } from '../../electron/services/backend/backend';
import { stageFromDisk } from '../../electron/services/import/stage-from-disk';
import { repoRoot } from '../support/build';
import { analysedJob } from '../support/import-job';
import { signIn } from '../support/sign-in';

/**
 * Issue 12: an import acts within the account's scope like every other write. A street's operator
 * (operator1, 东华门街道) cannot bring cases into another street, cannot update another street's
 * cases by re-importing their numbers, sees and undoes only batches of their scope, and cannot
 * import a staff list at all (it sets roles: an operator could make themselves administrator).
 * Through the real backend on a copy of the demo.
 */
describe('imports stay within the account scope', () => {
  let root: string;
  let backend: Backend;
  let otherStreet: string;
  const db = () => backend.openedWorkspace!.db;
  const as = async (username: string) => {
    await backend.call('auth:signOut', {});
    await signIn(backend, username);
  };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-import-scope-'));
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.createWorkspace(path.join(root, 'ws'), true);
    otherStreet = db().get<{ name: string }>(`SELECT name FROM regions WHERE level = 'street' AND name <> '东华门街道' ORDER BY id LIMIT 1`)!.name;
  }, 300_000);
  afterAll(async () => {
    await backend.closeWorkspace();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function stage(name: string, text: string) {
    const file = path.join(root, name);
    fs.writeFileSync(file, text);
    const staged = await stageFromDisk(file, (input) => backend.call('import:stage', input));
    return { stagedId: staged.stagedId, fileName: staged.fileName };
  }

  /** Analyses a CSV of 工单编号, 受理时间, 标题, 所属街道 and commits it. */
  async function importCases(name: string, rows: string[][]): Promise<{ jobId: string; progress: ImportProgress; result: ImportResult }> {
    const file = await stage(name, ['工单编号,受理时间,标题,所属街道', ...rows.map((r) => r.join(','))].join('\n'));
    const { mapping } = await backend.call('import:inspect', { file, table: {} });
    mapping.columns = { externalNo: '工单编号', receivedAt: '受理时间', title: '标题', street: '所属街道' };
    const { jobId } = await backend.call('import:start', { file, table: {}, mapping });
    const progress = await analysedJob(backend, jobId);
    expect(progress.state).toBe('ready');
    return { jobId, progress, result: await backend.call('import:commit', { jobId }) };
  }

  const caseByNumber = (externalNo: string) =>
    db().get<{ street: string | null; title: string }>(
      `SELECT r.name AS street, c.title FROM cases c LEFT JOIN regions r ON r.id = c.street_id WHERE c.external_no = ?`, [externalNo],
    );

  it('refuses rows placed outside the street, names the row and column, and places a placeless row in the street', async () => {
    await as('operator1');
    const { jobId, progress, result } = await importCases('街道台账.csv', [
      ['DHM-1', '2026-11-02 09:00', '占道经营', '东华门街道'],
      ['DHM-2', '2026-11-02 10:00', '私搭乱建', otherStreet],
      ['DHM-3', '2026-11-02 11:00', '垃圾满溢', ''],
    ]);
    expect(result).toMatchObject({ inserted: 2, refused: 1 });
    const refusal = progress.report!.problems.find((p) => p.severity === 'error')!;
    expect(refusal).toMatchObject({ rowNo: 3, column: '所属街道', value: otherStreet, code: 'outside_scope' });
    expect(refusal.message).toContain('东华门街道');
    expect(caseByNumber('DHM-1')?.street).toBe('东华门街道');
    expect(caseByNumber('DHM-2')).toBeUndefined();
    expect(caseByNumber('DHM-3')?.street).toBe('东华门街道');
    expect(progress.report!.problems.find((p) => p.rowNo === 4)).toMatchObject({ severity: 'warning', code: 'placed_in_scope' });
    expect(progress.report).toMatchObject({ ready: 1, warnings: 1, refused: 1, toInsert: 2 });
    expect(progress.report!.located).toMatchObject({ byRegionName: 1, byScope: 1, none: 0 });
    // The refused row, as it was in the file, with its reason: to send to the street it belongs to.
    const download = await backend.call('import:refused', { jobId });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(download.dataBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(2).value).toBe(3);
    expect(sheet.getRow(2).getCell(3).value).toBe('DHM-2');
    expect(String(sheet.getRow(2).getCell(1).value)).toContain('不在您的管辖范围');
  }, 120_000);

  it("does not update another street's case by its number, nor list or undo the district's batch", async () => {
    await as('operator0');
    const district = await importCases('全区台账.csv', [['QX-1', '2026-11-03 09:00', '井盖缺失', otherStreet]]);
    expect(district.result.inserted).toBe(1);

    await as('operator1');
    const { progress, result } = await importCases('改到本街道.csv', [['QX-1', '2026-11-03 09:00', '井盖缺失（已改）', '东华门街道']]);
    expect(result).toMatchObject({ inserted: 0, updated: 0, refused: 1 });
    expect(progress.report!.problems[0]).toMatchObject({ rowNo: 2, column: '工单编号', value: 'QX-1', code: 'other_scope_case' });
    expect(caseByNumber('QX-1')).toEqual({ street: otherStreet, title: '井盖缺失' });

    const batches = await backend.call('import:batches', {});
    expect(batches.map((b) => b.id)).not.toContain(district.result.batchId);
    expect(batches.map((b) => b.fileName)).toContain('街道台账.csv');
    await expect(backend.call('import:undo', { batchId: district.result.batchId })).rejects.toMatchObject({ code: 'out_of_scope' });
    expect(caseByNumber('QX-1')).toBeDefined();
  }, 120_000);

  it('refuses a staff list to an operator: it would set roles, their own included', async () => {
    await as('operator1');
    const session = (await backend.call('auth:status', {})).session!;
    const me = db().get<{ code: string; name: string }>('SELECT code, name FROM staff WHERE id = ?', [session.staffId])!;
    const file = await stage('人员名单.csv', `工号,姓名,角色\n${me.code},${me.name},管理员\n`);
    const columns = { code: '工号', name: '姓名', role: '角色' };
    await expect(backend.call('import:roster-commit', { file, table: {}, target: 'staff', columns })).rejects.toMatchObject({ code: 'forbidden' });
    expect(db().get('SELECT role FROM staff WHERE id = ?', [session.staffId])).toEqual({ role: 'operator' });
  }, 120_000);

  it("does not hand one operator's import job to the next after a switch", async () => {
    await as('operator0');
    const file = await stage('交接前.csv', `工单编号,受理时间,标题,所属街道\nJB-1,2026-11-04 09:00,占道经营,${otherStreet}\n`);
    const { mapping } = await backend.call('import:inspect', { file, table: {} });
    const { jobId } = await backend.call('import:start', { file, table: {}, mapping });
    await as('operator1');
    await expect(backend.call('import:commit', { jobId })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(backend.call('import:progress', { jobId })).rejects.toMatchObject({ code: 'forbidden' });
    expect(caseByNumber('JB-1')).toBeUndefined();
  }, 120_000);
});
