import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { channels, ImportFileRef } from '../../../electron/contract';
import { validateCall } from '../../../electron/contract/validate';

/** Names a field carrying a file-system path would have. (Workspace folders are a separate rule: the chooser or the recent list.) */
const PATH_FIELDS = /"(path|filePath|fullPath|file_path|absolutePath)":/;

describe('the contract takes no file paths from the renderer', () => {
  it('no channel’s input has a path field, at any depth', () => {
    const offenders = Object.entries(channels)
      .filter(([, channel]) => PATH_FIELDS.test(JSON.stringify(z.toJSONSchema(channel.input as z.ZodType, { unrepresentable: 'any', io: 'input' }))))
      .map(([name]) => name);
    expect(offenders).toEqual([]);
  });

  it('an import file is a staged id and a display name, nothing else', () => {
    expect(ImportFileRef.safeParse({ stagedId: '0b5c7a9e-2f1d-4c3b-9a8e-7d6f5e4c3b2a', fileName: '台账.xlsx' }).success).toBe(true);
    for (const forged of [{ path: '/etc/passwd' }, { path: 'C:\\Windows\\win.ini' }, { stagedId: '../../griddesk.db', fileName: 'x.db' }, { stagedId: 'aaaaaaaa', fileName: 'a.csv', path: '/etc/passwd' }]) {
      expect(ImportFileRef.safeParse(forged).success, JSON.stringify(forged)).toBe(false);
      expect(validateCall('import:inspect', { file: forged, table: {} })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });
});
