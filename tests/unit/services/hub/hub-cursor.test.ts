import { afterEach, describe, expect, it } from 'vitest';
import type { CaseBaseChange, CaseEventChange } from '../../../../electron/contract';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { foldHubCase, fromHubChange, toHubChange } from '../../../../electron/services/hub/hub-changes';
import { HubCursorRepository } from '../../../../electron/services/hub/hub-cursor.repository';
import { LocalNames } from '../../../../electron/services/sync/local-names';
import { tempDir } from '../../../support/temp';

let open: DurableDatabase[] = [];
afterEach(async () => {
  for (const db of open) await db.close();
  open = [];
});

describe('migration 13: hub cursors', () => {
  it('upgrades a version-12 workspace with cases and events; cursors start at 0 and never move back', async () => {
    const dir = tempDir('griddesk-hub-cursor-');
    const v12 = await DurableDatabase.open(dir, { migrations: migrations.slice(0, 12) });
    v12.transaction((tx) => {
      tx.run(`INSERT INTO cases (id, case_no, source, title, status, received_at, created_at, updated_at) VALUES (1, 'C1', 'patrol', '井盖缺失', 'received', 0, 0, 0)`);
      tx.run(`INSERT INTO cases (id, case_no, source, title, status, received_at, created_at, updated_at, uid) VALUES (2, 'C2', 'patrol', '路灯不亮', 'received', 0, 0, 0, 'other:c9')`);
      for (const [id, caseId] of [[1, 1], [2, 2], [3, 1]]) tx.run('INSERT INTO case_events (id, case_id, at, action) VALUES (?, ?, 0, ?)', [id, caseId, 'received']);
    });
    await v12.close();
    const db = await DurableDatabase.open(dir, { migrations: migrations.slice(0, 13) });
    open.push(db);
    const cursors = new HubCursorRepository(db);
    expect(cursors.cursor('hub-a')).toEqual({ pulledSeq: 0, pushedEventId: 0 });
    expect(cursors.lastEventId()).toBe(3);
    expect(cursors.casesWithEventsAfter(0, 3)).toEqual([1, 2]);
    expect(cursors.casesWithEventsAfter(2, 3)).toEqual([1]);
    expect(cursors.casesWithEventsAfter(1, 2)).toEqual([2]);

    cursors.advance('hub-a', { pulledSeq: 40 });
    cursors.advance('hub-a', { pushedEventId: 3 });
    cursors.advance('hub-a', { pulledSeq: 12, pushedEventId: 1 }); // a slower writer: ignored
    expect(cursors.cursor('hub-a')).toEqual({ pulledSeq: 40, pushedEventId: 3 });
    expect(cursors.cursor('hub-b')).toEqual({ pulledSeq: 0, pushedEventId: 0 });

    // Born here: <me>:c<id> while its uid is NULL; received: by its uid.
    const me = new LocalNames('me');
    expect(cursors.hasCase('me:c1', me)).toBe(true);
    expect(cursors.hasCase('me:c2', me)).toBe(false);
    expect(cursors.hasCase('other:c9', me)).toBe(true);
    expect(cursors.hasCase('other:c1', me)).toBe(false);
    // After a restore took the workspace back to case 0, case 1 is of the new era: `me:c1` named another case.
    const restored = new LocalNames('me', [{ caseAfter: 0, eventAfter: 0, whistleAfter: 0 }]);
    expect(cursors.hasCase('me.1:c1', restored)).toBe(true);
    expect(cursors.hasCase('me:c1', restored)).toBe(false);
  });
});

const place = { street: '110101001', community: '110101001001', grid: '110101001001001' };
const base: CaseBaseChange = {
  kind: 'case_base', id: 'ws1:c5', caseUid: 'ws1:c5', hlc: '1793000000000-0001', origin: 'ws1', place,
  row: { case_no: 'C5', source: 'hotline', status: 'received', category_id: '0101', street_id: place.street, community_id: place.community,
    grid_id: place.grid, lng: 116.4, lat: 39.9, received_at: 1793000000000, responded_at: null, closed_at: null, solved: null, satisfaction: null },
  whistles: [],
};
function event(id: string, hlc: string, action: string, from: string, to: string, patch: Record<string, string | number | null>): CaseEventChange {
  return {
    kind: 'case_event', id, caseUid: 'ws1:c5', hlc, origin: id.split(':')[0]!, place,
    event: { at: Number(hlc.slice(0, 13)), actor: null, actorName: '值班员', action, from, to, note: null, data: null, patch },
  };
}

describe('hub rows of the change model', () => {
  it('travels as head columns and a body, and comes back the same change', () => {
    const e = event('ws1:e7', '1793000001000-0000', 'registered', 'received', 'registered', { status: 'registered' });
    for (const change of [base, e]) {
      const row = toHubChange(change);
      expect(row).toMatchObject({ changeId: change.id, entity: 'ws1:c5', streetCode: place.street, gridCode: place.grid });
      expect(JSON.stringify(row.payload)).not.toContain('"hlc"');
      expect(fromHubChange({ ...row, seq: 1, payload: JSON.parse(JSON.stringify(row.payload)) })).toEqual(change);
    }
  });

  it('folds a case from its base and later events in clock order, as the desks do; events in the base are not applied twice', () => {
    const changes = [
      event('ws2:e3', '1793000003000-0000', 'closed', 'registered', 'closed', { status: 'closed', closed_at: 1793000003000, solved: 1 }),
      base,
      event('ws1:e1', '1793000000000-0000', 'responded', 'received', 'received', { responded_at: 1 }), // before the base: in it already
      event('ws1:e7', '1793000001000-0000', 'registered', 'received', 'registered', { status: 'registered' }),
    ];
    expect(foldHubCase(changes)).toMatchObject({
      uid: 'ws1:c5', caseNo: 'C5', status: 'closed', closedAt: 1793000003000, solved: true, respondedAt: null,
      categoryCode: '0101', gridCode: place.grid, receivedAt: 1793000000000, hlc: '1793000003000-0000',
    });
    expect(foldHubCase(changes.filter((c) => c.kind === 'case_event'))).toBeUndefined();
  });
});
