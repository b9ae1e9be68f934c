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
  const call = async (channel: string, input: unknown): Promise<ApiResult<unknown>> => {
    calls.push({ channel, input });
    const dir = (input as { dir?: string }).dir ?? '';
    switch (channel) {
      case 'workspace:recent':
        if (answers.recent instanceof Error) throw answers.recent;
        return { ok: true, value: answers.recent ?? [] };
      case 'workspace:open':
        return answers.open?.(dir) ?? failure('not_a_workspace', `not a workspace: ${dir}`);
      case 'workspace:create':
        return answers.create?.(dir) ?? info(dir);
      default:
        return failure('unexpected', channel);
    }
  };
  return { backend: { call } as unknown as WorkspaceBackend, calls };
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
      { channel: 'workspace:create', input: { dir: demoDir, demo: true } },
    ]);
  });

  it('reopens the demo folder instead of re-creating it when it already holds a workspace', async () => {
    const { backend, calls } = fakeBackend({ open: info });
    const result = await openStartupWorkspace(backend, { demoDir, isWorkspace: (dir) => dir === demoDir });
    expect(result.source).toBe('demo');
    expect(calls.at(-1)).toEqual({ channel: 'workspace:open', input: { dir: demoDir } });
  });

  it('reopens the most recent workspace', async () => {
    const recent = [
      { dir: '/data/朝阳区', name: '朝阳区', openedAt: 2 },
      { dir: '/data/old', name: 'old', openedAt: 1 },
    ];
    const { backend, calls } = fakeBackend({ recent, open: info });
    const result = await openStartupWorkspace(backend, { demoDir, isWorkspace: () => true });
    expect(result).toMatchObject({ source: 'recent', problems: [], info: { dir: '/data/朝阳区' } });
    expect(calls).toHaveLength(2);
  });

  it('falls back to the demo and reports why when the recent workspace cannot be opened', async () => {
    const recent = [{ dir: '/usb/网格', name: '网格', openedAt: 1 }];
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
    const { backend, calls } = fakeBackend({ open: info, recent: [{ dir: '/x', name: 'x', openedAt: 1 }] });
    const result = await openStartupWorkspace(backend, { requestedDir: '/tmp/e2e', demoDir, isWorkspace: () => true });
    expect(result).toMatchObject({ source: 'requested', info: { dir: '/tmp/e2e' } });
    expect(calls).toEqual([{ channel: 'workspace:open', input: { dir: '/tmp/e2e' } }]);
  });

  it('creates the demo in an empty GRIDDESK_WORKSPACE folder', async () => {
    const { backend, calls } = fakeBackend({});
    await openStartupWorkspace(backend, { requestedDir: '/tmp/e2e', demoDir, isWorkspace: () => false });
    expect(calls[0]).toEqual({ channel: 'workspace:create', input: { dir: '/tmp/e2e', demo: true } });
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
