// The schema version of a workspace, kept where SQLite keeps it: PRAGMA user_version.
import type { DurableDatabase } from './durable-database';

/** The version of the last migration applied (0 for an empty database). */
export function readSchemaVersion(database: DurableDatabase): number {
  return Number(database.get<{ user_version: number }>('PRAGMA user_version')?.user_version ?? 0);
}

/**
 * The statement that ends a migration's script, stamping its version. A PRAGMA's value cannot be
 * bound, so the number is written into the text: an integer, checked here, never other input.
 */
export function schemaVersionStatement(version: number): string {
  if (!Number.isSafeInteger(version) || version < 0) throw new Error(`Not a schema version: ${version}`);
  return `PRAGMA user_version = ${version};`;
}
