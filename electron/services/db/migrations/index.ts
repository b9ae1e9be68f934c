import type { Migration } from '../migrator';
import init from './001_init.sql';
import workflow from './002_workflow.sql';
import mergedIndex from './003_merged_index.sql';
import caseSearch from './004_case_search.sql';
import gridPopulation from './005_grid_population.sql';
import caseSearchTerms from './006_case_search_terms.sql';
import deferredIndexes from './007_deferred_indexes.sql';
import dueOrderIndex from './008_due_order_index.sql';
import accounts from './009_accounts.sql';
import scopeIndexes from './010_scope_indexes.sql';
import sync from './011_sync.sql';
import scopeWalkIndex from './012_scope_walk_index.sql';
import hubSync from './013_hub_sync.sql';
import exchange from './014_exchange.sql';
import caseArchive from './015_case_archive.sql';
import regionEdits from './016_region_edits.sql';
import referenceEdits from './017_reference_edits.sql';
// ── feature areas insert their migration imports above this line ──

/** Every schema version, in order. A new migration is a new numbered .sql file added here. */
export const migrations: Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'workflow', sql: workflow },
  { version: 3, name: 'merged_index', sql: mergedIndex },
  { version: 4, name: 'case_search', sql: caseSearch },
  { version: 5, name: 'grid_population', sql: gridPopulation },
  { version: 6, name: 'case_search_terms', sql: caseSearchTerms },
  { version: 7, name: 'deferred_indexes', sql: deferredIndexes },
  { version: 8, name: 'due_order_index', sql: dueOrderIndex },
  { version: 9, name: 'accounts', sql: accounts },
  { version: 10, name: 'scope_indexes', sql: scopeIndexes },
  { version: 11, name: 'sync', sql: sync },
  { version: 12, name: 'scope_walk_index', sql: scopeWalkIndex },
  { version: 13, name: 'hub_sync', sql: hubSync },
  { version: 14, name: 'exchange', sql: exchange },
  { version: 15, name: 'case_archive', sql: caseArchive },
  { version: 16, name: 'region_edits', sql: regionEdits },
  { version: 17, name: 'reference_edits', sql: referenceEdits },
  // ── feature areas insert their migrations above this line (numbers in order, no gaps) ──
];
