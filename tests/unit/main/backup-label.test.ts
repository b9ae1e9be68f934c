import { describe, expect, it } from 'vitest';
import { backupLabel } from '../../../electron/main/backup-label';

describe('backupLabel', () => {
  it('names the kind in Chinese, the local time the snapshot was written, and a readable size', () => {
    const writtenAt = new Date(2026, 10, 21, 18, 5, 40).getTime();
    expect(backupLabel({ name: 'griddesk-2026-11-21.db', kind: 'daily', writtenAt, bytes: 1.4 * 2 ** 30 })).toBe('每日备份  2026-11-21 18:05  (1.4 GB)');
    expect(backupLabel({ name: 'x.db', kind: 'before-upgrade', writtenAt, bytes: 76_787_712 })).toBe('升级前备份  2026-11-21 18:05  (73 MB)');
    expect(backupLabel({ name: 'x.db', kind: 'before-restore', writtenAt, bytes: 1000 })).toBe('恢复前备份  2026-11-21 18:05  (1 MB)');
  });
});
