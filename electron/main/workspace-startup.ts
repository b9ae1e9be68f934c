import { RESOLVABLE_OPEN_CODES, type ApiErrorBody, type ApiResult, type WorkspaceInfo } from '../contract';
import type { BackendClient } from '../services/backend/backend.client';

/**
 * Which workspace to open when the app starts (no 'electron' import: unit-tested with a fake
 * backend). Order: the folder named by GRIDDESK_WORKSPACE (e2e tests); else the most recently
 * opened workspace; else — first start, or the recent one failed — the demo district in
 * Documents/GridDesk/东城区演示, created from the bundled demo on first use. Every failure is
 * collected as a message for the user instead of stopping the start — except a damaged journal or
 * a held lock: then nothing else is opened and the page's start screen offers the ways out
 * (read-only, a backup, salvage), from workspace:status.
 */
export type WorkspaceBackend = Pick<BackendClient, 'call' | 'openFolder'>;

export interface StartupOptions {
  /** GRIDDESK_WORKSPACE: opened if it holds a workspace, else the demo is created in it. */
  requestedDir?: string;
  /** Where the demo workspace lives (Documents/GridDesk/东城区演示). */
  demoDir: string;
  /** Whether a folder already holds a workspace (has workspace.json). */
  isWorkspace(dir: string): boolean;
}

export interface StartupResult {
  info: WorkspaceInfo | undefined;
  source: 'requested' | 'recent' | 'demo' | 'none';
  /** Messages (Chinese) to show the user, in the order things went wrong. */
  problems: string[];
  /** The open failed in a way the page's start screen resolves with the user (no dialog from main). */
  waitingForUser?: ApiErrorBody;
}

export async function openStartupWorkspace(backend: WorkspaceBackend, options: StartupOptions): Promise<StartupResult> {
  const problems: string[] = [];

  if (options.requestedDir) {
    const opened = await openOrCreateDemo(backend, options.requestedDir, options.isWorkspace);
    if (opened.ok) return { info: opened.value, source: 'requested', problems };
    if (RESOLVABLE_OPEN_CODES.has(opened.error.code)) return { info: undefined, source: 'requested', problems, waitingForUser: opened.error };
    problems.push(`无法打开 GRIDDESK_WORKSPACE 指定的工作区 ${options.requestedDir}：${opened.error.message}`);
  } else {
    const recent = await safeCall(() => backend.call('workspace:recent', {}));
    const latest = recent.ok ? recent.value[0] : undefined;
    if (latest) {
      const opened = await safeCall(() => backend.call('workspace:open', { recent: latest.id }));
      if (opened.ok) return { info: opened.value, source: 'recent', problems };
      if (RESOLVABLE_OPEN_CODES.has(opened.error.code)) return { info: undefined, source: 'recent', problems, waitingForUser: opened.error };
      problems.push(`无法打开最近的工作区“${latest.name}”（${latest.dir}）：${opened.error.message}。已改为打开演示工作区。`);
    } else if (!recent.ok) {
      problems.push(`无法读取最近的工作区列表：${recent.error.message}`);
    }
  }

  const demo = await openOrCreateDemo(backend, options.demoDir, options.isWorkspace);
  if (demo.ok) return { info: demo.value, source: 'demo', problems };
  problems.push(`无法打开演示工作区 ${options.demoDir}：${demo.error.message}`);
  return { info: undefined, source: 'none', problems };
}

/** Opens `dir` if it is a workspace already, else creates the demo district in it. */
function openOrCreateDemo(
  backend: WorkspaceBackend,
  dir: string,
  isWorkspace: (dir: string) => boolean,
): Promise<ApiResult<WorkspaceInfo>> {
  return safeCall(() =>
    isWorkspace(dir) ? backend.openFolder(dir) : backend.openFolder(dir, 'demo'),
  );
}

/** The client rejects once the worker has died; turn that into the usual error envelope. */
export async function safeCall<T>(call: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
  try {
    return await call();
  } catch (error) {
    return { ok: false, error: { code: 'backend_exited', message: error instanceof Error ? error.message : String(error) } };
  }
}
