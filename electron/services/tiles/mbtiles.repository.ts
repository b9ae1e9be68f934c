// Every statement GridDesk runs on an MBTiles archive (an SQLite file of map tiles, MBTiles 1.3),
// reading or writing, on a sql.js Database of its own (an archive is not a workspace: no journal).
//
// Two layouts, both read through a `tiles` relation with the spec's columns:
//   plain         the spec's `tiles` table; a row is replaced in place. "Save this area for offline"
//                 downloads add to it and resume into it (MbtilesWriter).
//   deduplicated  `map` + `images` behind a `tiles` view, each distinct image stored once. The bundled
//                 basemap is written once, and most of its tiles are one flat colour (offline-basemap-builder).
// Callers speak XYZ rows; the TMS flip the spec asks for happens here only.
import type { Database, SqlValue } from 'sql.js';
import { StatementCache } from '../db/statement-cache';

/** The relations the spec requires, with the columns a reader needs. Fixed names, never input. */
export const MBTILES_RELATIONS = {
  metadata: ['name', 'value'],
  tiles: ['zoom_level', 'tile_column', 'tile_row', 'tile_data'],
} as const;
export type MbtilesRelation = keyof typeof MBTILES_RELATIONS;

// A PRAGMA's argument cannot be bound, so each allowed relation has its statement written out.
const TABLE_INFO: Record<MbtilesRelation, string> = {
  metadata: 'PRAGMA table_info(metadata)',
  tiles: 'PRAGMA table_info(tiles)',
};

// IF NOT EXISTS: the writer runs it again on an archive it resumes.
const PLAIN_SCHEMA = `
  CREATE TABLE IF NOT EXISTS metadata (name TEXT PRIMARY KEY, value TEXT);
  CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
  CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row);
`;

// SQLite stores this text in the archive (sqlite_master): an edit changes the bundled file's bytes.
const DEDUPLICATED_SCHEMA = `
      CREATE TABLE metadata (name TEXT, value TEXT);
      CREATE UNIQUE INDEX name ON metadata (name);
      CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT);
      CREATE UNIQUE INDEX map_index ON map (zoom_level, tile_column, tile_row);
      CREATE TABLE images (tile_data BLOB, tile_id TEXT);
      CREATE UNIQUE INDEX images_id ON images (tile_id);
      CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column,
        map.tile_row AS tile_row, images.tile_data AS tile_data FROM map JOIN images ON images.tile_id = map.tile_id;
    `;

/** MBTiles rows are TMS: row 0 is the southernmost. */
export function tmsRow(z: number, y: number): number {
  return 2 ** z - 1 - y;
}

export interface TileSummary {
  count: number;
  minZoom: number | null;
  maxZoom: number | null;
  /** Rows whose tile_data is NULL (damaged). */
  nullCount: number;
}

export class MbtilesRepository {
  // Prepared once: a map view asks for hundreds of tiles, a build inserts thousands.
  private readonly statements: StatementCache;

  constructor(private readonly db: Database) {
    this.statements = new StatementCache(db);
  }

  // ── Creation ──────────────────────────────────────────────────────────────────────────────

  /** The plain layout; safe on an archive that already has it. */
  createPlain(): void {
    this.db.exec(PLAIN_SCHEMA);
  }

  /** The deduplicated layout, on an empty database. */
  createDeduplicated(): void {
    // Small pages: most tile images are 0.5–3 KB, and 4 KB pages leave much of each page empty.
    this.db.run('PRAGMA page_size = 1024');
    this.db.run(DEDUPLICATED_SCHEMA);
  }

  // ── Reads (either layout) ─────────────────────────────────────────────────────────────────

  /** SQLite's page-by-page check: ['ok'] or up to five problems. */
  quickCheck(): string[] {
    const check = this.db.exec('PRAGMA quick_check(5)');
    return check.length ? check[0].values.map((r) => String(r[0])) : [];
  }

  hasRelation(name: MbtilesRelation): boolean {
    return this.db.exec("SELECT type FROM sqlite_master WHERE name = ? AND type IN ('table', 'view')", [name]).length > 0;
  }

  /** Column names of a relation, lower-cased. */
  columns(name: MbtilesRelation): string[] {
    const res = this.db.exec(TABLE_INFO[name]);
    return res.length ? res[0].values.map((row) => String(row[1]).toLowerCase()) : [];
  }

  /** The metadata table as name → value; rows with a NULL name or value are skipped. */
  metadata(): Record<string, string> {
    const metadata: Record<string, string> = {};
    for (const [name, value] of this.db.exec('SELECT name, value FROM metadata')[0]?.values ?? []) {
      if (name !== null && value !== null) metadata[String(name)] = String(value);
    }
    return metadata;
  }

  summary(): TileSummary {
    const [count, minZoom, maxZoom, nullCount] = this.db.exec(
      'SELECT count(*), min(zoom_level), max(zoom_level), sum(tile_data IS NULL) FROM tiles',
    )[0].values[0] as (number | null)[];
    return { count: count ?? 0, minZoom, maxZoom, nullCount: nullCount ?? 0 };
  }

  /** Any one stored image, to tell the format when the metadata does not. */
  firstTileData(): SqlValue | undefined {
    return this.db.exec('SELECT tile_data FROM tiles WHERE tile_data IS NOT NULL LIMIT 1')[0]?.values[0]?.[0];
  }

  /** Tile z/x/y (XYZ row): undefined when there is no row, else its tile_data as stored (may be NULL). */
  tileData(z: number, x: number, y: number): { data: SqlValue } | undefined {
    const stmt = this.statements.get('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ? LIMIT 1');
    try {
      stmt.bind([z, x, tmsRow(z, y)]);
      return stmt.step() ? { data: stmt.get()[0] } : undefined;
    } finally {
      stmt.reset();
    }
  }

  hasTile(z: number, x: number, y: number): boolean {
    const res = this.db.exec('SELECT 1 FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ? LIMIT 1', [z, x, tmsRow(z, y)]);
    return res.length > 0;
  }

  stats(): { tiles: number; bytes: number } {
    const [tiles, bytes] = this.db.exec('SELECT count(*), coalesce(sum(length(tile_data)), 0) FROM tiles')[0].values[0] as number[];
    return { tiles, bytes };
  }

  // ── Writes ────────────────────────────────────────────────────────────────────────────────

  /** Sets metadata entries, in the order given (either layout). */
  setMetadata(values: Record<string, string>): void {
    for (const [name, value] of Object.entries(values)) {
      this.db.run('INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)', [name, value]);
    }
  }

  /** Plain layout: stores or replaces tile z/x/y (XYZ row). */
  putTile(z: number, x: number, y: number, data: Uint8Array): void {
    this.db.run('INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)', [z, x, tmsRow(z, y), data]);
  }

  /** Deduplicated layout: stores an image under its id (once per id). */
  addImage(id: string, data: Uint8Array): void {
    this.statements.get('INSERT INTO images (tile_data, tile_id) VALUES (?, ?)').run([data, id]);
  }

  /** Deduplicated layout: points tile z/x/y (XYZ row) at a stored image. */
  addTile(z: number, x: number, y: number, imageId: string): void {
    this.statements.get('INSERT INTO map (zoom_level, tile_column, tile_row, tile_id) VALUES (?, ?, ?, ?)').run([z, x, tmsRow(z, y), imageId]);
  }

  /** Runs `work` in one SQLite transaction (one commit instead of one per row). */
  transaction<T>(work: () => T): T {
    this.db.run('BEGIN');
    try {
      const result = work();
      this.db.run('COMMIT');
      return result;
    } catch (err) {
      this.db.run('ROLLBACK');
      throw err;
    }
  }

  /** Rewrites the file without free pages, before it is exported. */
  vacuum(): void {
    // VACUUM refuses to run while statements are open: release ours first.
    this.release();
    this.db.run('VACUUM');
  }

  /** Frees the prepared statements; call before closing the database. */
  release(): void {
    this.statements.freeAll();
  }
}
