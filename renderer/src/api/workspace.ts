import type { RecentWorkspace, WorkspaceInfo } from '@contract/workspace';
import { invoke } from './transport';

export const workspaceApi = {
  info: (): Promise<WorkspaceInfo> => invoke('workspace:info', {}),
  open: (dir: string): Promise<WorkspaceInfo> => invoke('workspace:open', { dir }),
  create: (dir: string, demo = false): Promise<WorkspaceInfo> => invoke('workspace:create', { dir, demo }),
  recent: (): Promise<RecentWorkspace[]> => invoke('workspace:recent', {}),
};
