import { createHash, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RegionEdit, SyncChange } from '../../../../electron/contract';
import { encodePackage, openPackage, readPackage } from '../../../../electron/services/exchange/package-format';

const keys = generateKeyPairSync('ed25519');
const privateKey = keys.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
const base: SyncChange = {
  kind: 'case_base', id: 'aaaa000000000001:c1', caseUid: 'aaaa000000000001:c1', hlc: '1794794400000-0000', origin: 'aaaa000000000001',
  place: { street: '110101017', community: '110101017004', grid: '110101017004001' }, row: { title: '井盖缺失' }, whistles: [],
};
const edit: RegionEdit = {
  id: 'aaaa000000000001:r1794794400000-0001', hlc: '1794794400000-0001', origin: 'aaaa000000000001', code: '110101017004-aaaa00-001',
  parentCode: '110101017004', level: 'grid', name: '分出网格', households: null, deleted: false, deletedInto: null,
  geometry: { type: 'Polygon', coordinates: [[[116.4, 39.9], [116.41, 39.9], [116.41, 39.91], [116.4, 39.9]]] },
  place: { street: '110101017', community: '110101017004', grid: '110101017004-aaaa00-001' },
};
const head = { from: { id: 'aaaa000000000001', name: '甲' }, to: { id: 'bbbb000000000002', name: '乙' }, createdAt: 1, changeCount: 1, caseCount: 1, throughEventId: 5, ack: 0 };

/** Exchange packages (issue 14): format 3 carries grid edits between the changes and the files, and a format 2 package still reads. */
describe('exchange package format', () => {
  it('carries region edits after the changes, with their watermarks', () => {
    const opened = openPackage(encodePackage({ ...head, throughEditId: 7, editAck: 3 }, [base], privateKey, [], [edit]));
    expect(opened.header).toMatchObject({ format: 3, changeCount: 1, editCount: 1, fileCount: 0, throughEditId: 7, editAck: 3 });
    expect(readPackage(opened)).toEqual({ changes: [base], edits: [edit], files: [] });
  });

  it('reads a format 2 package (written before grid edits travelled) as one without edits', () => {
    const body = gzipSync(Buffer.from(JSON.stringify(base), 'utf8'));
    const header = Buffer.from(JSON.stringify({
      format: 2, ...head, fileCount: 0, bodyBytes: body.length, bodySha256: createHash('sha256').update(body).digest('hex'),
    }), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(header.length);
    const signed = Buffer.concat([Buffer.from('GRIDDESK-EXCHANGE\n', 'ascii'), length, header, body]);
    const key = createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    const opened = openPackage(Buffer.concat([signed, createHash('sha256').update(signed).digest(), sign(null, signed, key)]));
    expect(opened.header).toMatchObject({ format: 2, editCount: 0, throughEditId: 0, editAck: 0 });
    expect(readPackage(opened)).toEqual({ changes: [base], edits: [], files: [] });
  });
});
