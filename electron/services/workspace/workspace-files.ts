import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../backend/app-error';
import { fsyncDir } from '../db/journal';

/** What a workspace folder holds. The database files belong to DurableDatabase. */
export const MANIFEST_FILE = 'workspace.json';
export const LOCK_FILE = '.griddesk.lock';
export const ATTACHMENTS_DIR = 'attachments';
export const BACKUPS_DIR = 'backups';

export interface WorkspaceManifest {
  format: 'griddesk-workspace';
  version: 1;
  name: string;
  demo?: boolean;
}

export function readManifest(dir: string): WorkspaceManifest | undefined {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(file)) return undefined;
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkspaceManifest;
  if (manifest.format !== 'griddesk-workspace') {
    throw new AppError('not_a_workspace', `${file} is not a GridDesk workspace manifest`);
  }
  return manifest;
}

export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const temp = `${file}.tmp`;
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  fsyncDir(path.dirname(file));
}

export function writeManifest(dir: string, manifest: WorkspaceManifest): void {
  writeFileAtomic(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * One writer per workspace: two processes replaying and appending the same journal would corrupt
 * it. A lock left by a process that died (crash, kill) is taken over.
 */
export function acquireLock(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, host: os.hostname(), at: Date.now() }), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLockHolder(file);
      if (holder && holder.host === os.hostname() && isAlive(holder.pid) && holder.pid !== process.pid) {
        throw new AppError('workspace_locked', `工作区正被另一个 GridDesk 进程（PID ${holder.pid}）使用：${dir}`, holder);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('workspace_locked', `Could not lock workspace ${dir}`);
}

function readLockHolder(file: string): { pid: number; host: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number; host: string };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
