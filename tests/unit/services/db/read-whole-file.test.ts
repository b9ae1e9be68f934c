import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/temp';
import { readWholeFile } from '../../../../electron/services/db/read-whole-file';

const tempFile = (name: string): string => path.join(tempDir('griddesk-read-'), name);

describe('readWholeFile', () => {
  it('returns every byte in place when chunks are read concurrently (size not a multiple of a chunk)', async () => {
    const file = tempFile('pattern.bin');
    // 70 MiB + 13 bytes: more chunks than reads in flight, and a short last chunk.
    const expected = Buffer.alloc(70 * 1024 * 1024 + 13);
    for (let i = 0; i < expected.length; i += 4093) expected.writeUInt32LE(i >>> 0, Math.min(i, expected.length - 4));
    fs.writeFileSync(file, expected);
    const bytes = await readWholeFile(file);
    expect(bytes.length).toBe(expected.length);
    expect(Buffer.compare(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), expected)).toBe(0);
  });

  it('reads an empty file as no bytes', async () => {
    const file = tempFile('empty.bin');
    fs.writeFileSync(file, '');
    expect((await readWholeFile(file)).length).toBe(0);
  });

  it('reads files over 2 GiB, which readFileSync refuses (a million-case snapshot comes close)', async () => {
    const file = tempFile('large.bin');
    const size = 2 ** 31 + 4096;
    // Sparse: only the marked pages take disk space.
    const fd = fs.openSync(file, 'w');
    fs.ftruncateSync(fd, size);
    fs.writeSync(fd, Buffer.from('head'), 0, 4, 0);
    fs.writeSync(fd, Buffer.from('tail'), 0, 4, size - 4);
    fs.closeSync(fd);
    expect(() => fs.readFileSync(file)).toThrow();
    const bytes = await readWholeFile(file);
    expect(bytes.length).toBe(size);
    expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe('head');
    expect(Buffer.from(bytes.subarray(size - 4)).toString()).toBe('tail');
    expect(bytes[2 ** 31]).toBe(0);
  }, 60_000);
});
