import type { DurableDatabase } from './durable-database';
import { readSchemaVersion, schemaVersionStatement } from './schema-version.repository';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Brings the schema to the newest version, one journaled transaction per migration, tracked in
 * PRAGMA user_version. Returns how many migrations ran. A database newer than this app is refused.
 */
export function runMigrations(database: DurableDatabase, migrations: Migration[]): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`Migrations must be numbered 1, 2, 3…; found ${migration.version}`);
  });
  const current = currentVersion(database);
  if (current > sorted.length) {
    throw new Error(`This workspace was written by a newer GridDesk (schema ${current}; this version knows ${sorted.length})`);
  }
  for (const migration of sorted.slice(current)) {
    database.transaction((tx) => {
      tx.script(`${migration.sql}\n${schemaVersionStatement(migration.version)}`);
    });
  }
  return sorted.length - current;
}

export function currentVersion(database: DurableDatabase): number {
  return readSchemaVersion(database);
}
