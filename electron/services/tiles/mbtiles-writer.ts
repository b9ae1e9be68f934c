// Writes an MBTiles file with sql.js for "save this area for offline".
//
// sql.js keeps the database in memory; `save()` exports it to `<file>.saving` and renames it over
// the file, so the file on disk is always a complete, valid archive (after a cancel or a crash,
// too) holding every tile stored up to the last save. Resume reopens it and skips what is there.
// Memory grows with the archive (the 50,000-tile cap keeps it in the hundreds of MB at worst).
import fs from 'node:fs';
import type { Database } from 'sql.js';
import { loadSqlJs } from '../db/sqljs';
import { MbtilesRepository } from './mbtiles.repository';

export class MbtilesWriter {
  private dirty = false;

  private constructor(
    readonly file: string,
    private readonly db: Database,
    private readonly repo: MbtilesRepository,
  ) {}

  /** Opens the file to add to it (resume), or starts an empty archive when there is none. */
  static async open(file: string): Promise<MbtilesWriter> {
    const SQL = await loadSqlJs();
    const db = fs.existsSync(file) ? new SQL.Database(fs.readFileSync(file)) : new SQL.Database();
    const repo = new MbtilesRepository(db);
    try {
      // The plain layout: tiles are added (and replaced) one by one as they arrive.
      repo.createPlain();
    } catch (err) {
      db.close();
      throw err;
    }
    return new MbtilesWriter(file, db, repo);
  }

  /** Whether tile z/x/y (XYZ row) is already stored. */
  has(z: number, x: number, y: number): boolean {
    return this.repo.hasTile(z, x, y);
  }

  put(z: number, x: number, y: number, data: Uint8Array): void {
    this.repo.putTile(z, x, y, data);
    this.dirty = true;
  }

  metadata(): Record<string, string> {
    return this.repo.metadata();
  }

  setMetadata(values: Record<string, string>): void {
    this.repo.setMetadata(values);
    this.dirty = true;
  }

  stats(): { tiles: number; bytes: number } {
    return this.repo.stats();
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
    this.repo.release();
    this.db.close();
  }
}
