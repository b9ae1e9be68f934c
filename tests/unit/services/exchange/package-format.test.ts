import { createHash, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ReferenceEdit, RegionEdit, SyncChange } from '../../../../electron/contract';
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
const ref: ReferenceEdit = {
  id: 'aaaa000000000001:f1794794400000-0002', hlc: '1794794400000-0002', origin: 'aaaa000000000001', kind: 'department', key: 'DPT-NEW',
  values: { name: '区城市更新中心', kind: 'functional', phone: null, active: 1 },
};
const head = { from: { id: 'aaaa000000000001', name: '甲' }, to: { id: 'bbbb000000000002', name: '乙' }, createdAt: 1, changeCount: 1, caseCount: 1, throughEventId: 5, ack: 0 };

/** Exchange packages (issue 14): format 3 carries grid edits between the changes and the files, format 4 roster and settings edits after them; formats 2 and 3 still read. */
describe('exchange package format', () => {
  it('carries region edits after the changes, with their watermarks', () => {
    const opened = openPackage(encodePackage({ ...head, throughEditId: 7, editAck: 3 }, [base], privateKey, [], [edit]));
    expect(opened.header).toMatchObject({ format: 4, changeCount: 1, editCount: 1, fileCount: 0, throughEditId: 7, editAck: 3 });
    expect(readPackage(opened)).toEqual({ changes: [base], edits: [edit], refs: [], files: [] });
  });

  it('carries reference edits after the region edits, with their watermarks', () => {
    const file = { sha256: createHash('sha256').update('x').digest('hex'), bytes: Buffer.from('x') };
    const opened = openPackage(encodePackage({ ...head, throughRefId: 9, refAck: 4 }, [base], privateKey, [file], [edit], [ref]));
    expect(opened.header).toMatchObject({ format: 4, changeCount: 1, editCount: 1, refCount: 1, fileCount: 1, throughRefId: 9, refAck: 4 });
    expect(readPackage(opened)).toEqual({ changes: [base], edits: [edit], refs: [ref], files: [file] });
  });

  it('reads a format 3 package (written before the roster travelled) as one without reference edits', () => {
    const opened = openPackage(rawPackage({ format: 3, ...head, fileCount: 0, editCount: 1, throughEditId: 2, editAck: 0 }, [base, edit]));
    expect(opened.header).toMatchObject({ format: 3, refCount: 0, throughRefId: 0, refAck: 0 });
    expect(readPackage(opened)).toEqual({ changes: [base], edits: [edit], refs: [], files: [] });
  });

  it('reads a format 2 package (written before grid edits travelled) as one without edits', () => {
    const opened = openPackage(rawPackage({ format: 2, ...head, fileCount: 0 }, [base]));
    expect(opened.header).toMatchObject({ format: 2, editCount: 0, throughEditId: 0, editAck: 0 });
    expect(readPackage(opened)).toEqual({ changes: [base], edits: [], refs: [], files: [] });
  });
});

/** A package as an older version wrote it: the header given, the lines as its body, signed. */
function rawPackage(header: object, lines: readonly object[]): Buffer {
  const body = gzipSync(Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n'), 'utf8'));
  const headerBytes = Buffer.from(JSON.stringify({ ...header, bodyBytes: body.length, bodySha256: createHash('sha256').update(body).digest('hex') }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const signed = Buffer.concat([Buffer.from('GRIDDESK-EXCHANGE\n', 'ascii'), length, headerBytes, body]);
  const key = createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  return Buffer.concat([signed, createHash('sha256').update(signed).digest(), sign(null, signed, key)]);
}
