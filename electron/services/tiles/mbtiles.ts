// MBTiles (SQLite) reader on sql.js.
//
// The whole file is read into memory and handed to sql.js: fine for the bundled basemap and other
// small archives (a few MB). Very large archives (hundreds of MB, city-wide z18) need a streaming
// reader later (a native SQLite binding or a VFS that reads pages from the file on demand).
import fs from 'node:fs/promises';
import type { Database, Statement } from 'sql.js';
import { loadSqlJs } from '../db/sqljs';
import {
  TileArchiveError,
  formatOfTile,
  normaliseFormat,
  sniffTile,
  validTileCoords,
  type TileArchive,
  type TileArchiveInfo,
  type TileData,
  type TileFormat,
} from './tile-format';

const SQLITE_MAGIC = 'SQLite format 3\0';
const TILE_COLUMNS = ['zoom_level', 'tile_column', 'tile_row', 'tile_data'];
const METADATA_COLUMNS = ['name', 'value'];

export function isSqliteHeader(head: Uint8Array): boolean {
  return head.length >= 16 && Buffer.from(head.subarray(0, 16)).toString('latin1') === SQLITE_MAGIC;
}

async function readArchiveFile(file: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在 (file not found)' : `无法读取 (cannot read: ${code ?? String(err)})`;
    throw new TileArchiveError(file, why, { cause: err });
  }
}

export class MbtilesArchive implements TileArchive {
  private tileStmt: Statement | undefined;
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly db: Database,
    readonly metadata: Record<string, string>,
    private readonly summary: TileArchiveInfo,
  ) {}

  static async open(file: string): Promise<MbtilesArchive> {
    const bytes = await readArchiveFile(file);
    if (!isSqliteHeader(bytes)) {
      const head = Buffer.from(bytes.subarray(0, 16)).toString('hex');
      throw new TileArchiveError(
        file,
        bytes.length === 0
          ? '文件为空 (empty file, not an SQLite/MBTiles database)'
          : `不是 SQLite/MBTiles 数据库 (no "SQLite format 3" header; first bytes: ${head})`,
      );
    }
    const truncated = truncation(bytes);
    if (truncated) throw new TileArchiveError(file, truncated);
    const SQL = await loadSqlJs();
    let db: Database | undefined;
    try {
      db = new SQL.Database(bytes);
      const metadata = readMetadata(file, db);
      const summary = summarise(file, db, metadata);
      return new MbtilesArchive(file, db, metadata, summary);
    } catch (err) {
      db?.close();
      if (err instanceof TileArchiveError) throw err;
      throw new TileArchiveError(file, `SQLite 读取失败 (${(err as Error).message})`, { cause: err });
    }
  }

  info(): TileArchiveInfo {
    return { ...this.summary };
  }

  async getTile(z: number, x: number, y: number): Promise<TileData | null> {
    if (this.closed) throw new TileArchiveError(this.file, '归档已关闭 (archive is closed)');
    if (!validTileCoords(z, x, y)) return null;
    // MBTiles rows are TMS: row 0 is the southernmost row.
    const tmsRow = 2 ** z - 1 - y;
    let value: unknown;
    let found = false;
    try {
      this.tileStmt ??= this.db.prepare(
        'SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ? LIMIT 1',
      );
      const stmt = this.tileStmt;
      stmt.bind([z, x, tmsRow]);
      if (stmt.step()) {
        found = true;
        value = stmt.get()[0];
      }
      stmt.reset();
    } catch (err) {
      throw new TileArchiveError(this.file, `读取瓦片 ${z}/${x}/${y} 失败 (${(err as Error).message})`, { cause: err });
    }
    if (!found) return null;
    if (value === null || value === undefined) {
      throw new TileArchiveError(
        this.file,
        `瓦片 ${z}/${x}/${y} 已损坏：tiles 表中有此行 (zoom_level=${z}, tile_column=${x}, tile_row=${tmsRow} TMS)` +
          `，但 tile_data 为 NULL (tile row exists but its image data is NULL)`,
      );
    }
    if (!(value instanceof Uint8Array)) {
      throw new TileArchiveError(this.file, `瓦片 ${z}/${x}/${y} 已损坏：tile_data 是 ${typeof value}，不是 BLOB`);
    }
    // Zero-length blobs are how some generators store "nothing here": no tile, not an error.
    if (value.length === 0) return null;
    return sniffTile(value, this.summary.format);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.tileStmt?.free();
    this.db.close();
  }
}

/** A download cut short is the most common damage: say so rather than "database disk image is malformed". */
function truncation(bytes: Uint8Array): string | undefined {
  if (bytes.length < 100) return `文件被截断 (only ${bytes.length} bytes, shorter than the 100-byte SQLite header)`;
  const v = new DataView(bytes.buffer, bytes.byteOffset, 100);
  const rawPageSize = v.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = v.getUint32(28);
  // The header's page count is valid only when its "version-valid-for" equals the change counter.
  if (pages === 0 || v.getUint32(92) !== v.getUint32(24)) return undefined;
  const expected = pages * pageSize;
  if (bytes.length >= expected) return undefined;
  return `文件被截断 (truncated: the SQLite header declares ${pages} pages × ${pageSize} = ${expected} bytes, the file has ${bytes.length})`;
}

function columnsOf(db: Database, table: string): string[] {
  const res = db.exec(`PRAGMA table_info(${table})`);
  return res.length ? res[0].values.map((row) => String(row[1]).toLowerCase()) : [];
}

function requireRelation(file: string, db: Database, name: string, columns: string[]): void {
  const found = db.exec("SELECT type FROM sqlite_master WHERE name = ? AND type IN ('table', 'view')", [name]);
  if (!found.length) {
    throw new TileArchiveError(file, `缺少 ${name} 表 (no "${name}" table or view: not an MBTiles archive)`);
  }
  const have = columnsOf(db, name);
  const missing = columns.filter((c) => !have.includes(c));
  if (missing.length) {
    throw new TileArchiveError(file, `${name} 表缺少列 ${missing.join(', ')} (has: ${have.join(', ') || 'none'})`);
  }
}

function readMetadata(file: string, db: Database): Record<string, string> {
  // quick_check walks every page: a truncated or overwritten file fails here, at open, not on some later tile.
  const check = db.exec('PRAGMA quick_check(5)');
  const lines = check.length ? check[0].values.map((r) => String(r[0])) : ['no answer'];
  if (lines[0] !== 'ok') {
    throw new TileArchiveError(file, `SQLite 文件已损坏 (quick_check: ${lines.join('; ')})`);
  }
  requireRelation(file, db, 'metadata', METADATA_COLUMNS);
  requireRelation(file, db, 'tiles', TILE_COLUMNS);
  const metadata: Record<string, string> = {};
  for (const row of db.exec('SELECT name, value FROM metadata')[0]?.values ?? []) {
    if (row[0] !== null && row[1] !== null) metadata[String(row[0])] = String(row[1]);
  }
  return metadata;
}

function parseBounds(value: string | undefined): TileArchiveInfo['bounds'] {
  const parts = (value ?? '').split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || !parts.every(Number.isFinite)) return null;
  const [w, s, e, n] = parts;
  return w < e && s < n ? [w, s, e, n] : null;
}

function parseZoom(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 30 ? n : undefined;
}

function summarise(file: string, db: Database, metadata: Record<string, string>): TileArchiveInfo {
  const [count, minZ, maxZ, nulls] = db.exec(
    'SELECT count(*), min(zoom_level), max(zoom_level), sum(tile_data IS NULL) FROM tiles',
  )[0].values[0] as (number | null)[];
  // Metadata often lacks minzoom/maxzoom (MBTiles 1.0/1.1 archives): take them from the tiles.
  const minZoom = parseZoom(metadata.minzoom) ?? minZ ?? 0;
  const maxZoom = parseZoom(metadata.maxzoom) ?? maxZ ?? 0;
  let format: TileFormat = normaliseFormat(metadata.format);
  if (format === 'unknown') {
    const first = db.exec('SELECT tile_data FROM tiles WHERE tile_data IS NOT NULL LIMIT 1');
    const data = first[0]?.values[0]?.[0];
    if (data instanceof Uint8Array) format = formatOfTile(data);
  }
  if (count === 0) throw new TileArchiveError(file, 'tiles 表为空 (archive holds no tiles)');
  return {
    kind: 'mbtiles',
    name: metadata.name ?? file.split(/[\\/]/).pop() ?? file,
    format,
    bounds: parseBounds(metadata.bounds),
    minZoom,
    maxZoom,
    tileCount: count ?? 0,
    attribution: metadata.attribution,
    description: metadata.description,
    damagedTileCount: nulls ?? 0,
  };
}
