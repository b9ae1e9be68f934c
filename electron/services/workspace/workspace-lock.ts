import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../shared/app-error';

/**
 * One writer per workspace: two processes appending to the same journal would corrupt it.
 *
 * - The lock file appears whole or not at all: the holder's info is written to a unique temp file
 *   and hard-linked to `.griddesk.lock` (link is atomic and exclusive, also on NFS, where the
 *   link count tells a lost reply from a real loss). Where a folder has no hard links (FAT/exFAT
 *   sticks, some SMB shares) it falls back to an exclusive create, so a writer that dies between
 *   create and write can leave an empty file: that counts as stale only after UNREADABLE_GRACE_MS.
 * - A lock from another computer is never taken: its process cannot be checked from here.
 * - A stale lock of this computer (its process is dead) is taken over under a takeover guard
 *   named after that exact lock (its nonce): only the one process that creates the guard may move
 *   that lock aside, so two openers can never both remove it and both win. A guard whose own
 *   holder died gets a next generation (`…-2`), created exclusively too.
 */
export const LOCK_FILE = '.griddesk.lock';
export const UNREADABLE_GRACE_MS = 10_000;
/** A takeover guard is held for a few milliseconds; one this old from another computer is abandoned. */
const FOREIGN_GUARD_ABANDONED_MS = 60_000;
const ATTEMPTS = 40;
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EINVAL']);

export type LockApp = 'app' | 'cli';

export interface LockHolder {
  pid: number;
  host: string;
  user: string;
  app: LockApp;
  /** When the lock was taken (ms since the epoch). */
  since: number;
  /** Unique per acquisition: tells this lock from a later one at the same path. */
  nonce: string;
}

type Found =
  | { kind: 'missing' }
  | { kind: 'holder'; holder: LockHolder; identity: string; ageMs: number }
  | { kind: 'unreadable'; identity: string; ageMs: number };

/** Locks this process holds (a second open of the same folder in one process is refused too). */
const held = new Set<string>();

export function thisHost(): string {
  return os.hostname();
}

/** Takes the workspace's writer lock or throws AppError('workspace_locked' | 'workspace_locked_elsewhere'). */
export function acquireLock(dir: string, options: { app?: LockApp } = {}): () => void {
  const lockFile = path.join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: thisHost(), user: userName(), app: options.app ?? 'app', since: Date.now(), nonce: newNonce() };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (createExclusive(lockFile, me)) return releaser(lockFile, me);
    const found = inspect(lockFile);
    if (found.kind === 'missing') continue;
    refuseUnlessStale(found, dir, lockFile);
    if (!breakStale(lockFile, found.identity, me)) pause(5 + attempt * 5);
  }
  throw new AppError('workspace_locked', `工作区正被另一个 GridDesk 进程打开，请稍后重试：${dir}`, { lockFile });
}

/** Who holds the lock now, if anyone (for messages and the read-only notice). */
export function lockHolder(dir: string): LockHolder | undefined {
  const found = inspect(path.join(dir, LOCK_FILE));
  return found.kind === 'holder' ? found.holder : undefined;
}

/**
 * Removes a lock held by another computer that will not come back (switched off, crashed): only
 * on purpose (`npm run cli -- unlock`), naming that computer, and only that very lock (under the
 * takeover guard, as a stale lock is). The app never does this by itself.
 */
export function breakForeignLock(dir: string, host: string): LockHolder {
  const lockFile = path.join(dir, LOCK_FILE);
  const found = inspect(lockFile);
  if (found.kind !== 'holder' || sameHost(found.holder.host) || found.holder.host.toLowerCase() !== host.toLowerCase()) {
    const holder = found.kind === 'holder' ? `“${found.holder.host}”` : '无（或无法读取）';
    throw new AppError('lock_not_broken', `没有解除锁：${lockFile} 的持有计算机是 ${holder}，不是“${host}”。只能解除另一台计算机的锁，且须写明那台计算机的名称。`, { lockFile });
  }
  const me: LockHolder = { pid: process.pid, host: thisHost(), user: userName(), app: 'cli', since: Date.now(), nonce: newNonce() };
  if (!breakStale(lockFile, found.identity, me)) throw new AppError('workspace_locked', `另一个进程正在接管这把锁：${lockFile}`, { lockFile });
  return found.holder;
}

function releaser(lockFile: string, me: LockHolder): () => void {
  held.add(me.nonce);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(me.nonce);
    // Only our own lock: had it been replaced (never expected), the new holder keeps theirs.
    const found = inspect(lockFile);
    if (found.kind === 'holder' && found.holder.nonce === me.nonce) fs.rmSync(lockFile, { force: true });
  };
}

/** Throws when the lock found is alive or cannot be judged; returns when it is stale. */
function refuseUnlessStale(found: Exclude<Found, { kind: 'missing' }>, dir: string, lockFile: string): void {
  if (found.kind === 'unreadable') {
    if (found.ageMs >= UNREADABLE_GRACE_MS) return;
    throw new AppError('workspace_locked', `工作区正被另一个 GridDesk 进程打开（锁文件 ${lockFile} 刚刚创建），请稍后重试：${dir}`, { lockFile });
  }
  const { holder } = found;
  const details = { lockFile, holder };
  const who = `用户 ${holder.user || '未知'}，${holder.app === 'cli' ? '命令行' : 'GridDesk 程序'}，自 ${beijingTime(holder.since)} 起`;
  if (!sameHost(holder.host)) {
    throw new AppError(
      'workspace_locked_elsewhere',
      `工作区正被另一台计算机“${holder.host}”使用（${who}）：${dir}。为防止两处同时写入损坏数据，GridDesk 不会接管这把锁。` +
        `可以只读打开；若那台计算机已关机或崩溃，请在那台计算机上重新打开并正常关闭 GridDesk，或确认无人使用后删除锁文件 ${lockFile}。`,
      details,
    );
  }
  const ours = held.has(holder.nonce);
  if (ours) throw new AppError('workspace_locked', `此程序已经打开了这个工作区：${dir}`, details);
  if (holder.pid !== process.pid && isAlive(holder.pid)) {
    throw new AppError('workspace_locked', `工作区正被本机另一个进程使用（PID ${holder.pid}，${who}）：${dir}。可以只读打开。`, details);
  }
}

/**
 * Moves the stale lock `identity` aside, if no one else is already doing so. Returns false when
 * another live process holds the takeover guard (the caller waits and looks again).
 */
function breakStale(lockFile: string, identity: string, me: LockHolder): boolean {
  const guard = takeGuard(lockFile, identity, me);
  if (!guard) return false;
  try {
    const now = inspect(lockFile);
    if (now.kind === 'missing' || now.identity !== identity) return true; // broken by someone before us
    const aside = `${lockFile}.stale-${me.nonce}`;
    fs.renameSync(lockFile, aside);
    const moved = inspect(aside);
    if (moved.kind !== 'missing' && moved.identity !== identity) {
      // Cannot happen under the guard; if it ever does, the lock moved is put back untouched.
      fs.linkSync(aside, lockFile);
      fs.rmSync(aside, { force: true });
      throw new AppError('workspace_locked', `锁文件在接管时被替换：${lockFile}`, { lockFile });
    }
    fs.rmSync(aside, { force: true });
    return true;
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

function takeGuard(lockFile: string, identity: string, me: LockHolder): string | undefined {
  const id = crypto.createHash('sha256').update(identity).digest('hex').slice(0, 16);
  for (let generation = 1; generation <= ATTEMPTS; generation++) {
    const guard = `${lockFile}.takeover-${id}-${generation}`;
    if (createExclusive(guard, me)) {
      // Earlier generations were abandoned by dead processes: tidy them.
      for (let older = 1; older < generation; older++) fs.rmSync(`${lockFile}.takeover-${id}-${older}`, { force: true });
      return guard;
    }
    const found = inspect(guard);
    if (found.kind === 'missing') return undefined; // released just now: the lock has changed, look again
    const abandoned =
      found.kind === 'unreadable'
        ? found.ageMs >= UNREADABLE_GRACE_MS
        : sameHost(found.holder.host)
          ? found.holder.pid === process.pid || !isAlive(found.holder.pid) // ours: from a dead process that had our pid
          : found.ageMs >= FOREIGN_GUARD_ABANDONED_MS;
    if (!abandoned) return undefined;
  }
  return undefined;
}

/** Creates `file` holding `holder`, only if it does not exist; false if it does. */
function createExclusive(file: string, holder: LockHolder): boolean {
  const content = JSON.stringify(holder);
  const temp = `${file}.${holder.nonce}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  writeSynced(temp, content, 'wx');
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    // NFS: the link may have been made though its reply was lost; two names on our temp file say so.
    if (code === 'EEXIST') return fs.statSync(temp).nlink === 2;
    if (!LINK_UNSUPPORTED.has(code)) throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  try {
    writeSynced(file, content, 'wx');
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function writeSynced(file: string, content: string, flag: 'wx'): void {
  const fd = fs.openSync(file, flag);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the file through one descriptor, so its identity and content belong to the same file. */
function inspect(file: string): Found {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  try {
    const stat = fs.fstatSync(fd);
    const ageMs = Date.now() - stat.mtimeMs;
    const holder = parseHolder(fs.readFileSync(fd, 'utf8'));
    if (holder) return { kind: 'holder', holder, identity: `n-${holder.nonce}`, ageMs };
    return { kind: 'unreadable', identity: `u-${stat.ino}-${stat.size}-${Math.round(stat.mtimeMs)}`, ageMs };
  } finally {
    fs.closeSync(fd);
  }
}

/** Accepts this format and the earlier one ({pid, host, at}, no nonce). */
function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder> & { at?: number };
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return undefined;
    const since = typeof value.since === 'number' ? value.since : typeof value.at === 'number' ? value.at : 0;
    return {
      pid: value.pid,
      host: value.host,
      user: typeof value.user === 'string' ? value.user : '',
      app: value.app === 'cli' ? 'cli' : 'app',
      since,
      nonce: typeof value.nonce === 'string' ? value.nonce : `legacy-${value.pid}-${value.host}-${since}`,
    };
  } catch {
    return undefined;
  }
}

function sameHost(host: string): boolean {
  return host.toLowerCase() === thisHost().toLowerCase();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USERNAME ?? process.env.USER ?? '';
  }
}

function newNonce(): string {
  return crypto.randomBytes(12).toString('hex');
}

/** Lock times are shown in Beijing time, as everywhere in the app. */
export function beijingTime(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）`;
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
