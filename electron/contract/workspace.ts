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
  /** Opened read-only (asked for, or up to a damaged journal): every write is refused ('read_only'). */
  readOnly: z.boolean(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

/**
 * A workspace the app knows: opened before, or named by whoever started the app (its chooser, the
 * command line). The renderer refers to one by `id` only: it never names a folder itself.
 */
export const RecentId = z.string().regex(/^[0-9a-f]{16}$/, 'an id from workspace:recent');
export const RecentWorkspace = z.object({ id: RecentId, dir: z.string(), name: z.string(), openedAt: Timestamp });
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

/** 'write' takes the writer lock; 'read-only' takes none; 'read-only-to-damage' also opens a damaged journal up to the damage. */
export const OpenMode = z.enum(['write', 'read-only', 'read-only-to-damage']);
export type OpenMode = z.infer<typeof OpenMode>;

/** Where a journal is damaged (services/db/journal-scan.ts). */
export const JournalDamage = z.object({
  file: z.string(),
  /** 1-based record number in that file. */
  record: z.number(),
  offset: z.number(),
  readableBefore: z.number(),
  readableAfter: z.number(),
  kind: z.string(),
});
export type JournalDamage = z.infer<typeof JournalDamage>;

/** Who holds a workspace's writer lock. */
export const LockHolder = z.object({ pid: z.number(), host: z.string(), user: z.string(), app: z.enum(['app', 'cli']), since: Timestamp });
export type LockHolder = z.infer<typeof LockHolder>;

/** Failures of opening that the user resolves on the start screen (the rest are plain errors). */
export const RESOLVABLE_OPEN_CODES: ReadonlySet<string> = new Set(['journal_damaged', 'workspace_locked', 'workspace_locked_elsewhere', 'workspace_not_writable']);

/** The latest open that failed in a way the user can resolve (damaged journal, lock held): the start screen offers the ways out. */
export const OpenProblem = z.object({
  recentId: RecentId,
  dir: z.string(),
  name: z.string(),
  code: z.string(),
  message: z.string(),
  damage: JournalDamage.optional(),
  holder: LockHolder.optional(),
});
export type OpenProblem = z.infer<typeof OpenProblem>;

export const SalvageReport = z.object({
  /** The folder holding the journal files as they were (nothing is deleted). */
  quarantinedTo: z.string(),
  /** Transactions after the damage that were applied. */
  applied: z.number(),
  skipped: z.array(z.object({ file: z.string(), record: z.number(), offset: z.number(), bytes: z.number(), reason: z.string() })),
});
export type SalvageReport = z.infer<typeof SalvageReport>;

/** How full the workspace is against sql.js's ceiling (services/workspace/workspace-capacity.ts). */
export const WorkspaceCapacity = z.object({
  bytes: z.number(),
  ceilingBytes: z.number(),
  cases: z.number().int(),
  bytesPerCase: z.number().nullable(),
  /** Cases that still fit at today's bytes per case. */
  casesLeft: z.number().nullable(),
  /** At the last complete month's pace; null without one. */
  monthsLeft: z.number().nullable(),
  level: z.enum(['ok', 'warn', 'urgent']),
});
export type WorkspaceCapacity = z.infer<typeof WorkspaceCapacity>;

export const WorkspaceStatus = z.object({
  open: z.boolean(),
  readOnly: z.boolean(),
  /** Set when opened read-only up to a damaged journal. */
  damage: JournalDamage.optional(),
  /** The latest failure of background work (snapshot, backup, index rebuild) not yet followed by a success. */
  lastBackgroundError: z.object({ task: z.string(), at: Timestamp, message: z.string(), code: z.string() }).optional(),
  problem: OpenProblem.optional(),
  /** Set for an open workspace. */
  capacity: WorkspaceCapacity.optional(),
});
export type WorkspaceStatus = z.infer<typeof WorkspaceStatus>;

export const workspaceChannels = {
  /** The open workspace: counts, provenance, extent. */
  'workspace:info': { input: NoInput, output: WorkspaceInfo },
  /**
   * Opens a workspace of the recent list (closing the current one). Folders come only from main's
   * chooser, the recent list or the command line that started the app: never from the renderer.
   */
  'workspace:open': { input: z.object({ recent: RecentId, mode: OpenMode.default('write') }).strict(), output: WorkspaceInfo },
  /**
   * Opens a workspace whose journal is damaged by salvaging it: every whole transaction after the
   * damage is applied, the journal files are kept in quarantine/, and the report says what was skipped.
   */
  'workspace:salvage': { input: z.object({ recent: RecentId }).strict(), output: z.object({ info: WorkspaceInfo, report: SalvageReport.nullable() }) },
  /** Read-only mode, background errors and the open problem waiting for the user: polled by the status line. */
  'workspace:status': { input: NoInput, output: WorkspaceStatus },
  /** Workspaces opened before, newest first. */
  'workspace:recent': { input: NoInput, output: z.array(RecentWorkspace) },
  /** Backups of the open workspace, or of a recent one that cannot open (`recent`), newest first. */
  'workspace:backups': { input: z.object({ recent: RecentId.optional() }).strict(), output: z.array(WorkspaceBackup) },
  /**
   * Replaces the open workspace's database (or that of the recent workspace `recent`, which need
   * not open) by one of its backups, the current state kept first, then opens it.
   */
  'workspace:restore': {
    input: z.object({ backup: z.string().regex(/^[\w.-]+\.db$/, 'a file name from workspace:backups'), recent: RecentId.optional() }).strict(),
    output: WorkspaceInfo,
  },
} as const;
