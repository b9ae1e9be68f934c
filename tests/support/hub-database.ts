import pg from 'pg';
import { migrateHub } from '../../electron/services/hub/hub-migrator';
import { hubMigrations, hubPostgisScript } from '../../electron/services/hub/migrations';
import { createTestDatabase } from './pg-cluster.mjs';

/** A new database on the test cluster, migrated to the latest hub schema, and a client connected to it. */
export async function migratedHub(): Promise<{ client: pg.Client; url: string }> {
  const url = await createTestDatabase();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await migrateHub(client, hubMigrations, hubPostgisScript);
  return { client, url };
}
