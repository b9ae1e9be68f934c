/** The durable database's vocabulary: values, options, status. Apart from the class so that the modules it uses can name them. */
import type { BackgroundError } from './background-errors';
import type { JournalDamage } from './journal-scan';
import type { Migration } from './migrator';

/** Values that can cross the journal (JSON) unchanged. Blobs live in files, not in the database. */
export type SqlValue = string | number | null;
export type SqlParams = SqlValue[] | Record<string, SqlValue>;
export type Row = Record<string, SqlValue>;

/** What opening does when the journal is damaged (not merely torn at its end). */
export type RecoveryMode = 'refuse' | 'read-only-to-damage' | 'salvage';

export interface DurableDatabaseOptions {
  migrations?: Migration[];
  /** Journal size past which needsCheckpoint() says a snapshot is due. */
  checkpointJournalBytes?: number;
  /** Where replaced snapshots are kept as daily and before-upgrade backups (none when absent). */
  backupsDir?: string;
  /** Replays into memory and never writes a file; writes throw AppError('read_only'). */
  readOnly?: boolean;
  /**
   * 'refuse' (default): damage throws AppError('journal_damaged') with a JournalDamage as details.
   * 'read-only-to-damage': opens read-only with everything before the damage.
   * 'salvage': quarantines the journal files, applies every whole transaction after the damage,
   * writes a durable snapshot and reports what it skipped (`salvageReport`).
   */
  recovery?: RecoveryMode;
}

export interface DatabaseStatus {
  readOnly: boolean;
  /** The latest failure of idle work (snapshot, backup, index rebuild) not yet followed by a success. */
  lastBackgroundError?: BackgroundError;
  /** Set when opened with 'read-only-to-damage' on a damaged journal. */
  damage?: JournalDamage;
  /** Set when opening cut an unacknowledged write off the journal's end (its bytes are in quarantine). */
  tornTail?: TornTail;
}

export interface TornTail {
  file: string;
  offset: number;
  bytes: number;
  quarantinedTo: string;
}
