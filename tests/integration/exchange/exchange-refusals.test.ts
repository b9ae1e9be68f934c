import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingTime as bj } from '../../../electron/services/calendar/work-calendar';
import type { SyncChange } from '../../../electron/contract';
import { fingerprint } from '../../../electron/services/exchange/exchange.service';
import { encodePackage } from '../../../electron/services/exchange/package-format';
import { counts, desksDir, doAction, newCaseIn, openExchangeDesk, type ExchangeDesk, closeDesks } from './exchange-desks';

const COMMUNITY = '110101017004';
const MAGIC_BYTES = 'GRIDDESK-EXCHANGE\n'.length;

/** Rebuilds a package around an edited header with a correct checksum: what a forger could do without our key. */
function reheader(bytes: Buffer, edit: (header: Record<string, unknown>) => void): Buffer {
  const length = bytes.readUInt32BE(MAGIC_BYTES);
  const header = JSON.parse(bytes.subarray(MAGIC_BYTES + 4, MAGIC_BYTES + 4 + length).toString('utf8')) as Record<string, unknown>;
  edit(header);
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const lengthBytes = Buffer.alloc(4);
  lengthBytes.writeUInt32BE(headerBytes.length);
  const signed = Buffer.concat([bytes.subarray(0, MAGIC_BYTES), lengthBytes, headerBytes, bytes.subarray(MAGIC_BYTES + 4 + length, bytes.length - 96)]);
  return Buffer.concat([signed, createHash('sha256').update(signed).digest(), bytes.subarray(bytes.length - 64)]);
}

/** A package on the USB stick may be damaged, forged, misaddressed or from a stranger: each is refused and changes nothing. */
describe('receiving an exchange package refuses what it must', () => {
  const now = bj(2026, 11, 3, 9);
  const clock = () => now;
  let dir: string;
  let street: ExchangeDesk;
  let community: ExchangeDesk;
  let stranger: ExchangeDesk;
  let good: Buffer;

  beforeAll(async () => {
    dir = desksDir();
    street = await openExchangeDesk(dir, 'street', '城关街道', clock);
    community = await openExchangeDesk(dir, 'community', '东关社区', clock);
    stranger = await openExchangeDesk(dir, 'stranger', '外区工作站', clock);
    street.exchange.pair(community.exchange.card(), [COMMUNITY]);
    community.exchange.pair(street.exchange.card(), 'all');
    // The stranger knows the community's card; the community never paired with it.
    stranger.exchange.pair(community.exchange.card(), 'all');
    street.exchange.pair(stranger.exchange.card(), 'all');
    const caseId = newCaseIn(street, COMMUNITY, '交换测试：路灯不亮');
    doAction(street, caseId, 'register');
    good = street.exchange.writePackage(community.id);
  }, 240_000);
  afterAll(() => closeDesks(dir, [street, community, stranger]));

  function refused(bytes: Buffer, code: string, words: RegExp): void {
    const before = counts(community);
    expect(() => community.exchange.receivePackage(bytes)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(words) }));
    expect(counts(community)).toEqual(before);
  }

  function flip(bytes: Buffer, at: number): Buffer {
    const copy = Buffer.from(bytes);
    copy[at] = copy[at]! ^ 0x01;
    return copy;
  }

  it('refuses a file that is not a package, and one cut short', () => {
    refused(Buffer.from('case_no,title\n1,路灯\n'), 'exchange_not_package', /不是 GridDesk 交换包/);
    refused(good.subarray(0, good.length - 10), 'exchange_damaged', /已损坏/);
  });

  it('refuses a package with one byte altered, in the body or in the header', () => {
    refused(flip(good, good.length - 200), 'exchange_damaged', /校验和不符/);
    refused(flip(good, MAGIC_BYTES + 10), 'exchange_damaged', /校验和不符/);
  });

  it('refuses a package altered and re-checksummed: the signature no longer holds', () => {
    refused(reheader(good, (h) => { h.createdAt = Number(h.createdAt) + 1; }), 'exchange_bad_signature', /签名无效.*城关街道/);
  });

  it('refuses a package signed by another key under the same workspace id', () => {
    const forger = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const changes = street.sync.extract([1]);
    const forged = encodePackage(
      { from: { id: street.id, name: '城关街道' }, to: { id: community.id, name: '东关社区' }, createdAt: now, changeCount: changes.length, caseCount: 1, throughEventId: 0, ack: 0 },
      changes, forger,
    );
    refused(forged, 'exchange_bad_signature', /签名无效/);
  });

  it('refuses a package from a workspace it never paired with', () => {
    newCaseIn(stranger, COMMUNITY, '交换测试：外区案件');
    refused(stranger.exchange.writePackage(community.id), 'exchange_unpaired', /未配对的工作区「外区工作站」/);
  });

  it('refuses a package addressed to another workspace', () => {
    refused(street.exchange.writePackage(stranger.id), 'exchange_wrong_recipient', /发给「外区工作站」/);
  });

  it('refuses a package whose change breaks the change model, naming the change and field', () => {
    const key = generateKeyPairSync('ed25519');
    const publicKey = key.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const id = 'badsender000001';
    community.exchange.pair({ workspaceId: id, name: '坏发送方', publicKey, fingerprint: fingerprint(publicKey) }, 'all');
    const [base, ...events] = street.sync.extract([2]);
    const broken = { ...events[0]!, hlc: 'yesterday' } as SyncChange;
    const bytes = encodePackage(
      { from: { id, name: '坏发送方' }, to: { id: community.id, name: '东关社区' }, createdAt: now, changeCount: 2, caseCount: 1, throughEventId: 0, ack: 0 },
      [base!, broken], key.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    );
    refused(bytes, 'exchange_bad_change', /第 2 条变更的字段「hlc」/);
  });

  it('refuses pairing with its own card, a bad card, and a changed key unless replacing', () => {
    const own = community.exchange.card();
    expect(() => community.exchange.pair(own, 'all')).toThrow(expect.objectContaining({ code: 'exchange_self', message: expect.stringMatching(/复制的工作区/) }));
    const streetCard = street.exchange.card();
    expect(() => community.exchange.pair({ ...streetCard, fingerprint: '0000 0000 0000 0000' }, 'all')).toThrow(expect.objectContaining({ code: 'exchange_bad_card' }));
    expect(() => community.exchange.pair(streetCard, ['999999999'])).toThrow(expect.objectContaining({ code: 'exchange_bad_scope' }));
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const changed = { ...streetCard, publicKey: other, fingerprint: fingerprint(other) };
    expect(() => community.exchange.pair(changed, 'all')).toThrow(expect.objectContaining({ code: 'exchange_key_changed', message: expect.stringMatching(/替换配对/) }));
    // Re-pairing with the same key keeps the peer as it was; the real key stays.
    expect(community.exchange.pair(streetCard, 'all').fingerprint).toBe(streetCard.fingerprint);
  });

  it('applies a package once: the second time reports nothing new', () => {
    const first = community.exchange.receivePackage(good);
    expect(first).toMatchObject({ newCases: 1, fromName: '城关街道' });
    expect(first.newEvents).toBeGreaterThan(0);
    const before = counts(community);
    const second = community.exchange.receivePackage(good);
    expect(second).toMatchObject({ newCases: 0, newEvents: 0 });
    expect(second.alreadyHad).toBe(first.newEvents + 1);
    expect(counts(community)).toEqual(before);
  });
});
