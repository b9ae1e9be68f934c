import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, beijingTime as bj } from '../../../electron/services/calendar/work-calendar';
import { tempDir } from '../../support/temp';
import { act, openDesk, send, type Desk } from './sync-desks';

/**
 * Three workstations (three real workspaces) work on the same cases while apart and exchange
 * changes in random subsets, orders and duplicates: once everything has been exchanged, all three
 * hold the same case — every event anyone made, the same replayed state, the same conflicts.
 */
describe('the change model converges', () => {
  let now = bj(2026, 11, 2, 9);
  const clock = () => now;
  let desks: Desk[];

  beforeAll(async () => {
    const dir = tempDir('griddesk-sync-');
    desks = [];
    for (const name of ['street', 'community', 'district']) desks.push(await openDesk(dir, name, clock));
  }, 120_000);
  afterAll(async () => {
    for (const desk of desks ?? []) await desk.workspace.close({ checkpoint: false });
  });

  function newSharedCase(): string {
    const [street] = desks;
    const grid = street!.workspace.db.get<{ lng: number; lat: number }>(`SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1`)!;
    const category = street!.workspace.db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
    const created = street!.cases.create({ source: 'hotline', categoryId: category.id, title: '同步测试：占道经营', location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' } });
    const uid = street!.sync.extract([created.id])[0]!.caseUid;
    for (const other of desks.slice(1)) send(street!, other, uid);
    return uid;
  }

  const step = fc.oneof(
    fc.record({ kind: fc.constant('act' as const), desk: fc.nat(2), pick: fc.nat(20) }),
    fc.record({ kind: fc.constant('send' as const), from: fc.nat(2), to: fc.nat(2), keep: fc.array(fc.boolean(), { maxLength: 40 }), twice: fc.boolean() }),
  );

  const seen = { actions: 0, conflicts: 0, events: 0 };

  it('gives every desk the same case, whatever was done and whatever order the changes came in', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 24 }), (steps) => {
        const uid = newSharedCase();
        const made = new Set<string>();
        for (const s of steps) {
          now += HOUR / 2;
          if (s.kind === 'act') {
            const desk = desks[s.desk]!;
            if (act(desk, desk.caseId(uid)!, s.pick)) seen.actions++;
          } else if (s.from !== s.to) {
            send(desks[s.from]!, desks[s.to]!, uid, (i) => s.keep[i % Math.max(1, s.keep.length)] ?? true, s.twice);
          }
        }
        for (const desk of desks) for (const c of desk.sync.extract([desk.caseId(uid)!])) made.add(c.id);
        // Everything to everyone, twice round, so that what one desk only just received also travels.
        for (let round = 0; round < 2; round++) for (const from of desks) for (const to of desks) if (from !== to) send(from, to, uid);
        const [first, ...rest] = desks.map((d) => d.sync.canonical([d.caseId(uid)!])[0] as { events: { id: string }[]; conflicts: string[] });
        for (const other of rest) expect(other).toEqual(first);
        seen.events += first!.events.length;
        if (first!.conflicts.length) seen.conflicts++;
        // No change anyone made is missing.
        const have = new Set([uid, ...first!.events.map((e) => e.id)]);
        for (const id of made) expect(have.has(id)).toBe(true);
      }),
      { numRuns: 25, seed: Number(process.env.SYNC_SEED ?? 20261204) },
    );
    // The runs did work apart, and some of it collided: a property over nothing would prove nothing.
    expect(seen.actions).toBeGreaterThan(50);
    expect(seen.conflicts).toBeGreaterThan(0);
    console.log('sync convergence runs:', seen);
  });
});
