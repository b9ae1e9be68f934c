import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../../electron/contract';
import { HOUR, beijingTime as bj } from '../../../electron/services/calendar/work-calendar';
import { tempDir } from '../../support/temp';
import { act, openDesk, send, type Desk } from './sync-desks';

/**
 * A large batch applies the cases it brings by folding them in memory and writing each once;
 * cases a desk already has are replayed from its database. Both must give what receiving the
 * same changes piece by piece gives (base alone, then events, each twice, through the replay).
 */
describe('applying one large batch', () => {
  let now = bj(2026, 11, 10, 9);
  const clock = () => now;
  let street: Desk;
  let community: Desk;
  let bulk: Desk;
  let reference: Desk;
  let batch: SyncChange[];
  let mergedUid: string;
  let targetUid: string;
  let disputedUid: string;
  let earlyEvents: number;

  beforeAll(async () => {
    const dir = tempDir('griddesk-sync-batch-');
    [street, community, bulk, reference] = [
      await openDesk(dir, 'street', clock), await openDesk(dir, 'community', clock), await openDesk(dir, 'bulk', clock), await openDesk(dir, 'reference', clock),
    ];
    const db = street.workspace.db;
    // Demo cases with whistles (and reports) and plain ones, plus two new cases, one merged into the other.
    const withWhistles = db.all<{ id: number }>('SELECT DISTINCT case_id AS id FROM whistles ORDER BY case_id LIMIT 6').map((r) => r.id);
    const plain = db.all<{ id: number }>('SELECT id FROM cases ORDER BY id LIMIT 120').map((r) => r.id);
    const grid = db.get<{ lng: number; lat: number }>(`SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1`)!;
    const category = db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
    const make = (title: string) => street.cases.create({ source: 'hotline', categoryId: category.id, title, location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' } }).id;
    const target = make('批量应用：合并目标');
    const merged = make('批量应用：被合并');
    now += HOUR;
    street.workflow.merge(merged, target);
    for (const id of plain.slice(0, 40)) {
      now += HOUR / 4;
      act(street, id, id);
    }
    // One case both the street and a community desk change while apart: a conflict inside the batch.
    const disputed = make('批量应用：两边各自处理');
    const w = street.workflow;
    w.transition(disputed, 'register', {}, street.staffOf('operator'));
    w.transition(disputed, 'dispatch', { departmentId: 1 }, street.staffOf('dispatcher'));
    w.transition(disputed, 'respond', {}, street.staffOf('department_staff'));
    w.transition(disputed, 'handle', { note: '已处理' }, street.staffOf('department_staff'));
    const uidOf = (id: number) => street.sync.extract([id])[0]!.caseUid;
    [mergedUid, targetUid, disputedUid] = [uidOf(merged), uidOf(target), uidOf(disputed)];
    send(street, community, disputedUid);
    now += HOUR;
    street.workflow.transition(disputed, 'verify', {}, street.staffOf('grid_worker'));
    now += HOUR;
    community.workflow.transition(community.caseId(disputedUid)!, 'reject', { note: '现场核查仍有问题' }, community.staffOf('grid_worker'));

    // What the receivers already have: a few cases with only some of their events.
    const early = street.sync.extract(plain.slice(0, 15)).filter((c, i) => c.kind === 'case_base' || i % 3 !== 0);
    for (const desk of [bulk, reference]) desk.sync.apply(early);
    earlyEvents = early.filter((c) => c.kind === 'case_event').length;
    // The merged case comes before its target, every change twice, the community's side of the dispute too.
    const all = street.sync.extract([merged, ...withWhistles, ...plain, disputed, target]);
    batch = [...all, ...community.sync.extract([community.caseId(disputedUid)!]), ...all.slice().reverse()];
  }, 180_000);

  afterAll(async () => {
    for (const desk of [street, community, bulk, reference]) await desk?.workspace.close({ checkpoint: false });
  });

  it('gives the same cases as receiving them piece by piece, and marks the conflict', () => {
    const report = bulk.sync.apply(batch);
    const groups = new Map<string, SyncChange[]>();
    for (const change of batch) groups.set(change.caseUid, [...(groups.get(change.caseUid) ?? []), change]);
    for (const [, group] of [...groups].reverse()) {
      const base = group.filter((c) => c.kind === 'case_base').slice(0, 1);
      const events = group.filter((c) => c.kind === 'case_event');
      reference.sync.apply(base);
      reference.sync.apply(events.slice().reverse());
      reference.sync.apply(events);
    }
    const events = batch.filter((c) => c.kind === 'case_event');
    expect(report.newCases).toBe(groups.size - 15);
    expect(report.newEvents).toBe(new Set(events.map((c) => c.id)).size - earlyEvents);
    expect(report.alreadyHad).toBe(15 + events.length - report.newEvents);
    expect(report.conflicts).toEqual([bulk.cases.get(bulk.caseId(disputedUid)!).caseNo]);
    for (const uid of groups.keys()) {
      const [mine] = bulk.sync.canonical([bulk.caseId(uid)!]);
      const [theirs] = reference.sync.canonical([reference.caseId(uid)!]);
      expect(mine).toEqual(theirs);
    }
    // The merged case names its target although the target came later in the batch.
    const merged = bulk.workspace.db.get<{ into: number | null }>('SELECT merged_into_id AS "into" FROM cases WHERE id = ?', [bulk.caseId(mergedUid)!])!;
    expect(merged.into).toBe(bulk.caseId(targetUid));
    expect(bulk.workspace.db.get<{ n: number }>('SELECT count(*) AS n FROM whistles w JOIN cases c ON c.id = w.case_id WHERE c.uid IS NOT NULL')!.n).toBeGreaterThan(0);
  });

  it('brings nothing new the second time', () => {
    const again = bulk.sync.apply(batch);
    // Each case's base counts once, each event as often as it comes.
    const cases = new Set(batch.map((c) => c.caseUid)).size;
    expect(again).toMatchObject({ newCases: 0, newEvents: 0, alreadyHad: cases + batch.filter((c) => c.kind === 'case_event').length, conflicts: [] });
  });
});
