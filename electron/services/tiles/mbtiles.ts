// MBTiles (SQLite) reader on sql.js.
//
// The whole file is read into memory and handed to sql.js: fine for the bundled basemap and other
// small archives (a few MB). Very large archives (hundreds of MB, city-wide z18) need a streaming
// reader later (a native SQLite binding or a VFS that reads pages from the file on demand).
import fs from 'node:fs/promises';
import type { Database } from 'sql.js';
import { loadSqlJs } from '../db/sqljs';
import { MBTILES_RELATIONS, MbtilesRepository, tmsRow, type MbtilesRelation } from './mbtiles.repository';
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
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly db: Database,
    private readonly repo: MbtilesRepository,
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
      const repo = new MbtilesRepository(db);
      const metadata = readMetadata(file, repo);
      const summary = summarise(file, repo, metadata);
      return new MbtilesArchive(file, db, repo, metadata, summary);
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
    let row: { data: unknown } | undefined;
    try {
      row = this.repo.tileData(z, x, y);
    } catch (err) {
      throw new TileArchiveError(this.file, `读取瓦片 ${z}/${x}/${y} 失败 (${(err as Error).message})`, { cause: err });
    }
    if (!row) return null;
    const value = row.data;
    if (value === null || value === undefined) {
      throw new TileArchiveError(
        this.file,
        `瓦片 ${z}/${x}/${y} 已损坏：tiles 表中有此行 (zoom_level=${z}, tile_column=${x}, tile_row=${tmsRow(z, y)} TMS)` +
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
    this.repo.release();
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

function requireRelation(file: string, repo: MbtilesRepository, name: MbtilesRelation): void {
  if (!repo.hasRelation(name)) {
    throw new TileArchiveError(file, `缺少 ${name} 表 (no "${name}" table or view: not an MBTiles archive)`);
  }
  const have = repo.columns(name);
  const missing = MBTILES_RELATIONS[name].filter((c) => !have.includes(c));
  if (missing.length) {
    throw new TileArchiveError(file, `${name} 表缺少列 ${missing.join(', ')} (has: ${have.join(', ') || 'none'})`);
  }
}

function readMetadata(file: string, repo: MbtilesRepository): Record<string, string> {
  // quick_check walks every page: a truncated or overwritten file fails here, at open, not on some later tile.
  const check = repo.quickCheck();
  const lines = check.length ? check : ['no answer'];
  if (lines[0] !== 'ok') {
    throw new TileArchiveError(file, `SQLite 文件已损坏 (quick_check: ${lines.join('; ')})`);
  }
  requireRelation(file, repo, 'metadata');
  requireRelation(file, repo, 'tiles');
  return repo.metadata();
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

function summarise(file: string, repo: MbtilesRepository, metadata: Record<string, string>): TileArchiveInfo {
  const { count, minZoom: minZ, maxZoom: maxZ, nullCount: nulls } = repo.summary();
  // Metadata often lacks minzoom/maxzoom (MBTiles 1.0/1.1 archives): take them from the tiles.
  const minZoom = parseZoom(metadata.minzoom) ?? minZ ?? 0;
  const maxZoom = parseZoom(metadata.maxzoom) ?? maxZ ?? 0;
  let format: TileFormat = normaliseFormat(metadata.format);
  if (format === 'unknown') {
    const data = repo.firstTileData();
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
    tileCount: count,
    attribution: metadata.attribution,
    description: metadata.description,
    damagedTileCount: nulls,
  };
}
