import { PG_MISSING_ENV, PG_URL_ENV, startPgCluster } from './pg-cluster.mjs';

/**
 * Vitest global setup: one throwaway PostgreSQL cluster for the run, its connection string handed to
 * the test workers in GRIDDESK_TEST_PG (they are forked after this, with this environment). Already
 * set (a developer's own server): used as it is. No PostgreSQL: the reason goes in
 * GRIDDESK_TEST_PG_MISSING and every test that needs the hub fails with it (testPgUrl()), while the
 * rest of the suite runs — a missing install must show, not skip.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[PG_URL_ENV]) return undefined;
  try {
    const cluster = await startPgCluster();
    process.env[PG_URL_ENV] = cluster.url;
    return async () => {
      delete process.env[PG_URL_ENV];
      await cluster.stop();
    };
  } catch (error) {
    process.env[PG_MISSING_ENV] = (error as Error).message;
    return undefined;
  }
}
