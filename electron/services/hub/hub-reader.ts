import type pg from 'pg';

/**
 * A reader's work on a connection of its own (HubLinkService.openConnection: the link's own may be
 * inside a push transaction), ended afterwards whatever happened.
 */
export async function withHubClient<T>(open: () => Promise<pg.Client>, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await open();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
