import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportMapping } from '../../electron/contract';
import { CaseRepository } from '../../electron/services/cases/case.repository';
import { CaseService } from '../../electron/services/cases/case.service';
import { ImportRepository } from '../../electron/services/import/import.repository';
import { ImportService } from '../../electron/services/import/import.service';
import { GridLocator } from '../../electron/services/regions/grid-locator';
import { RegionRepository } from '../../electron/services/regions/region.repository';
import { Workspace } from '../../electron/services/workspace/workspace';
import { loadBostonGrids } from '../fixtures/boston';
import { tempDir } from '../support/temp';

/**
 * Imported cases showed "暂无处置记录": their timeline now opens with the import (read from the
 * batch, never stored, so that undo still tells untouched cases by their lack of events).
 */
const fixture = path.resolve(import.meta.dirname, '..', 'fixtures', 'import', 'boston-gbk.csv');

describe('the import as the first entry of an imported case’s timeline', () => {
  let workspace: Workspace;
  let imports: ImportService;
  let cases: CaseService;
  let clock = Date.UTC(2026, 11, 1, 2);
  const tick = () => (clock += 60_000);
  const count = (sql: string, params: (string | number)[] = []) => workspace.db.get<{ n: number }>(sql, params)!.n;
  const idOf = (externalNo: string) => workspace.db.get<{ id: number }>('SELECT id FROM cases WHERE external_no = ?', [externalNo])!.id;

  beforeAll(async () => {
    workspace = await Workspace.open(tempDir(), { create: true });
    loadBostonGrids(workspace.db);
    imports = new ImportService(new ImportRepository(workspace.db), workspace.dir, tick);
    cases = new CaseService(new CaseRepository(workspace.db), new GridLocator(new RegionRepository(workspace.db)), tick);
  });
  afterAll(async () => {
    await workspace.close({ checkpoint: false });
  });

  async function importFile(file: string, actor: string) {
    const inspected = imports.inspect({ path: file }, {});
    const { jobId } = imports.start({ path: file }, {}, ImportMapping.parse({ ...inspected.mapping, timeZone: 'America/New_York' }));
    const progress = await imports.wait(jobId);
    expect(progress.state, progress.error ?? '').toBe('ready');
    return imports.commit(jobId, actor);
  }

  it('opens with 导入: at the batch’s commit, by the importing account, naming the file; no event is stored', async () => {
    const result = await importFile(fixture, '值班员甲');
    expect(result.inserted).toBe(243);
    const batch = workspace.db.get<{ committedAt: number }>('SELECT committed_at AS "committedAt" FROM import_batches WHERE id = ?', [result.batchId])!;

    const detail = cases.get(idOf('101001242404'));
    expect(detail.events).toHaveLength(1);
    expect(detail.events[0]).toMatchObject({ action: 'imported', at: batch.committedAt, actorName: '值班员甲', note: '导入自 boston-gbk.csv', toStatus: null });
    expect(JSON.parse(detail.events[0].data!)).toEqual({ batchId: result.batchId });
    // Nothing written: the batch is still "not worked on", and undo removes it whole.
    expect(count('SELECT count(*) AS n FROM case_events')).toBe(0);
    expect(imports.undo(result.batchId, '值班员甲')).toEqual({ removed: 243, restored: 0 });
  });

  it('comes before the events the case gets later, and only imported cases have it', async () => {
    const first = await importFile(fixture, '值班员甲');
    // The same file with one title changed: that case gets an 'import_updated' event from the second batch.
    const edited = path.join(tempDir(), 'boston-edited.csv');
    const text = iconv.decode(fs.readFileSync(fixture), 'gbk').replace('Abandoned Bicycle,Abandoned Bicycle', 'Bicycle left for weeks,Abandoned Bicycle');
    fs.writeFileSync(edited, text);
    const second = await importFile(edited, '值班员乙');
    expect(second).toMatchObject({ inserted: 0, updated: 1 });

    const events = cases.get(idOf('101001242404')).events;
    expect(events.map((e) => e.action)).toEqual(['imported', 'import_updated']);
    expect(events[0]).toMatchObject({ actorName: '值班员甲', note: '导入自 boston-gbk.csv' });
    expect(JSON.parse(events[0].data!).batchId).toBe(first.batchId);
    expect(events[0].at).toBeLessThan(events[1].at);

    const typed = cases.create({ source: 'patrol', title: '路灯不亮' }, '巡查员');
    expect(cases.get(typed.id).events.map((e) => e.action)).toEqual(['received']);
  });
});
