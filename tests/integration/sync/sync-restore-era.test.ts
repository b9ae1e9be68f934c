import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../../electron/services/backend/backend';
import { beijingTime } from '../../../electron/services/calendar/work-calendar';
import { stageFromDisk } from '../../../electron/services/import/stage-from-disk';
import { SyncRepository } from '../../../electron/services/sync/sync.repository';
import { SyncService } from '../../../electron/services/sync/sync.service';
import { repoRoot } from '../../support/build';
import { signIn } from '../../support/sign-in';
import { openDesk, type Desk } from './sync-desks';

/**
 * A restore takes a workspace back to a backup from before a case it had already sent: the next
 * case it makes gets the same local id. Named in a new era, it is a new case to the workstation that
 * has the first one, and the first one, sent back, is a new case here: neither is lost nor mixed
 * into the other. Desk A is the real backend (restore, reopen, wiring); desk B a copy of the demo.
 */
describe('names after a restore', () => {
  let root: string;
  let backend: Backend;
  let b: Desk;
  let dirA: string;
  const syncA = () => new SyncService(new SyncRepository(backend.openedWorkspace!.db));

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-restore-era-'));
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    dirA = path.join(root, 'a');
    await backend.createWorkspace(dirA, true);
    b = await openDesk(root, 'b', () => beijingTime(2026, 11, 20, 9));
  }, 300_000);
  afterAll(async () => {
    await backend.closeWorkspace();
    await b?.workspace.close({ checkpoint: false });
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function newCase(title: string): Promise<number> {
    const grid = (await backend.call('regions:tree', {})).find((node) => node.level === 'grid' && node.centroid)!;
    const [lng, lat] = grid.centroid!;
    return (await backend.call('cases:create', { source: 'patrol', title, location: { lng, lat, crs: 'wgs84' } })).id;
  }

  it('gives the case made after the restore a name of its own, and takes the lost one back as foreign', async () => {
    await signIn(backend);
    // The identity exists before the backup is taken: the restored workspace names rows as before.
    syncA().identity();
    await backend.closeWorkspace();
    await backend.openWorkspace(dirA);
    await signIn(backend);
    const lostId = await newCase('恢复前已发出：井盖缺失');
    const lost = syncA().extract([lostId]);
    expect(b.sync.apply(lost)).toMatchObject({ newCases: 1 });
    // Closing writes a snapshot with the case; the one it replaces (without it) is today's backup.
    await backend.closeWorkspace();
    await backend.openWorkspace(dirA);
    await signIn(backend);
    const daily = (await backend.call('workspace:backups', {})).find((x) => x.kind === 'daily')!;
    await backend.call('workspace:restore', { backup: daily.name });
    await signIn(backend);

    // The restore brings back the backup as listed (it was taken before the close that would have replaced it).
    expect(backend.openedWorkspace!.db.get('SELECT id FROM cases WHERE id = ?', [lostId])).toBeUndefined();
    const againId = await newCase('恢复后新登记：路灯不亮');
    expect(againId).toBe(lostId); // the local id is handed out again
    const again = syncA().extract([againId]);
    expect(again[0]!.caseUid).not.toBe(lost[0]!.caseUid);
    expect(b.sync.apply(again)).toMatchObject({ newCases: 1 });
    expect(b.cases.get(b.caseId(again[0]!.caseUid)!).title).toBe('恢复后新登记：路灯不亮');
    expect(b.cases.get(b.caseId(lost[0]!.caseUid)!).title).toBe('恢复前已发出：井盖缺失');

    // B sends the first case back: A takes it as a case of its own, apart from the new one.
    const back = syncA().apply(b.sync.extract([b.caseId(lost[0]!.caseUid)!]));
    expect(back).toMatchObject({ newCases: 1, conflicts: [] });
    const db = backend.openedWorkspace!.db;
    expect(db.all('SELECT title FROM cases WHERE title LIKE ? ORDER BY title', ['恢复%'])).toEqual([
      { title: '恢复前已发出：井盖缺失' }, { title: '恢复后新登记：路灯不亮' },
    ]);
    // The new case's timeline is its own: none of the first one's events went into it.
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM case_events WHERE case_id = ?', [againId])!.n)
      .toBe(again.filter((c) => c.kind === 'case_event').length);
  }, 300_000);

  it('refuses to undo an import whose case was sent: deleting it would hand its id, and its name, out again', async () => {
    await backend.call('auth:signOut', {});
    await signIn(backend);
    const file = path.join(root, '台账.csv');
    fs.writeFileSync(file, '工单编号,受理时间,标题\nTZ-1,2026-11-02 09:00,占道经营\n');
    const staged = await stageFromDisk(file, (input) => backend.call('import:stage', input));
    const ref = { stagedId: staged.stagedId, fileName: staged.fileName };
    const { mapping } = await backend.call('import:inspect', { file: ref, table: {} });
    const { jobId } = await backend.call('import:start', { file: ref, table: {}, mapping });
    while ((await backend.call('import:progress', { jobId })).state === 'running') await new Promise((resolve) => setTimeout(resolve, 20));
    const { batchId } = await backend.call('import:commit', { jobId });
    const caseId = backend.openedWorkspace!.db.get<{ id: number }>('SELECT id FROM cases WHERE import_batch_id = ?', [batchId])!.id;
    expect(b.sync.apply(syncA().extract([caseId]))).toMatchObject({ newCases: 1 });
    await expect(backend.call('import:undo', { batchId })).rejects.toMatchObject({ code: 'undo_blocked' });
    expect(backend.openedWorkspace!.db.get('SELECT id FROM cases WHERE id = ?', [caseId])).toEqual({ id: caseId });
  }, 120_000);
});
