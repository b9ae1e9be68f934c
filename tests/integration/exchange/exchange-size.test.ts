import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime as bj } from '../../../electron/services/calendar/work-calendar';
import { counts, desksDir, openExchangeDesk, type ExchangeDesk, closeDesks } from './exchange-desks';

/**
 * A package of ~10k changes (two communities' whole history, sent because the peer was paired
 * with `history`): written, carried and applied between two real workspaces. Times are printed,
 * not asserted (speed goals belong in the bench).
 */
describe('an exchange package of about ten thousand changes', () => {
  const now = bj(2026, 11, 4, 9);
  const clock = () => now;
  let dir: string;
  let street: ExchangeDesk;
  let district: ExchangeDesk;

  beforeAll(async () => {
    dir = desksDir();
    street = await openExchangeDesk(dir, 'street', '城关街道', clock);
    district = await openExchangeDesk(dir, 'district', '区中心', clock);
    district.exchange.pair(street.exchange.card(), 'all');
  }, 240_000);
  afterAll(() => closeDesks(dir, [street, district]));

  it('writes, checks and applies it whole', () => {
    const communities = street.workspace.db.all<{ code: string }>(
      `SELECT r.code FROM regions r JOIN cases c ON c.community_id = r.id WHERE r.code LIKE '110101017%' GROUP BY r.id ORDER BY count(*) DESC LIMIT 2`,
    ).map((r) => r.code);
    street.exchange.pair(district.exchange.card(), communities, { history: true });
    let t = performance.now();
    const bytes = street.exchange.writePackage(district.id);
    const writeMs = performance.now() - t;
    const before = counts(district);
    t = performance.now();
    const report = district.exchange.receivePackage(bytes);
    const applyMs = performance.now() - t;
    console.log(`[exchange] ${report.changeCount} changes of ${report.caseCount} cases: package ${(bytes.length / 1024).toFixed(0)} KB, written in ${writeMs.toFixed(0)} ms, checked and applied in ${applyMs.toFixed(0)} ms`);
    expect(report.changeCount).toBeGreaterThan(8000);
    expect(report.newCases).toBe(report.caseCount);
    expect(report.newCases + report.newEvents).toBe(report.changeCount);
    expect(counts(district).cases).toBe(before.cases + report.caseCount);
    t = performance.now();
    const again = district.exchange.receivePackage(bytes);
    console.log(`[exchange] the same package again: ${again.newCases + again.newEvents} new, ${again.alreadyHad} already had, in ${(performance.now() - t).toFixed(0)} ms`);
    expect(again.newCases + again.newEvents).toBe(0);
  }, 300_000);
});
