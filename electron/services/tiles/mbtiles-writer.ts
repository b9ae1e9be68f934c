// Writes an MBTiles file with sql.js for "save this area for offline".
//
// sql.js keeps the database in memory; `save()` exports it to `<file>.saving` and renames it over
// the file, so the file on disk is always a complete, valid archive (after a cancel or a crash,
// too) holding every tile stored up to the last save. Resume reopens it and skips what is there.
// Memory grows with the archive (the 50,000-tile cap keeps it in the hundreds of MB at worst).
import fs from 'node:fs';
import type { Database } from 'sql.js';
import { loadSqlJs } from '../db/sqljs';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS metadata (name TEXT PRIMARY KEY, value TEXT);
  CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
  CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row);
`;

export class MbtilesWriter {
  private dirty = false;

  private constructor(
    readonly file: string,
    private readonly db: Database,
  ) {}

  /** Opens the file to add to it (resume), or starts an empty archive when there is none. */
  static async open(file: string): Promise<MbtilesWriter> {
    const SQL = await loadSqlJs();
    const db = fs.existsSync(file) ? new SQL.Database(fs.readFileSync(file)) : new SQL.Database();
    try {
      db.exec(SCHEMA);
    } catch (err) {
      db.close();
      throw err;
    }
    return new MbtilesWriter(file, db);
  }

  /** Whether tile z/x/y (XYZ row) is already stored. */
  has(z: number, x: number, y: number): boolean {
    const res = this.db.exec('SELECT 1 FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ? LIMIT 1', [z, x, tmsRow(z, y)]);
    return res.length > 0;
  }

  put(z: number, x: number, y: number, data: Uint8Array): void {
    this.db.run('INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)', [z, x, tmsRow(z, y), data]);
    this.dirty = true;
  }

  metadata(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of this.db.exec('SELECT name, value FROM metadata')[0]?.values ?? []) out[String(name)] = String(value);
    return out;
  }

  setMetadata(values: Record<string, string>): void {
    for (const [name, value] of Object.entries(values)) {
      this.db.run('INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)', [name, value]);
    }
    this.dirty = true;
  }

  stats(): { tiles: number; bytes: number } {
    const [tiles, bytes] = this.db.exec('SELECT count(*), coalesce(sum(length(tile_data)), 0) FROM tiles')[0].values[0] as number[];
    return { tiles, bytes };
  }

  /** Writes the archive to disk atomically (temp file + rename). */
  save(): void {
    if (!this.dirty && fs.existsSync(this.file)) return;
    const temp = `${this.file}.saving`;
    fs.writeFileSync(temp, this.db.export());
    fs.renameSync(temp, this.file);
    this.dirty = false;
  }

  close(): void {
    this.db.close();
  }
}

/** MBTiles rows are TMS: row 0 is the southernmost. */
function tmsRow(z: number, y: number): number {
  return 2 ** z - 1 - y;
}
