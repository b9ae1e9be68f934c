import { AppError } from '../shared/app-error';

/**
 * A failed write to the workspace's files as the user should read it: what happened (disk full,
 * no permission, the drive gone), which file, and that the change was not saved. Codes are stable
 * for the UI: disk_full, write_denied, disk_error.
 */
export function storageError(error: unknown, file: string, action: 'create' | 'write' | 'snapshot'): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const what = action === 'snapshot' ? '保存快照失败，已保存的修改仍在日志中，稍后会重试' : '这次修改没有保存';
  const detail = { file, errno: code, cause: error instanceof Error ? error.message : String(error) };
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AppError('disk_full', `磁盘已满，${what}：${file}。请腾出空间后重试。`, detail);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AppError('write_denied', `没有写入权限，${what}：${file}。请检查文件夹权限或磁盘是否只读后重试。`, detail);
  }
  return new AppError('disk_error', `写入磁盘出错（${code || '未知错误'}），${what}：${file}。请检查磁盘或网络驱动器是否仍连接，然后重试。`, detail);
}
