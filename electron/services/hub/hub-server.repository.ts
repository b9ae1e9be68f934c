import type { ClientBase } from 'pg';

/** The PostgreSQL server's version, as the connection test shows it (e.g. 15.8). */
export async function serverVersion(client: ClientBase): Promise<string | null> {
  const result = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
  return result.rows[0]?.version ?? null;
}
