import { describe, expect, it } from 'vitest';
import type { ApiResult, RecentWorkspace, WorkspaceInfo } from '../../../electron/contract';
import { openStartupWorkspace, type WorkspaceBackend } from '../../../electron/main/workspace-startup';

type Call = { channel: string; input: unknown };

/** A backend double: answers from a table, records the calls in order. */
function fakeBackend(answers: {
  recent?: RecentWorkspace[] | Error;
  open?: (dir: string) => ApiResult<WorkspaceInfo>;
  create?: (dir: string) => ApiResult<WorkspaceInfo>;
}): { backend: WorkspaceBackend; calls: Call[] } {
  const calls: Call[] = [];
  const open = (dir: string) => answers.open?.(dir) ?? failure('not_a_workspace', `not a workspace: ${dir}`);
  const call = async (channel: string, input: unknown): Promise<ApiResult<unknown>> => {
    calls.push({ channel, input });
    switch (channel) {
      case 'workspace:recent':
        if (answers.recent instanceof Error) throw answers.recent;
        return { ok: true, value: answers.recent ?? [] };
      case 'workspace:open': {
        // The renderer-facing channel takes a recent-list id, never a folder.
        const recent = answers.recent instanceof Error ? [] : (answers.recent ?? []);
        const entry = recent.find((item) => item.id === (input as { recent: string }).recent);
        return entry ? open(entry.dir) : failure('not_in_recent', 'not in the recent list');
      }
      default:
        return failure('unexpected', channel);
    }
  };
  const openFolder = async (dir: string, create?: 'empty' | 'demo'): Promise<ApiResult<unknown>> => {
    calls.push({ channel: 'openFolder', input: { dir, create } });
    return create ? (answers.create?.(dir) ?? info(dir)) : open(dir);
  };
  return { backend: { call, openFolder } as unknown as WorkspaceBackend, calls };
}

const info = (dir: string): ApiResult<WorkspaceInfo> => ({ ok: true, value: { dir, name: dir } as WorkspaceInfo });
const failure = (code: string, message: string) => ({ ok: false as const, error: { code, message } });
const demoDir = '/home/u/Documents/GridDesk/东城区演示';

describe('openStartupWorkspace', () => {
  it('creates the demo workspace on first start', async () => {
    const { backend, calls } = fakeBackend({});
    const result = await openStartupWorkspace(backend, { demoDir, isWorkspace: () => false });
    expect(result).toMatchObject({ source: 'demo', problems: [], info: { dir: demoDir } });
    expect(calls).toEqual([
      { channel: 'workspace:recent', input: {} },
      { channel: 'openFolder', input: { dir: demoDir, create: 'demo' } },
    ]);
  });

  it('reopens the demo folder instead of re-creating it when it already holds a workspace', async () => {
    const { backend, calls } = fakeBackend({ open: info });
    const result = await openStartupWorkspace(backend, { demoDir, isWorkspace: (dir) => dir === demoDir });
    expect(result.source).toBe('demo');
    expect(calls.at(-1)).toEqual({ channel: 'openFolder', input: { dir: demoDir, create: undefined } });
  });

  it('reopens the most recent workspace', async () => {
    const recent = [
      { id: 'aaaaaaaaaaaaaaaa', dir: '/data/朝阳区', name: '朝阳区', openedAt: 2 },
      { id: 'bbbbbbbbbbbbbbbb', dir: '/data/old', name: 'old', openedAt: 1 },
    ];
    const { backend, calls } = fakeBackend({ recent, open: info });
    const result = await openStartupWorkspace(backend, { demoDir, isWorkspace: () => true });
    expect(result).toMatchObject({ source: 'recent', problems: [], info: { dir: '/data/朝阳区' } });
    expect(calls).toEqual([
      { channel: 'workspace:recent', input: {} },
      { channel: 'workspace:open', input: { recent: 'aaaaaaaaaaaaaaaa' } },
    ]);
  });

  it('leaves a recent workspace with a damaged journal or a held lock to the start screen: no demo instead, no error box', async () => {
    for (const code of ['journal_damaged', 'workspace_locked_elsewhere']) {
      const recent = [{ id: 'cccccccccccccccc', dir: '/share/东城', name: '东城', openedAt: 1 }];
      const { backend, calls } = fakeBackend({ recent, open: () => failure(code, '工作区的日志文件已损坏') });
      const result = await openStartupWorkspace(backend, { demoDir, isWorkspace: () => true });
      expect(result).toMatchObject({ info: undefined, source: 'recent', problems: [], waitingForUser: { code } });
      expect(calls.map((c) => c.channel)).toEqual(['workspace:recent', 'workspace:open']);
    }
  });

  it('falls back to the demo and reports why when the recent workspace cannot be opened', async () => {
    const recent = [{ id: 'dddddddddddddddd', dir: '/usb/网格', name: '网格', openedAt: 1 }];
    const { backend } = fakeBackend({
      recent,
      open: (dir) => (dir === demoDir ? info(dir) : failure('not_a_workspace', '不是 GridDesk 工作区')),
    });
    const result = await openStartupWorkspace(backend, { demoDir, isWorkspace: (dir) => dir === demoDir });
    expect(result.source).toBe('demo');
    expect(result.info?.dir).toBe(demoDir);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toContain('/usb/网格');
    expect(result.problems[0]).toContain('不是 GridDesk 工作区');
  });

  it('opens GRIDDESK_WORKSPACE without consulting the recent list', async () => {
    const { backend, calls } = fakeBackend({ open: info, recent: [{ id: 'eeeeeeeeeeeeeeee', dir: '/x', name: 'x', openedAt: 1 }] });
    const result = await openStartupWorkspace(backend, { requestedDir: '/tmp/e2e', demoDir, isWorkspace: () => true });
    expect(result).toMatchObject({ source: 'requested', info: { dir: '/tmp/e2e' } });
    expect(calls).toEqual([{ channel: 'openFolder', input: { dir: '/tmp/e2e', create: undefined } }]);
  });

  it('creates the demo in an empty GRIDDESK_WORKSPACE folder', async () => {
    const { backend, calls } = fakeBackend({});
    await openStartupWorkspace(backend, { requestedDir: '/tmp/e2e', demoDir, isWorkspace: () => false });
    expect(calls[0]).toEqual({ channel: 'openFolder', input: { dir: '/tmp/e2e', create: 'demo' } });
  });

  it('reports every failure and ends with no workspace when even the demo fails, without throwing', async () => {
    const { backend } = fakeBackend({
      recent: new Error('Database worker exited with code 1'),
      create: () => failure('folder_not_empty', '新工作区的文件夹必须为空'),
    });
    const result = await openStartupWorkspace(backend, { demoDir, isWorkspace: () => false });
    expect(result.source).toBe('none');
    expect(result.info).toBeUndefined();
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]).toContain('Database worker exited');
    expect(result.problems[1]).toContain('新工作区的文件夹必须为空');
  });
});
