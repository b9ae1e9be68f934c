import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime as bj, HOUR } from '../../../electron/services/calendar/work-calendar';
import { counts, desksDir, doAction, newCaseIn, type ExchangeDesk, COMMUNITY, openStreetAndCommunity, carryPackage, closeDesks, STREET } from './exchange-desks';


/**
 * Two workstations with no network between them: the street office dispatches a case, carries the
 * package file over, the community office handles it and sends its package back.
 */
describe('exchange files between a street and a community desk', () => {
  let now = bj(2026, 11, 2, 9);
  const clock = () => now;
  let dir: string;
  let street: ExchangeDesk;
  let community: ExchangeDesk;

  beforeAll(async () => {
    dir = desksDir();
    ({ street, community } = await openStreetAndCommunity(dir, clock));
  }, 180_000);
  afterAll(() => closeDesks(dir, [street, community]));

  const carry = (from: ExchangeDesk, to: ExchangeDesk, file: string) => carryPackage(dir, from, to, file);

  it('carries a dispatched case to the community and its handling back to the street', () => {
    const card = street.exchange.card();
    expect(card.name).toBe('城关街道');
    expect(card.fingerprint).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
    expect(street.exchange.peers().map((p) => [p.name, p.scope])).toEqual([['东关社区', [COMMUNITY]]]);

    const caseId = newCaseIn(street, COMMUNITY, '交换测试：楼道堆物');
    doAction(street, caseId, 'register');
    now += HOUR;
    doAction(street, caseId, 'dispatch');
    const uid = street.sync.extract([caseId])[0]!.caseUid;

    const toCommunity = carry(street, community, 'to-community.gdx');
    expect(toCommunity).toMatchObject({ fromWorkspaceId: street.id, fromName: '城关街道', newCases: 1, caseCount: 1, conflicts: [] });
    const there = community.caseId(uid)!;
    expect(community.cases.get(there).status).toBe('dispatched');
    expect(community.sync.canonical([there])).toEqual(street.sync.canonical([caseId]));

    now += HOUR;
    doAction(community, there, 'respond');
    now += HOUR;
    doAction(community, there, 'handle');
    const toStreet = carry(community, street, 'to-street.gdx');
    expect(toStreet).toMatchObject({ fromName: '东关社区', newCases: 0, newEvents: 2, conflicts: [] });
    expect(street.cases.get(caseId).status).toBe('handled');
    expect(street.sync.canonical([caseId])).toEqual(community.sync.canonical([there]));

    // The community's package acknowledged the street's: nothing is left to send either way.
    const again = carry(street, community, 'again.gdx');
    expect(again).toMatchObject({ changeCount: 0, newCases: 0, newEvents: 0 });
  });

  it('re-sends what was not acknowledged: a lost package costs nothing', () => {
    const caseId = newCaseIn(street, COMMUNITY, '交换测试：井盖缺失');
    doAction(street, caseId, 'register');
    const lost = street.exchange.writePackage(community.id);
    expect(lost.length).toBeGreaterThan(0);
    const before = counts(community);
    const next = carry(street, community, 'next.gdx');
    expect(next).toMatchObject({ newCases: 1, caseCount: 1 });
    expect(counts(community).cases).toBe(before.cases + 1);
    // The late copy of the lost package brings nothing new.
    expect(community.exchange.receivePackage(lost)).toMatchObject({ newCases: 0, newEvents: 0 });
  });

  it('sends only cases in the peer scope', () => {
    const other = street.workspace.db.get<{ code: string }>(
      `SELECT code FROM regions WHERE level = 'community' AND code NOT LIKE ? ORDER BY code LIMIT 1`, [`${STREET}%`],
    )!.code;
    newCaseIn(street, other, '交换测试：别的街道的案件');
    const report = carry(street, community, 'scoped.gdx');
    expect(report.newCases).toBe(0);
  });
});
