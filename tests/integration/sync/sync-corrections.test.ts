import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, beijingTime as bj } from '../../../electron/services/calendar/work-calendar';
import { ImportRepository } from '../../../electron/services/import/import.repository';
import { ImportService } from '../../../electron/services/import/import.service';
import { desksDir } from '../exchange/exchange-desks';
import { openDesk, send, type Desk } from './sync-desks';

/**
 * Issue 14, field corrections: a re-import that corrects a shared case (and the undo of that
 * re-import) travels as a change, and survives the replays that receiving other events makes:
 * before, the correction had no patch, so the first event from elsewhere replayed the case back
 * to its first shared state on the desk that made it, and the other desk never saw it.
 */
describe('corrections by re-import between workstations', () => {
  let now = bj(2026, 11, 9, 9);
  const clock = () => (now += 1000);
  let street: Desk;
  let community: Desk;
  let dir: string;

  beforeAll(async () => {
    dir = desksDir();
    street = await openDesk(dir, 'street', clock);
    community = await openDesk(dir, 'community', clock);
  }, 120_000);
  afterAll(async () => {
    await street?.workspace.close({ checkpoint: false });
    await community?.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function importLedger(desk: Desk, name: string, title: string, address: string, number = 'GZ-1') {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `工单编号,受理时间,标题,地址\n${number},2026-11-02 09:00,${title},${address}\n`);
    const imports = new ImportService(new ImportRepository(desk.workspace.db), desk.workspace.dir, clock);
    const { mapping } = imports.inspect({ path: file }, {});
    const { jobId } = imports.start({ path: file }, {}, mapping);
    expect((await imports.wait(jobId)).state).toBe('ready');
    return { imports, result: imports.commit(jobId, '值班员甲') };
  }

  const row = (desk: Desk, uid: string) =>
    desk.workspace.db.get<{ title: string; address: string }>('SELECT title, address FROM cases WHERE id = ?', [desk.caseId(uid)!]);

  it('carries the correction to the other desk and keeps it through replays on both', async () => {
    const first = await importLedger(street, '台账.csv', '占道经营', '东华门大街1号');
    const caseId = street.workspace.db.get<{ id: number }>('SELECT id FROM cases WHERE import_batch_id = ?', [first.result.batchId])!.id;
    const uid = street.sync.extract([caseId])[0]!.caseUid;
    send(street, community, uid);

    now += HOUR;
    const corrected = await importLedger(street, '台账-更正.csv', '占道经营（更正）', '东华门大街3号');
    expect(corrected.result.updated).toBe(1);
    send(street, community, uid);
    expect(row(community, uid)).toEqual({ title: '占道经营（更正）', address: '东华门大街3号' });

    // The community registers the case; the street receives that event and replays the case.
    now += HOUR;
    community.workflow.transition(community.caseId(uid)!, 'register', {}, community.staffOf('operator'));
    send(community, street, uid);
    expect(row(street, uid)).toEqual({ title: '占道经营（更正）', address: '东华门大街3号' });
    expect(street.sync.canonical([caseId])).toEqual(community.sync.canonical([community.caseId(uid)!]));
  }, 120_000);

  it('carries the undo of a correction too', async () => {
    const first = await importLedger(street, '台账2.csv', '违规停车', '南河沿大街5号', 'GZ-2');
    const caseId = street.workspace.db.get<{ id: number }>('SELECT id FROM cases WHERE import_batch_id = ?', [first.result.batchId])!.id;
    const uid = street.sync.extract([caseId])[0]!.caseUid;
    send(street, community, uid);
    now += HOUR;
    const corrected = await importLedger(street, '台账2-更正.csv', '违规停车（更正）', '南河沿大街7号', 'GZ-2');
    send(street, community, uid);
    expect(row(community, uid)).toEqual({ title: '违规停车（更正）', address: '南河沿大街7号' });
    now += HOUR;
    expect(corrected.imports.undo(corrected.result.batchId, '值班员甲')).toEqual({ removed: 0, restored: 1 });
    send(street, community, uid);
    expect(row(community, uid)).toEqual({ title: '违规停车', address: '南河沿大街5号' });
    expect(street.sync.canonical([caseId])).toEqual(community.sync.canonical([community.caseId(uid)!]));
  }, 120_000);
});
