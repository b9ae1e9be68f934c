import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentRepository } from '../../../../electron/services/attachments/attachment.repository';
import { AttachmentService } from '../../../../electron/services/attachments/attachment.service';
import { CaseRepository } from '../../../../electron/services/cases/case.repository';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { Sha256 } from '../../../../electron/contract';
import { repoRoot } from '../../../support/build';
import { caseInsert } from '../../../fixtures/case-insert';
import { tempDir } from '../../../support/temp';

const T0 = Date.UTC(2026, 2, 1);
/** A real photo: the app icon (PNG) from the repository. */
const png = fs.readFileSync(path.join(repoRoot, 'resources', 'icons', 'icon-256.png'));

describe('attachments stored by content hash', () => {
  let dir: string;
  let db: DurableDatabase;
  let service: AttachmentService;
  let caseId: number;
  let otherCaseId: number;
  const photo = (fileName = 'before.png', bytes: Buffer = png) => ({ fileName, mime: 'image/png', dataBase64: bytes.toString('base64') });

  beforeEach(async () => {
    dir = tempDir();
    db = await DurableDatabase.open(dir, { migrations });
    const cases = new CaseRepository(db);
    caseId = cases.insertReceived(caseInsert('井盖丢失', { source: 'patrol', receivedAt: T0 })).id;
    otherCaseId = cases.insertReceived(caseInsert('路灯不亮', { source: 'patrol', receivedAt: T0 })).id;
    service = new AttachmentService(new AttachmentRepository(db), dir, (id) => cases.inScope(id), () => T0);
  });
  afterEach(async () => {
    await db.close({ checkpoint: false });
  });

  const storedFiles = () => fs.readdirSync(path.join(dir, 'attachments'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());

  it('stores the same file once, however often and on however many cases it is attached', () => {
    const [first] = service.add(caseId, 'before', [photo()]);
    const [second] = service.add(otherCaseId, 'document', [photo('copy/of/it.png')]);
    expect(first!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(second!.sha256).toBe(first!.sha256);
    expect(second!.fileName).toBe('it.png');
    expect(storedFiles().map((f) => f.name)).toEqual([first!.sha256]);
    expect(fs.readFileSync(path.join(dir, 'attachments', first!.sha256.slice(0, 2), first!.sha256)).equals(png)).toBe(true);
    expect(service.list(caseId).map((a) => [a.kind, a.size])).toEqual([['before', png.length]]);
    const other = Buffer.concat([png, Buffer.from([0])]);
    service.add(caseId, 'after', [photo('after.png', other)]);
    expect(storedFiles()).toHaveLength(2);
  });

  it('serves a file only by the hash of an attachment of this workspace, with the type and name first recorded', () => {
    const [stored] = service.add(caseId, 'before', [photo()]);
    service.add(otherCaseId, 'document', [photo('again.png')]);
    const served = service.file(stored!.sha256);
    expect(served).toMatchObject({ status: 200, mime: 'image/png', fileName: 'before.png' });
    expect(served.status === 200 && Buffer.from(served.data).equals(png)).toBe(true);
    // A well-formed hash no case has, even if such a file were lying in the folder, is not served.
    const stray = 'a'.repeat(64);
    fs.mkdirSync(path.join(dir, 'attachments', 'aa'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'attachments', 'aa', stray), 'secret');
    expect(service.file(stray)).toMatchObject({ status: 404, message: expect.stringMatching(/没有附件/) });
    // A case has it but the file is gone from the folder (copied workspace without attachments/).
    fs.rmSync(path.join(dir, 'attachments', stored!.sha256.slice(0, 2)), { recursive: true });
    expect(service.file(stored!.sha256)).toMatchObject({ status: 404 });
  });

  it('refuses bad hashes and path traversal before they reach the file system', () => {
    for (const bad of ['../../griddesk.db', `${'0'.repeat(63)}G`, '..%2f..%2fetc%2fpasswd', 'A'.repeat(64), '0'.repeat(65), '']) {
      expect(Sha256.safeParse(bad).success).toBe(false);
      expect(service.file(bad)).toMatchObject({ status: 400 });
    }
  });

  it('links after-photos to the verification event and refuses an event of another case', () => {
    const eventId = db.get<{ id: number }>('SELECT id FROM case_events WHERE case_id = ?', [caseId])!.id;
    const [after] = service.add(caseId, 'after', [photo('after.png')], eventId);
    expect(after!.eventId).toBe(eventId);
    expect(() => service.add(otherCaseId, 'after', [photo()], eventId)).toThrow(/不属于/);
    expect(() => service.add(caseId, 'document', [{ fileName: 'x.exe', mime: 'application/x-msdownload', dataBase64: 'TVo=' }])).toThrow(/不支持/);
  });
});
