import type { HubMigration } from '../hub-migrator';
import hubInit from './001_hub_init.sql';
import hubRates from './002_hub_rates.sql';
import hubFiles from './003_hub_files.sql';
import hubRegionEdits from './004_hub_region_edits.sql';
import hubReferenceEdits from './005_hub_reference_edits.sql';
import hubCaseDepartments from './006_hub_case_departments.sql';
import hubHeat from './007_hub_heat.sql';
import postgis from './postgis.sql';
// ── hub migrations: imports above this line ──

/** Every hub schema version, in order. A new migration is a new numbered .sql file added here. */
export const hubMigrations: HubMigration[] = [
  { version: 1, name: 'hub_init', sql: hubInit },
  { version: 2, name: 'hub_rates', sql: hubRates },
  { version: 3, name: 'hub_files', sql: hubFiles },
  { version: 4, name: 'hub_region_edits', sql: hubRegionEdits },
  { version: 5, name: 'hub_reference_edits', sql: hubReferenceEdits },
  { version: 6, name: 'hub_case_departments', sql: hubCaseDepartments },
  { version: 7, name: 'hub_heat', sql: hubHeat },
  // ── hub migrations above this line (numbers in order, no gaps) ──
];

/** Run by every init after the migrations, idempotent: PostGIS's geography once the server allows it. */
export const hubPostgisScript: string = postgis;
