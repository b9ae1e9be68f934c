import { z } from 'zod';
import { NoInput, Timestamp } from './common';

export const WorkspaceCounts = z.object({
  districts: z.number(),
  streets: z.number(),
  communities: z.number(),
  grids: z.number(),
  streetLines: z.number(),
  departments: z.number(),
  staff: z.number(),
  categories: z.number(),
  cases: z.number(),
  openCases: z.number(),
});
export type WorkspaceCounts = z.infer<typeof WorkspaceCounts>;

export const WorkspaceInfo = z.object({
  dir: z.string(),
  name: z.string(),
  schemaVersion: z.number(),
  isDemo: z.boolean(),
  /** Which parts of the data are real public data and which are derived (shown in the UI). */
  provenance: z.array(z.object({ part: z.string(), kind: z.enum(['real', 'derived', 'generated']), source: z.string() })),
  counts: WorkspaceCounts,
  casesFrom: Timestamp.nullable(),
  casesTo: Timestamp.nullable(),
  /** [minLng, minLat, maxLng, maxLat] of all regions, for the first map view. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const RecentWorkspace = z.object({ dir: z.string(), name: z.string(), openedAt: Timestamp });
export type RecentWorkspace = z.infer<typeof RecentWorkspace>;

/** A whole-database copy in the workspace's backups/ folder (see services/db/snapshot-backups.ts). */
export const WorkspaceBackup = z.object({
  /** File name inside backups/, e.g. griddesk-2026-11-21.db; the only handle a restore takes. */
  name: z.string(),
  /** daily: the last snapshot of that day; before-upgrade / before-restore: kept before that change. */
  kind: z.enum(['daily', 'before-upgrade', 'before-restore']),
  writtenAt: Timestamp,
  bytes: z.number(),
});
export type WorkspaceBackup = z.infer<typeof WorkspaceBackup>;

export const workspaceChannels = {
  /** The open workspace: counts, provenance, extent. */
  'workspace:info': { input: NoInput, output: WorkspaceInfo },
  /** Opens an existing workspace folder (closing the current one). */
  'workspace:open': { input: z.object({ dir: z.string().min(1) }).strict(), output: WorkspaceInfo },
  /** Creates a workspace folder, empty or as a copy of the bundled demo district. */
  'workspace:create': {
    input: z.object({ dir: z.string().min(1), demo: z.boolean().default(false) }).strict(),
    output: WorkspaceInfo,
  },
  /** Workspaces opened before, newest first. */
  'workspace:recent': { input: NoInput, output: z.array(RecentWorkspace) },
  /** Backups of the open workspace, newest first. */
  'workspace:backups': { input: NoInput, output: z.array(WorkspaceBackup) },
  /**
   * Replaces the open workspace's database by one of its backups (the current state is kept as a
   * before-restore backup first), then reopens it.
   */
  'workspace:restore': {
    input: z.object({ backup: z.string().regex(/^[\w.-]+\.db$/, 'a file name from workspace:backups') }).strict(),
    output: WorkspaceInfo,
  },
} as const;
