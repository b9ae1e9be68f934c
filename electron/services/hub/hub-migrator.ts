import type { ClientBase } from 'pg';
import { AppError } from '../shared/app-error';
import {
  ensureVersionTable, hasGeography, inTransaction, lockMigrations, postgisVersion, readHubVersion, recordVersion,
  runMigrationScript,
} from './hub.repository';

export interface HubMigration {
  version: number;
  name: string;
  sql: string;
}

export interface HubMigrationResult {
  from: number;
  to: number;
  applied: { version: number; name: string }[];
  /** PostGIS's version in the hub database, null without it (the hub then works on lng/lat alone). */
  postgis: string | null;
  /** This run gave cases their PostGIS geography (first init with PostGIS, or PostGIS enabled since). */
  geographyAdded: boolean;
}

/**
 * Brings the hub's schema to the newest version: each migration in its own transaction, under an
 * advisory lock (two workstations may run init at once: the second waits, then finds nothing to do),
 * stamped in hub_schema_version. A hub written by a newer GridDesk is refused and left untouched.
 */
export async function migrateHub(
  client: ClientBase,
  migrations: HubMigration[],
  postgisScript: string | null,
  now: () => Date = () => new Date(),
): Promise<HubMigrationResult> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`Hub migrations must be numbered 1, 2, 3…; found ${migration.version}`);
  });
  const applied: HubMigrationResult['applied'] = [];
  let from: number | undefined;
  for (;;) {
    const done = await inTransaction(client, async () => {
      await lockMigrations(client);
      await ensureVersionTable(client);
      const current = await readHubVersion(client);
      from ??= current;
      refuseNewer(current, sorted.length);
      if (current === sorted.length) return true;
      const migration = sorted[current];
      try {
        await runMigrationScript(client, migration.sql);
      } catch (error) {
        throw new AppError(
          'hub_migration_failed',
          `中心库数据结构升级到版本 ${migration.version}（${migration.name}）失败，未做任何更改：${(error as Error).message}` +
            ` / Hub migration ${migration.version} (${migration.name}) failed and was rolled back: ${(error as Error).message}`,
        );
      }
      await recordVersion(client, migration.version, migration.name, now());
      applied.push({ version: migration.version, name: migration.name });
      return false;
    });
    if (done) break;
  }
  const geographyAdded = postgisScript !== null && sorted.length > 0 && (await addGeography(client, postgisScript));
  return { from: from ?? 0, to: sorted.length, applied, postgis: await postgisVersion(client), geographyAdded };
}

/** PostGIS's geography on cases, when missing and the server allows it now. Returns whether it was added. */
async function addGeography(client: ClientBase, script: string): Promise<boolean> {
  return inTransaction(client, async () => {
    await lockMigrations(client);
    if (await hasGeography(client)) return false;
    await runMigrationScript(client, script);
    return hasGeography(client);
  });
}

export function refuseNewer(current: number, known: number): void {
  if (current > known) {
    throw new AppError(
      'hub_too_new',
      `中心库的数据结构版本为 ${current}，比本版 GridDesk 认识的版本 ${known} 更新：请先升级 GridDesk，中心库未做任何更改。` +
        ` / The hub's schema is version ${current}, newer than this GridDesk knows (${known}): upgrade GridDesk first; the hub was not changed.`,
      { hubVersion: current, appVersion: known },
    );
  }
}
