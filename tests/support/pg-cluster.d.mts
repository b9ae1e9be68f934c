/** See pg-cluster.mjs. */
export const PG_URL_ENV: 'GRIDDESK_TEST_PG';
export const PG_MISSING_ENV: 'GRIDDESK_TEST_PG_MISSING';
export function findPgBin(): string;
export interface PgCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust authentication, loopback only). */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}
export function startPgCluster(): Promise<PgCluster>;
export function testPgUrl(): string;
export function createTestDatabase(adminUrl?: string, prefix?: string): Promise<string>;
