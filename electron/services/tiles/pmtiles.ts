// PMTiles v3 reader over a file handle: reads only the header, the directories it needs and the tile
// (the format itself is in pmtiles-format.ts).
import fs, { type FileHandle } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import {
  HEADER_BYTES,
  decodeDirectory,
  findEntry,
  parseHeader,
  zxyToTileId,
  type Compression,
  type DirEntry,
  type PmtilesHeader,
} from './pmtiles-format';
import {
  CONTENT_TYPES,
  TileArchiveError,
  validTileCoords,
  type TileArchive,
  type TileArchiveInfo,
  type TileData,
} from './tile-format';

export { PMTILES_MAGIC, decodeDirectory, zxyToTileId, type DirEntry, type PmtilesHeader } from './pmtiles-format';

/** The spec bounds the depth of leaf directories; a deeper chain means a loop in a damaged file. */
const MAX_DIRECTORY_DEPTH = 4;
const LEAF_CACHE_SIZE = 64;

export class PmtilesArchive implements TileArchive {
  private readonly leaves = new Map<number, DirEntry[]>();
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly fh: FileHandle,
    private readonly size: number,
    readonly header: PmtilesHeader,
    private readonly root: DirEntry[],
    readonly metadata: Record<string, unknown>,
  ) {}

  static async open(file: string): Promise<PmtilesArchive> {
    let fh: FileHandle;
    try {
      fh = await fs.open(file, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new TileArchiveError(file, code === 'ENOENT' ? '文件不存在 (file not found)' : `无法读取 (${code})`, { cause: err });
    }
    try {
      const size = (await fh.stat()).size;
      const header = parseHeader(file, await readAt(fh, 0, Math.min(size, HEADER_BYTES)));
      const section = async (offset: number, length: number, what: string) => {
        if (offset + length > size) {
          throw new TileArchiveError(file, `${what} 超出文件末尾 (section ${offset}+${length} > file size ${size}: truncated?)`);
        }
        return decompress(file, header.internalCompression, await readAt(fh, offset, length), what);
      };
      const rootBytes = await section(header.rootDirectoryOffset, header.rootDirectoryLength, 'root directory');
      const root = decodeOrThrow(file, rootBytes, 'root directory');
      let metadata: Record<string, unknown> = {};
      if (header.jsonMetadataLength > 0) {
        const json = await section(header.jsonMetadataOffset, header.jsonMetadataLength, 'JSON metadata');
        try {
          metadata = JSON.parse(Buffer.from(json).toString('utf8')) as Record<string, unknown>;
        } catch (err) {
          throw new TileArchiveError(file, `JSON 元数据无法解析 (${(err as Error).message})`, { cause: err });
        }
      }
      return new PmtilesArchive(file, fh, size, header, root, metadata);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  info(): TileArchiveInfo {
    const h = this.header;
    const str = (k: string) => (typeof this.metadata[k] === 'string' ? (this.metadata[k] as string) : undefined);
    return {
      kind: 'pmtiles',
      name: str('name') ?? this.file.split(/[\\/]/).pop() ?? this.file,
      format: h.tileType,
      bounds: h.bounds,
      minZoom: h.minZoom,
      maxZoom: h.maxZoom,
      tileCount: h.numAddressedTiles,
      attribution: str('attribution'),
      description: str('description'),
    };
  }

  async getTile(z: number, x: number, y: number): Promise<TileData | null> {
    if (this.closed) throw new TileArchiveError(this.file, '归档已关闭 (archive is closed)');
    if (!validTileCoords(z, x, y) || z > 26) return null;
    const tileId = zxyToTileId(z, x, y);
    let dir = this.root;
    for (let depth = 0; depth < MAX_DIRECTORY_DEPTH; depth++) {
      const entry = findEntry(dir, tileId);
      if (!entry) return null;
      if (entry.runLength > 0) {
        const at = this.header.tileDataOffset + entry.offset;
        if (at + entry.length > this.size) {
          throw new TileArchiveError(this.file, `瓦片 ${z}/${x}/${y} 超出文件末尾 (truncated file?)`);
        }
        return this.tileData(await readAt(this.fh, at, entry.length));
      }
      dir = await this.leaf(entry);
    }
    throw new TileArchiveError(this.file, `叶目录嵌套过深 (leaf directories nest deeper than ${MAX_DIRECTORY_DEPTH})`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }

  private tileData(data: Uint8Array): TileData {
    const contentType = CONTENT_TYPES[this.header.tileType];
    switch (this.header.tileCompression) {
      case 'gzip':
        return { data, contentType, contentEncoding: 'gzip' };
      case 'none':
      case 'unknown':
        return { data, contentType };
      default:
        throw new TileArchiveError(this.file, `不支持的瓦片压缩 ${this.header.tileCompression} (only none/gzip)`);
    }
  }

  private async leaf(entry: DirEntry): Promise<DirEntry[]> {
    const cached = this.leaves.get(entry.offset);
    if (cached) {
      // Re-insert: Map order is the LRU order.
      this.leaves.delete(entry.offset);
      this.leaves.set(entry.offset, cached);
      return cached;
    }
    const at = this.header.leafDirectoryOffset + entry.offset;
    if (at + entry.length > this.size) throw new TileArchiveError(this.file, '叶目录超出文件末尾 (truncated file?)');
    const raw = await readAt(this.fh, at, entry.length);
    const dir = decodeOrThrow(this.file, decompress(this.file, this.header.internalCompression, raw, 'leaf directory'), 'leaf directory');
    this.leaves.set(entry.offset, dir);
    if (this.leaves.size > LEAF_CACHE_SIZE) this.leaves.delete(this.leaves.keys().next().value as number);
    return dir;
  }
}

export async function readAt(fh: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

function decompress(file: string, compression: Compression, data: Uint8Array, what: string): Uint8Array {
  if (compression === 'none' || compression === 'unknown') return data;
  if (compression !== 'gzip') {
    throw new TileArchiveError(file, `不支持的内部压缩 ${compression} (${what}; only none/gzip are supported)`);
  }
  try {
    return gunzipSync(data);
  } catch (err) {
    throw new TileArchiveError(file, `${what} 解压失败 (${(err as Error).message})`, { cause: err });
  }
}

function decodeOrThrow(file: string, data: Uint8Array, what: string): DirEntry[] {
  try {
    return decodeDirectory(data);
  } catch (err) {
    throw new TileArchiveError(file, `${what} 已损坏 (${(err as Error).message})`, { cause: err });
  }
}
