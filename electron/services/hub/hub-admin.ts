// What `npm run hub -- init|status` does, as results; electron/hub-cli.ts prints them.
import { connectHub, redactConnectionString } from './hub-connection';
import { migrateHub, refuseNewer, type HubMigrationResult } from './hub-migrator';
import { hubCounts, postgisVersion, readHubVersion, type HubCounts } from './hub.repository';
import { hubMigrations, hubPostgisScript } from './migrations';

export interface HubInitResult extends HubMigrationResult {
  hub: string;
}

export interface HubStatus {
  hub: string;
  version: number;
  /** The newest version this GridDesk knows. */
  known: number;
  postgis: string | null;
  /** Null while the hub has no schema yet. */
  counts: HubCounts | null;
}

export async function initHub(connectionString: string): Promise<HubInitResult> {
  const client = await connectHub(connectionString);
  try {
    return { hub: redactConnectionString(connectionString), ...(await migrateHub(client, hubMigrations, hubPostgisScript)) };
  } finally {
    await client.end();
  }
}

export async function readHubStatus(connectionString: string): Promise<HubStatus> {
  const client = await connectHub(connectionString);
  try {
    const version = await readHubVersion(client);
    refuseNewer(version, hubMigrations.length);
    return {
      hub: redactConnectionString(connectionString),
      version,
      known: hubMigrations.length,
      postgis: await postgisVersion(client),
      counts: version >= 1 ? await hubCounts(client) : null,
    };
  } finally {
    await client.end();
  }
}
