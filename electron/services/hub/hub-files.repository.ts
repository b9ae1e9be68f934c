import type { ClientBase } from 'pg';

/** The hub's attachment files (migration 003): stored once by hash, fetched by the desks that lack them. */

/** Which of these hashes the hub does not hold yet. */
export async function filesMissingOnHub(client: ClientBase, hashes: readonly string[]): Promise<string[]> {
  if (hashes.length === 0) return [];
  const held = await client.query<{ sha256: string }>('SELECT sha256 FROM files WHERE sha256 = ANY($1::text[])', [hashes]);
  const have = new Set(held.rows.map((r) => r.sha256));
  return hashes.filter((h) => !have.has(h));
}

/** Stores a file; one another desk stored meanwhile is left as it is (same hash, same bytes). */
export async function insertFile(client: ClientBase, sha256: string, bytes: Buffer): Promise<void> {
  await client.query('INSERT INTO files (sha256, bytes, size) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [sha256, bytes, bytes.length]);
}

/** The bytes of these files, those the hub holds. */
export async function filesByHash(client: ClientBase, hashes: readonly string[]): Promise<{ sha256: string; bytes: Buffer }[]> {
  if (hashes.length === 0) return [];
  const result = await client.query<{ sha256: string; bytes: Buffer }>('SELECT sha256, bytes FROM files WHERE sha256 = ANY($1::text[])', [hashes]);
  return result.rows;
}
