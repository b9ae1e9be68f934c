import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportMapping } from '../../electron/contract';
import { beijingTime as bj } from '../../electron/services/calendar/work-calendar';
import { caseNoPrefix, formatCaseNo, serialOf } from '../../electron/services/cases/case-number';
import { CaseRepository } from '../../electron/services/cases/case.repository';
import { CaseService } from '../../electron/services/cases/case.service';
import { ImportRepository } from '../../electron/services/import/import.repository';
import { ImportService } from '../../electron/services/import/import.service';
import { GridLocator } from '../../electron/services/regions/grid-locator';
import { RegionRepository } from '../../electron/services/regions/region.repository';
import { Workspace } from '../../electron/services/workspace/workspace';
import { loadBostonGrids } from '../fixtures/boston';
import { caseInsert } from '../fixtures/case-insert';
import { tempDir } from '../support/temp';

/**
 * One case-number scheme (docs/case-numbers.md): cases typed in and cases imported are numbered in
 * the same series, GD + month + serial (they were GD2612-… and IM1-…); the source is its own column.
 */
const fixture = path.resolve(import.meta.dirname, '..', 'fixtures', 'import', 'boston-gbk.csv');

describe('the scheme', () => {
  it('GD, the Beijing month, an optional workstation code, six digits or more', () => {
    // 31 Dec 2026 20:00 UTC is 1 Jan 2027 in Beijing.
    expect(caseNoPrefix(Date.UTC(2026, 11, 31, 20))).toBe('GD2701-');
    expect(caseNoPrefix(bj(2026, 12, 4), 'K3')).toBe('GD2612K3-');
    expect(() => caseNoPrefix(bj(2026, 12, 4), 'k-3')).toThrow(/workstation/);
    expect(formatCaseNo('GD2612-', 42)).toBe('GD2612-000042');
    expect(formatCaseNo('GD2612-', 1_000_000)).toBe('GD2612-1000000');
    expect(serialOf('GD2612K3-000042', 'GD2612K3-')).toBe(42);
    expect(serialOf('GD2612-000042-ab12', 'GD2612-')).toBeNaN();
  });
});

describe('typed-in and imported cases share one series', () => {
  let workspace: Workspace;
  let cases: CaseService;
  let imports: ImportService;
  let clock = bj(2026, 12, 4, 9);
  const tick = () => (clock += 60_000);

  beforeAll(async () => {
    workspace = await Workspace.open(tempDir(), { create: true });
    loadBostonGrids(workspace.db);
    cases = new CaseService(new CaseRepository(workspace.db), new GridLocator(new RegionRepository(workspace.db)), tick);
    imports = new ImportService(new ImportRepository(workspace.db), workspace.dir, tick);
  });
  afterAll(async () => {
    await workspace.close({ checkpoint: false });
  });

  it('an import continues the month’s numbers, and the next typed-in case continues after it', async () => {
    expect(cases.create({ source: 'hotline', title: '噪音扰民' }, '值班员').caseNo).toBe('GD2612-000001');
    expect(cases.create({ source: 'patrol', title: '井盖缺失' }, '网格员').caseNo).toBe('GD2612-000002');

    const inspected = imports.inspect({ path: fixture }, {});
    const { jobId } = imports.start({ path: fixture }, {}, ImportMapping.parse({ ...inspected.mapping, timeZone: 'America/New_York' }));
    expect((await imports.wait(jobId)).state).toBe('ready');
    expect(imports.commit(jobId, '值班员').inserted).toBe(243);

    const numbers = workspace.db.all<{ caseNo: string; source: string }>('SELECT case_no AS "caseNo", source FROM cases ORDER BY id');
    expect(numbers.every((n) => /^GD2612-\d{6}$/.test(n.caseNo))).toBe(true);
    expect(numbers.slice(2).map((n) => n.caseNo)).toEqual(Array.from({ length: 243 }, (_, i) => formatCaseNo('GD2612-', 3 + i)));
    // Where they came from is the source column, not the number.
    expect(new Set(numbers.slice(2).map((n) => n.source))).toEqual(new Set([inspected.mapping.source]));
    expect(cases.create({ source: 'self', title: '道路破损' }, '值班员').caseNo).toBe('GD2612-000246');
  });

  it('numbers of an undone import stay given: the next case and the next import do not reuse them', async () => {
    const batch = workspace.db.get<{ id: number }>(`SELECT max(id) AS id FROM import_batches`)!.id;
    expect(imports.undo(batch, '值班员').removed).toBe(243);
    expect(workspace.db.get<{ n: number }>(`SELECT count(*) AS n FROM cases WHERE case_no BETWEEN 'GD2612-000003' AND 'GD2612-000245'`)!.n).toBe(0);
    expect(cases.create({ source: 'hotline', title: '路灯不亮' }, '值班员').caseNo).toBe('GD2612-000247');
    const inspected = imports.inspect({ path: fixture }, {});
    const { jobId } = imports.start({ path: fixture }, {}, ImportMapping.parse({ ...inspected.mapping, timeZone: 'America/New_York' }));
    expect((await imports.wait(jobId)).state).toBe('ready');
    expect(imports.commit(jobId, '值班员').inserted).toBe(243);
    const range = workspace.db.get<{ lo: string; hi: string }>(`SELECT min(case_no) AS lo, max(case_no) AS hi FROM cases WHERE import_batch_id IS NOT NULL`)!;
    expect(range).toEqual({ lo: 'GD2612-000248', hi: 'GD2612-000490' });
  });

  it('a month past 999,999 numbers goes on with seven digits (1000000 sorts before 999999 as text)', () => {
    const repo = new CaseRepository(workspace.db);
    const first = repo.insertReceived(caseInsert('第一件', { caseNoPrefix: 'GD2701-' }));
    workspace.db.transaction((tx) => tx.run(`UPDATE cases SET case_no = 'GD2701-999999' WHERE id = ?`, [first.id]));
    expect(repo.insertReceived(caseInsert('第二件', { caseNoPrefix: 'GD2701-' })).caseNo).toBe('GD2701-1000000');
    expect(repo.insertReceived(caseInsert('第三件', { caseNoPrefix: 'GD2701-' })).caseNo).toBe('GD2701-1000001');
  });
});
