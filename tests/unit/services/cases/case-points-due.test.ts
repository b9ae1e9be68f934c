import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../../../electron/services/cases/case.repository';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { caseInsert } from '../../../fixtures/case-insert';
import { tempDir } from '../../../support/temp';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 2, 10, 2);

/** The map coloured by deadline: the 4th value of each point is its due state. */
describe('case points by due state', () => {
  let db: DurableDatabase;
  let repo: CaseRepository;
  const add = (title: string, handlingDueAt: number | null) =>
    repo.insertReceived(caseInsert(title, { source: 'patrol', lng: 116.4, lat: 39.9, receivedAt: NOW - 48 * HOUR, handlingDueAt })).id;

  beforeEach(async () => {
    db = await DurableDatabase.open(tempDir(), { migrations });
    repo = new CaseRepository(db);
  });
  afterEach(async () => {
    await db.close({ checkpoint: false });
  });

  it('gives 3 to overdue, 2 to near-due (within 24 h), 1 to in time, 0 to no deadline or closed', () => {
    const ids = [add('超期', NOW - HOUR), add('临期', NOW + 5 * HOUR), add('未到期', NOW + 72 * HOUR), add('无时限', null), add('已结案', NOW - HOUR)];
    db.transaction((tx) => tx.run(`UPDATE cases SET status = 'closed', closed_at = ? WHERE id = ?`, [NOW - 2 * HOUR, ids[4]!]));
    const due = new Map(repo.points({}, NOW, 'due').map(([id, , , s]) => [id, s]));
    expect(ids.map((id) => due.get(id))).toEqual([3, 2, 1, 0, 0]);
    // By status (the default) the 4th value is the status index: received = 0, closed = 6.
    const status = new Map(repo.points({}, NOW).map(([id, , , s]) => [id, s]));
    expect(ids.map((id) => status.get(id))).toEqual([0, 0, 0, 0, 6]);
  });
});
