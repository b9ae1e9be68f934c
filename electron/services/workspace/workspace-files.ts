import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/app-error';
import { fsyncDir } from '../db/journal';

/** What a workspace folder holds. The database files belong to DurableDatabase. */
export const MANIFEST_FILE = 'workspace.json';
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

// The writer lock lives in workspace-lock.ts; re-exported for the modules that took it from here.
export { LOCK_FILE, acquireLock } from './workspace-lock';
