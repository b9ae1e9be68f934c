import type { ArchivePlan, ArchiveRun } from '@contract/archive';
import { invoke } from './transport';

export const archiveApi = {
  plan: (keepMonths?: number): Promise<ArchivePlan> => invoke('archive:plan', { keepMonths }),
  /** Saves keepMonths and archives every eligible month; the database is compacted after. */
  run: (keepMonths: number): Promise<ArchiveRun> => invoke('archive:run', { keepMonths }),
};
