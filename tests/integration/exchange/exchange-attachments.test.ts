import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentRepository } from '../../../electron/services/attachments/attachment.repository';
import { AttachmentService } from '../../../electron/services/attachments/attachment.service';
import { AttachmentStore } from '../../../electron/services/attachments/attachment-store';
import { beijingTime as bj, HOUR } from '../../../electron/services/calendar/work-calendar';
import { openPackage } from '../../../electron/services/exchange/package-format';
import { desksDir, doAction, newCaseIn, type ExchangeDesk, COMMUNITY, closeDesks, openStreetAndCommunity } from './exchange-desks';

const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAghCMDwAAAABJRU5ErkJggg==', 'base64');

/**
 * Issue 14, attachments by hash: the photo a street desk adds to a case reaches the community desk
 * with the case (its row, by the 'attached' event, and its bytes, in the package), and the one the
 * community adds after handling comes back: both desks list the same files and hold their bytes.
 */
describe('attachments between workstations', () => {
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

  const attachments = (desk: ExchangeDesk) =>
    new AttachmentService(new AttachmentRepository(desk.workspace.db), desk.workspace.dir, () => true, clock, () => ({ id: desk.staffOf('operator'), name: `${desk.name}值班员` }));
  const listed = (desk: ExchangeDesk, caseId: number) =>
    attachments(desk).list(caseId).map((a) => ({ sha256: a.sha256, fileName: a.fileName, kind: a.kind, held: new AttachmentStore(desk.workspace.dir).has(a.sha256) }));

  it('carries the photos both ways with the case, once however often the package comes', () => {
    const caseId = newCaseIn(street, COMMUNITY, '附件测试：井盖破损');
    doAction(street, caseId, 'register');
    attachments(street).add(caseId, 'before', [{ fileName: '现场.png', mime: 'image/png', dataBase64: PNG_1PX.toString('base64') }]);
    now += HOUR;
    doAction(street, caseId, 'dispatch');
    const uid = street.sync.extract([caseId])[0]!.caseUid;

    const toCommunity = street.exchange.writePackage(community.id);
    expect(openPackage(toCommunity).header).toMatchObject({ format: 4, fileCount: 1 });
    community.exchange.receivePackage(toCommunity);
    const there = community.caseId(uid)!;
    const sha = crypto.createHash('sha256').update(PNG_1PX).digest('hex');
    expect(listed(community, there)).toEqual([{ sha256: sha, fileName: '现场.png', kind: 'before', held: true }]);
    expect(community.cases.get(there).events.some((e) => e.action === 'attached' && e.actorName === 'street值班员')).toBe(true);

    now += HOUR;
    const after = Buffer.concat([PNG_1PX, Buffer.from('after')]);
    attachments(community).add(there, 'after', [{ fileName: '整改后.png', mime: 'image/png', dataBase64: after.toString('base64') }]);
    const toStreet = community.exchange.writePackage(street.id);
    street.exchange.receivePackage(toStreet);
    street.exchange.receivePackage(toStreet);
    expect(listed(street, caseId)).toEqual(listed(community, there));
    expect(listed(street, caseId).map((a) => a.kind)).toEqual(['before', 'after']);
    expect(street.sync.canonical([caseId])).toEqual(community.sync.canonical([there]));
  }, 120_000);
});
