import type { WorkspaceBackup } from '../contract';

const BACKUP_KIND_LABELS: Record<WorkspaceBackup['kind'], string> = {
  daily: '每日备份',
  'before-upgrade': '升级前备份',
  'before-restore': '恢复前备份',
};

/**
 * How a backup is named in the File menu and the restore dialog (pure: unit-tested without
 * Electron), e.g. "每日备份  2026-11-21 18:05  (1.3 GB)": the time its snapshot was written, local.
 */
export function backupLabel(backup: WorkspaceBackup): string {
  const at = new Date(backup.writtenAt);
  const pad = (value: number) => String(value).padStart(2, '0');
  const when = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const size = backup.bytes >= 2 ** 30 ? `${(backup.bytes / 2 ** 30).toFixed(1)} GB` : `${Math.max(1, Math.round(backup.bytes / 2 ** 20))} MB`;
  return `${BACKUP_KIND_LABELS[backup.kind]}  ${when}  (${size})`;
}
