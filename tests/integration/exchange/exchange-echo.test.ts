import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime } from '../../../electron/services/calendar/work-calendar';
import { ExchangeRepository } from '../../../electron/services/exchange/exchange.repository';
import { SyncRepository } from '../../../electron/services/sync/sync.repository';
import { desksDir } from './exchange-desks';
import { openDesk, type Desk } from '../sync/sync-desks';

/** A package to a peer leaves out what the peer itself made, in any of its eras (after a restore there). */
describe('what goes back to the desk it came from', () => {
  let dir: string;
  let street: Desk;
  let community: Desk;

  beforeAll(async () => {
    dir = desksDir();
    const clock = () => beijingTime(2026, 11, 9, 9);
    street = await openDesk(dir, 'street', clock);
    community = await openDesk(dir, 'community', clock);
  }, 120_000);
  afterAll(async () => {
    await street?.workspace.close({ checkpoint: false });
    await community?.workspace.close({ checkpoint: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('does not send the community its own events, made before or after a restore there', () => {
    const grid = street.workspace.db.get<{ lng: number; lat: number }>(`SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1`)!;
    const { id: caseId } = street.cases.create({ source: 'hotline', title: '回声测试：路灯不亮', location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' } });
    const uid = street.sync.extract([caseId])[0]!.caseUid;
    community.sync.apply(street.sync.extract([caseId]));
    const afterEventId = street.workspace.db.get<{ id: number }>('SELECT max(id) AS id FROM case_events')!.id;
    // The community, restored from a backup, begins an era; its next event on the case is named in it.
    new SyncRepository(community.workspace.db).beginEra();
    community.workflow.transition(community.caseId(uid)!, 'register', {}, community.staffOf('operator'));
    const fromCommunity = community.sync.extract([community.caseId(uid)!]).filter((c) => c.kind === 'case_event').at(-1)!;
    expect(fromCommunity.id).toMatch(new RegExp(`^${community.sync.identity().id}\\.1:e`));
    street.sync.apply(community.sync.extract([community.caseId(uid)!]));
    const exchange = new ExchangeRepository(street.workspace.db);
    expect(exchange.casesForPeer(community.sync.identity().id, 'all', afterEventId)).not.toContain(caseId);
    expect(exchange.casesForPeer('another-desk', 'all', afterEventId)).toContain(caseId);
  }, 120_000);
});
