import fs from 'node:fs';
import { promisify } from 'node:util';

/**
 * Every file-system call that changes a workspace's database files (journal, snapshot, backups,
 * quarantine) goes through this object, so tests can replace one call with a failure (disk full,
 * permission lost, I/O error) and check that nothing acknowledged is lost. Reads do not: a failed
 * read changes nothing on disk.
 */
export const dbFs = {
  openSync: (file: string, flags: string): number => fs.openSync(file, flags),
  writeSync: (fd: number, buffer: Uint8Array, offset: number, length: number): number => fs.writeSync(fd, buffer, offset, length),
  fdatasyncSync: (fd: number): void => fs.fdatasyncSync(fd),
  fsyncSync: (fd: number): void => fs.fsyncSync(fd),
  ftruncateSync: (fd: number, length: number): void => fs.ftruncateSync(fd, length),
  closeSync: (fd: number): void => fs.closeSync(fd),
  mkdirSync: (dir: string): void => void fs.mkdirSync(dir, { recursive: true }),
  renameSync: (from: string, to: string): void => fs.renameSync(from, to),
  copyFileSync: (from: string, to: string): void => fs.copyFileSync(from, to),
  open: promisify(fs.open) as (file: string, flags: string) => Promise<number>,
  write: (fd: number, buffer: Uint8Array, offset: number, length: number): Promise<number> =>
    new Promise((resolve, reject) => fs.write(fd, buffer, offset, length, null, (error, written) => (error ? reject(error) : resolve(written)))),
  fsync: promisify(fs.fsync) as (fd: number) => Promise<void>,
  close: promisify(fs.close) as (fd: number) => Promise<void>,
  rename: (from: string, to: string): Promise<void> => fs.promises.rename(from, to),
  rm: (file: string): Promise<void> => fs.promises.rm(file, { force: true }),
  link: (from: string, to: string): Promise<void> => fs.promises.link(from, to),
  copyFile: (from: string, to: string): Promise<void> => fs.promises.copyFile(from, to),
  mkdir: (dir: string): Promise<void> => fs.promises.mkdir(dir, { recursive: true }).then(() => undefined),
};

export type DbFs = typeof dbFs;
