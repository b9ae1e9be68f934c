/**
 * A monthly archive file: the parts of old closed cases that left the working set (texts, callers'
 * data, events no statistic reads), gzipped JSON lines after a header that names the workspace, the
 * month and the checksum of the lines. Written once, atomically, before the database lets go of a
 * byte; never rewritten (a later run of the same month writes the next part).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { AppError } from '../shared/app-error';
import type { StoredEvent } from '../sync/sync.repository';
import { writeFileAtomic } from '../workspace/workspace-files';

export const ARCHIVES_DIR = 'archives';
const FORMAT = 'griddesk-archive';
const VERSION = 1;

/** The case columns a slim row gives up (the rest of the row stays in the database). */
export const SLIMMED_COLUMNS = ['description', 'reporter_name', 'reporter_phone'] as const;
export type SlimmedColumn = (typeof SLIMMED_COLUMNS)[number];

export interface ArchivedCase {
  id: number;
  caseNo: string;
  columns: Record<SlimmedColumn, string | null>;
  /** Every event the case had when archived, kept ones included, as stored. */
  events: StoredEvent[];
}

interface ArchiveHeader {
  format: typeof FORMAT;
  version: number;
  workspaceId: string;
  month: string;
  cases: number;
  createdAt: number;
  sha256: string;
}

/** The file's path relative to the workspace, for the month and the first free part number. */
export function nextArchiveFile(workspaceDir: string, month: string): string {
  const year = month.slice(0, 4);
  for (let part = 1; ; part++) {
    const relative = path.posix.join(ARCHIVES_DIR, year, `${month}${part === 1 ? '' : `-${part}`}.gdarchive`);
    if (!fs.existsSync(path.join(workspaceDir, relative))) return relative;
  }
}

export function writeArchiveFile(file: string, meta: { workspaceId: string; month: string; createdAt: number }, cases: readonly ArchivedCase[]): number {
  const body = cases.map((c) => JSON.stringify(c)).join('\n');
  const header: ArchiveHeader = {
    format: FORMAT, version: VERSION, ...meta, cases: cases.length, sha256: crypto.createHash('sha256').update(body).digest('hex'),
  };
  const bytes = zlib.gzipSync(`${JSON.stringify(header)}\n${body}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, bytes);
  return bytes.length;
}

/** Every case of the file, by id; a file that is missing, damaged or another workspace's is refused by name. */
export function readArchiveFile(file: string, workspaceId: string): Map<number, ArchivedCase> {
  const name = path.basename(file);
  let text: string;
  try {
    text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new AppError('archive_unreadable', missing ? `归档文件 ${name} 不在工作区的 archives 文件夹中：请从备份放回该文件` : `归档文件 ${name} 已损坏，无法读取：${(error as Error).message}`);
  }
  const newline = text.indexOf('\n');
  const header = JSON.parse(newline < 0 ? text : text.slice(0, newline)) as ArchiveHeader;
  const body = newline < 0 ? '' : text.slice(newline + 1);
  if (header.format !== FORMAT || header.version !== VERSION) throw new AppError('archive_unreadable', `${name} 不是本版本的网格通归档文件`);
  if (header.workspaceId !== workspaceId) throw new AppError('archive_unreadable', `${name} 是另一个工作区的归档文件`);
  if (crypto.createHash('sha256').update(body).digest('hex') !== header.sha256) {
    throw new AppError('archive_unreadable', `归档文件 ${name} 的校验和不符：文件已被改动或损坏，请从备份放回该文件`);
  }
  const cases = new Map<number, ArchivedCase>();
  if (body) for (const line of body.split('\n')) {
    const c = JSON.parse(line) as ArchivedCase;
    cases.set(c.id, c);
  }
  return cases;
}
