// PMTiles v3 on-disk format: header, varint directories, Hilbert tile ids.
// Spec: https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md (header 127 bytes, root
// directory, leaf directories, run lengths).
import { TileArchiveError, type TileFormat } from './tile-format';

export const PMTILES_MAGIC = 'PMTiles';
export const HEADER_BYTES = 127;

const COMPRESSION = ['unknown', 'none', 'gzip', 'brotli', 'zstd'] as const;
export type Compression = (typeof COMPRESSION)[number];
const TILE_TYPES: TileFormat[] = ['unknown', 'pbf', 'png', 'jpg', 'webp', 'avif'];

export interface PmtilesHeader {
  specVersion: number;
  rootDirectoryOffset: number;
  rootDirectoryLength: number;
  jsonMetadataOffset: number;
  jsonMetadataLength: number;
  leafDirectoryOffset: number;
  leafDirectoryLength: number;
  tileDataOffset: number;
  tileDataLength: number;
  numAddressedTiles: number;
  numTileEntries: number;
  numTileContents: number;
  clustered: boolean;
  internalCompression: Compression;
  tileCompression: Compression;
  tileType: TileFormat;
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
  center: [number, number, number];
}

export interface DirEntry {
  tileId: number;
  offset: number;
  length: number;
  /** 0 means the entry points at a leaf directory instead of tile data. */
  runLength: number;
}

/** Number of tiles on all zoom levels below z: (4^z - 1) / 3. Exact in doubles up to z = 26. */
function tilesBelow(z: number): number {
  return (4 ** z - 1) / 3;
}

/** Tile id of z/x/y: tiles of lower zooms first, then the position on the zoom's Hilbert curve. */
export function zxyToTileId(z: number, x: number, y: number): number {
  if (z > 26) throw new RangeError(`zoom ${z} is beyond the PMTiles tile id range (26)`);
  let tx = x;
  let ty = y;
  let d = 0;
  for (let s = 2 ** z / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // Rotate the quadrant so the curve stays continuous.
    if (ry === 0) {
      if (rx === 1) {
        tx = s - 1 - tx;
        ty = s - 1 - ty;
      }
      [tx, ty] = [ty, tx];
    }
  }
  return tilesBelow(z) + d;
}

/** Unsigned LEB128 varint; doubles keep it exact up to 2^53, far beyond any real archive. */
class VarintReader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  next(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('directory ends inside a varint');
      const byte = this.buf[this.pos++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
      if (scale > 2 ** 56) throw new Error('varint longer than 64 bits');
    }
  }
}

export function decodeDirectory(buf: Uint8Array): DirEntry[] {
  const r = new VarintReader(buf);
  const n = r.next();
  if (n > buf.length) throw new Error(`directory claims ${n} entries in ${buf.length} bytes`);
  const entries: DirEntry[] = [];
  let lastId = 0;
  for (let i = 0; i < n; i++) {
    lastId += r.next();
    entries.push({ tileId: lastId, offset: 0, length: 0, runLength: 0 });
  }
  for (const e of entries) e.runLength = r.next();
  for (const e of entries) e.length = r.next();
  for (let i = 0; i < n; i++) {
    const v = r.next();
    // 0 means "right after the previous entry" (clustered archives); otherwise offset + 1.
    entries[i].offset = v === 0 && i > 0 ? entries[i - 1].offset + entries[i - 1].length : v - 1;
  }
  return entries;
}

/** Entry holding tileId: a tile run containing it, or the leaf directory covering it. */
export function findEntry(entries: DirEntry[], tileId: number): DirEntry | undefined {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const diff = tileId - entries[mid].tileId;
    if (diff > 0) lo = mid + 1;
    else if (diff < 0) hi = mid - 1;
    else return entries[mid];
  }
  // hi is now the last entry starting before tileId.
  if (hi < 0) return undefined;
  const e = entries[hi];
  if (e.runLength === 0) return e;
  return tileId - e.tileId < e.runLength ? e : undefined;
}

export function parseHeader(file: string, buf: Uint8Array): PmtilesHeader {
  if (buf.length < HEADER_BYTES || Buffer.from(buf.subarray(0, 7)).toString('latin1') !== PMTILES_MAGIC) {
    throw new TileArchiveError(file, '不是 PMTiles 文件 (no "PMTiles" magic in the first 7 bytes)');
  }
  const v = new DataView(buf.buffer, buf.byteOffset, HEADER_BYTES);
  const u64 = (at: number) => Number(v.getBigUint64(at, true));
  const e7 = (at: number) => v.getInt32(at, true) / 1e7;
  const compression = (at: number): Compression => COMPRESSION[v.getUint8(at)] ?? 'unknown';
  const specVersion = v.getUint8(7);
  if (specVersion !== 3) {
    throw new TileArchiveError(file, `不支持的 PMTiles 版本 ${specVersion} (only v3 is supported; convert with "pmtiles convert")`);
  }
  return {
    specVersion,
    rootDirectoryOffset: u64(8),
    rootDirectoryLength: u64(16),
    jsonMetadataOffset: u64(24),
    jsonMetadataLength: u64(32),
    leafDirectoryOffset: u64(40),
    leafDirectoryLength: u64(48),
    tileDataOffset: u64(56),
    tileDataLength: u64(64),
    numAddressedTiles: u64(72),
    numTileEntries: u64(80),
    numTileContents: u64(88),
    clustered: v.getUint8(96) === 1,
    internalCompression: compression(97),
    tileCompression: compression(98),
    tileType: TILE_TYPES[v.getUint8(99)] ?? 'unknown',
    minZoom: v.getUint8(100),
    maxZoom: v.getUint8(101),
    bounds: [e7(102), e7(106), e7(110), e7(114)],
    center: [e7(119), e7(123), v.getUint8(118)],
  };
}
