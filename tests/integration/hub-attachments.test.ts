import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentRepository } from '../../electron/services/attachments/attachment.repository';
import { AttachmentService } from '../../electron/services/attachments/attachment.service';
import { AttachmentStore } from '../../electron/services/attachments/attachment-store';
import { beijingTime as bj, HOUR } from '../../electron/services/calendar/work-calendar';
import { HubCursorRepository } from '../../electron/services/hub/hub-cursor.repository';
import { HubSyncService } from '../../electron/services/hub/hub-sync.service';
import { migratedHub } from '../support/hub-database';
import { openDesk, type Desk } from './sync/sync-desks';

const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAghCMDwAAAABJRU5ErkJggg==', 'base64');

/** Issue 14, attachments by hash through the hub: a photo's bytes are stored there once and fetched by the desk that lacks them. */
describe('attachments through the hub', () => {
  let now = bj(2026, 11, 2, 9);
  const clock = () => now;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hub-files-'));
  let client: pg.Client;
  let street: Desk;
  let community: Desk;
  const hubs = new Map<Desk, HubSyncService>();

  beforeAll(async () => {
    ({ client } = await migratedHub());
    street = await openDesk(dir, 'street', clock);
    community = await openDesk(dir, 'community', clock);
    for (const desk of [street, community]) {
      const hub = new HubSyncService(desk.sync, new HubCursorRepository(desk.workspace.db), { hub: 'files-hub', clock });
      hub.skipHistory(); // the demo's cases stay local: only this test's case travels
      hubs.set(desk, hub);
    }
  }, 300_000);
  afterAll(async () => {
    await client?.end();
    for (const desk of [street, community]) await desk?.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const attach = (desk: Desk, caseId: number, fileName: string, bytes: Buffer) =>
    new AttachmentService(new AttachmentRepository(desk.workspace.db), desk.workspace.dir, () => true, clock, () => ({ id: null, name: desk.name }))
      .add(caseId, 'before', [{ fileName, mime: 'image/png', dataBase64: bytes.toString('base64') }]);
  const files = (desk: Desk, caseId: number) =>
    desk.workspace.db.all<{ sha256: string; fileName: string }>('SELECT sha256, file_name AS "fileName" FROM attachments WHERE case_id = ? ORDER BY sha256', [caseId])
      .map((f) => ({ ...f, held: new AttachmentStore(desk.workspace.dir).has(f.sha256) }));

  it('pushes the bytes once, and the other desk pulls the row and the file', async () => {
    const grid = street.workspace.db.get<{ lng: number; lat: number }>(`SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1`)!;
    const { id } = street.cases.create({ source: 'patrol', title: '中心库附件测试：护栏损坏', location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' } });
    attach(street, id, '护栏.png', PNG_1PX);
    await hubs.get(street)!.push(client);
    await hubs.get(street)!.push(client);
    expect((await client.query('SELECT count(*)::int AS n FROM files')).rows[0].n).toBe(1);

    await hubs.get(community)!.pull(client);
    const uid = street.sync.extract([id])[0]!.caseUid;
    const there = community.caseId(uid)!;
    const sha = crypto.createHash('sha256').update(PNG_1PX).digest('hex');
    expect(files(community, there)).toEqual([{ sha256: sha, fileName: '护栏.png', held: true }]);

    now += HOUR;
    const second = Buffer.concat([PNG_1PX, Buffer.from('2')]);
    attach(community, there, '护栏-2.png', second);
    await hubs.get(community)!.push(client);
    await hubs.get(street)!.pull(client);
    expect(files(street, id)).toEqual(files(community, there));
    expect(files(street, id)).toHaveLength(2);
  }, 300_000);
});
