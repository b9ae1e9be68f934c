import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/app-error';
import { dbFs } from './db-fs';
import { fsyncDir } from './journal';
import { DAMAGE_REASONS, type JournalDamage } from './journal-scan';
import { storageError } from './storage-error';

/**
 * What recovery sets aside goes to `<workspace>/quarantine/<time>/`, never to the bin: the bytes of
 * a torn tail before it is cut, the journal files a salvage replaces, the files a restore replaces.
 */
export const QUARANTINE_DIR = 'quarantine';

export interface SalvageReport {
  /** The quarantine folder holding the journal files as they were. */
  quarantinedTo: string;
  /** Transactions after the damage that were applied. */
  applied: number;
  skipped: { file: string; record: number; offset: number; bytes: number; reason: string }[];
}

/** A new, empty quarantine folder named by the local time (with a suffix when taken). */
export function newQuarantineDir(workspaceDir: string, now = new Date()): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}-${pad(now.getMilliseconds(), 3)}`;
  const root = path.join(workspaceDir, QUARANTINE_DIR);
  let dir = path.join(root, stamp);
  for (let n = 2; fs.existsSync(dir); n++) dir = path.join(root, `${stamp}-${n}`);
  try {
    dbFs.mkdirSync(dir);
    fsyncDir(root);
  } catch (error) {
    throw storageError(error, dir, 'create');
  }
  return dir;
}

/** Copies `file` into `intoDir` durably (fsync of the copy and of the folder). */
export function copyDurably(file: string, intoDir: string, name = path.basename(file)): string {
  const target = path.join(intoDir, name);
  dbFs.copyFileSync(file, target);
  const fd = dbFs.openSync(target, 'r+');
  try {
    dbFs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncDir(intoDir);
  return target;
}

/**
 * Cuts an unacknowledged write off the newest journal file, after copying its bytes into
 * quarantine (a truncation that was really damage can still be looked at). Returns the copy.
 */
export function cutTornTail(workspaceDir: string, tail: { file: string; offset: number; bytes: number }): string {
  const bytes = Buffer.alloc(tail.bytes);
  const readFd = fs.openSync(tail.file, 'r');
  try {
    fs.readSync(readFd, bytes, 0, tail.bytes, tail.offset);
  } finally {
    fs.closeSync(readFd);
  }
  try {
    const dir = newQuarantineDir(workspaceDir);
    const copy = path.join(dir, `${path.basename(tail.file)}.torn-at-${tail.offset}`);
    const fd = dbFs.openSync(copy, 'w');
    try {
      for (let written = 0; written < bytes.length; ) written += dbFs.writeSync(fd, bytes, written, bytes.length - written);
      dbFs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fsyncDir(dir);
    const journalFd = dbFs.openSync(tail.file, 'r+');
    try {
      dbFs.ftruncateSync(journalFd, tail.offset);
      dbFs.fsyncSync(journalFd);
    } finally {
      fs.closeSync(journalFd);
    }
    console.error(`[GridDesk] cut an unacknowledged write (${tail.bytes} bytes) off ${tail.file}; kept in ${copy}`);
    return copy;
  } catch (error) {
    throw storageError(error, tail.file, 'write');
  }
}

export function damageError(damage: JournalDamage): AppError {
  return new AppError(
    'journal_damaged',
    `工作区的日志文件已损坏：${damage.file} 第 ${damage.record} 条记录（字节偏移 ${damage.offset}，${DAMAGE_REASONS[damage.kind]}）。` +
      `损坏处之前有 ${damage.readableBefore} 条完整记录，之后还有 ${damage.readableAfter} 条可读记录。` +
      'GridDesk 没有打开也没有改动这个工作区。可以：只读打开（看到损坏处之前的全部内容）；恢复一个备份；' +
      '或抢救（重做损坏处之后每一条完整的事务，并列出跳过的部分，原日志文件移入 quarantine 文件夹）。',
    damage,
  );
}
