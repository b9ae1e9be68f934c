import type { OpenMode, RecentWorkspace, SalvageReport, WorkspaceBackup, WorkspaceInfo, WorkspaceStatus } from '@contract/workspace';
import { invoke } from './transport';

/** The renderer names a workspace only by its recent-list id: folders come from main's chooser. */
export const workspaceApi = {
  info: (): Promise<WorkspaceInfo> => invoke('workspace:info', {}),
  open: (recent: string, mode: OpenMode = 'write'): Promise<WorkspaceInfo> => invoke('workspace:open', { recent, mode }),
  salvage: (recent: string): Promise<{ info: WorkspaceInfo; report: SalvageReport | null }> => invoke('workspace:salvage', { recent }),
  status: (): Promise<WorkspaceStatus> => invoke('workspace:status', {}),
  recent: (): Promise<RecentWorkspace[]> => invoke('workspace:recent', {}),
  backups: (recent?: string): Promise<WorkspaceBackup[]> => invoke('workspace:backups', recent ? { recent } : {}),
  restore: (backup: string, recent?: string): Promise<WorkspaceInfo> => invoke('workspace:restore', recent ? { backup, recent } : { backup }),
};
