import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportMapping } from '../../electron/contract';
import { AnalyticsContext } from '../../electron/services/analytics/analytics-context';
import { AnalyticsRepository } from '../../electron/services/analytics/analytics.repository';
import { COLUMNS, type CaseCube } from '../../electron/services/analytics/case-cube';
import { HOUR, beijingTime as bj } from '../../electron/services/calendar/work-calendar';
import { CaseService } from '../../electron/services/cases/case.service';
import { ImportRepository } from '../../electron/services/import/import.repository';
import { ImportService } from '../../electron/services/import/import.service';
import { WorkflowService } from '../../electron/services/workflow/workflow.service';
import { Workspace } from '../../electron/services/workspace/workspace';
import { openDemoWorkflow } from '../fixtures/demo-workflow';
import { repoRoot } from '../support/build';

/**
 * The analytics case columns are patched after writes instead of read again (case-cube-patch.ts).
 * After every kind of write the patched cube must equal a cube built from scratch, field by field,
 * and must really have been patched (not silently rebuilt).
 */
const fixtures = path.join(repoRoot, 'tests', 'fixtures', 'import');
let scratch: string;
let workspace: Workspace;
let ctx: AnalyticsContext;
let cases: CaseService;
let workflow: WorkflowService;
let imports: ImportService;
let now = bj(2026, 3, 13, 9);
const clock = () => now;

/** Every column row by row (addresses as text: their numbering depends on the order they were met). */
function rowsOf(cube: CaseCube) {
  const columns: Record<string, unknown[]> = {};
  for (const c of COLUMNS) columns[c] = Array.from(cube[c].subarray(0, cube.n));
  columns.address = columns.address!.map((a) => ((a as number) >= 0 ? cube.addresses[a as number] : null));
  return { n: cube.n, columns, extent: [cube.minMonth, cube.maxMonth, cube.minAt, cube.maxAt] };
}
function expectSameAsFreshBuild(): CaseCube {
  const patched = ctx.cube();
  const fresh = new AnalyticsContext(new AnalyticsRepository(workspace.db)).cube();
  const a = rowsOf(patched);
  const b = rowsOf(fresh);
  expect(a.n).toBe(b.n);
  expect(a.extent).toEqual(b.extent);
  for (const c of COLUMNS) expect(a.columns[c], c).toEqual(b.columns[c]);
  return patched;
}
async function importFile(name: string, source: 'import' | 'hotline' | 'self') {
  const file = { path: path.join(fixtures, name) };
  const inspected = imports.inspect(file, {});
  const mapping = ImportMapping.parse({ ...inspected.mapping, timeZone: 'America/New_York', source });
  const { jobId } = imports.start(file, {}, mapping);
  const progress = await imports.wait(jobId);
  expect(progress.state, progress.error ?? '').toBe('ready');
  return imports.commit(jobId, 'test');
}

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-cube-'));
  const dir = path.join(scratch, 'ws');
  ({ workspace, cases, workflow } = await openDemoWorkflow(dir, clock));
  const db = workspace.db;
  imports = new ImportService(new ImportRepository(db), dir, () => (now += 1000));
  ctx = new AnalyticsContext(new AnalyticsRepository(db));
  ctx.cube();
  expect(ctx.lastCubeUpdate).toBe('built');
}, 120_000);
afterAll(async () => {
  await workspace.close({ checkpoint: false });
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('analytics case columns after writes', () => {
  it('a write that touches no case (settings) keeps the columns as they are', () => {
    const before = ctx.cube().n;
    const operator = workflow.operator();
    workflow.setOperator(operator.id);
    expect(expectSameAsFreshBuild().n).toBe(before);
    expect(ctx.lastCubeUpdate).toBe('patched');
  });

  it('a new case is appended, and its transitions patch it in place', () => {
    const grid = workspace.db.get<{ lng: number; lat: number }>(`SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1`)!;
    const category = workspace.db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 ORDER BY code LIMIT 1')!.id;
    const before = ctx.cube().n;
    const created = cases.create({ source: 'hotline', categoryId: category, title: '增量测试', address: '增量测试路 1 号', location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' } }, '值班员');
    const cube = expectSameAsFreshBuild();
    expect(ctx.lastCubeUpdate).toBe('patched');
    expect(cube.n).toBe(before + 1);
    expect(cube.id[cube.n - 1]).toBe(created.id);
    expect(cube.addresses[cube.address[cube.n - 1]!]).toBe('增量测试路 1 号');
    now += HOUR;
    workflow.transition(created.id, 'register', {});
    expectSameAsFreshBuild();
    expect(ctx.lastCubeUpdate).toBe('patched');
  });

  it('an old case merged into another leaves the columns (a row in the middle)', () => {
    const [a, b] = workspace.db.all<{ id: number }>(
      `SELECT id FROM cases WHERE merged_into_id IS NULL AND status <> 'closed' ORDER BY id LIMIT 2 OFFSET 100`);
    const before = ctx.cube().n;
    workflow.merge(a!.id, b!.id);
    const cube = expectSameAsFreshBuild();
    expect(ctx.lastCubeUpdate).toBe('patched');
    expect(cube.n).toBe(before - 1);
    expect(Array.from(cube.id.subarray(0, cube.n))).not.toContain(a!.id);
  });

  it('an imported batch is appended, and undoing it drops exactly its cases', async () => {
    const before = rowsOf(ctx.cube());
    const result = await importFile('boston-gbk.csv', 'import');
    expect(result.inserted).toBeGreaterThan(200);
    const cube = expectSameAsFreshBuild();
    expect(ctx.lastCubeUpdate).toBe('patched');
    expect(cube.n).toBe(before.n + result.inserted);
    // A case between two cube reads, then the undo: the new case must survive the undo.
    cases.create({ source: 'patrol', title: '撤销前新增' }, '值班员');
    imports.undo(result.batchId, 'test');
    const after = expectSameAsFreshBuild();
    expect(ctx.lastCubeUpdate).toBe('patched');
    expect(after.n).toBe(before.n + 1);
  });

  it('a re-import that changes cases is patched, and so is the undo that restores them', async () => {
    const first = await importFile('boston-gbk.csv', 'hotline');
    expectSameAsFreshBuild();
    // Same source and case numbers: the rows already there are matched; the changed ones updated.
    workspace.db.transaction((tx) => tx.run(`UPDATE cases SET category_id = NULL, address = NULL WHERE import_batch_id = ? AND id % 3 = 0`, [first.batchId]));
    // That direct write left no event (no service does this); what the next re-import restores must show anyway.
    ctx = new AnalyticsContext(new AnalyticsRepository(workspace.db));
    ctx.cube();
    const again = await importFile('boston-gb18030.csv', 'hotline');
    expect(again.updated).toBeGreaterThan(0);
    expectSameAsFreshBuild();
    expect(ctx.lastCubeUpdate).toBe('patched');
    imports.undo(again.batchId, 'test');
    expectSameAsFreshBuild();
    expect(ctx.lastCubeUpdate).toBe('patched');
  });

  it('a change larger than the patch limit is built afresh, with the same result', async () => {
    ctx = new AnalyticsContext(new AnalyticsRepository(workspace.db), { largeChange: 50, spareRows: 10 });
    ctx.cube();
    const result = await importFile('boston-gbk.csv', 'self');
    expect(result.inserted).toBeGreaterThan(50);
    expectSameAsFreshBuild();
    expect(ctx.lastCubeUpdate).toBe('built');
    // Past the spare rows the columns grow (a new case after a build with only 10 spare rows, 20 times).
    for (let k = 0; k < 20; k++) cases.create({ source: 'patrol', title: `追加 ${k}` }, '值班员');
    expectSameAsFreshBuild();
    expect(ctx.lastCubeUpdate).toBe('patched');
  });
});
