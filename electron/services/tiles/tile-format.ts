// Shared types of the tile readers, the error they throw, and content sniffing.

export type TileFormat = 'png' | 'jpg' | 'webp' | 'avif' | 'pbf' | 'unknown';

export interface TileData {
  data: Uint8Array;
  contentType: string;
  /** Set when the bytes are still compressed (gzip'd vector tiles): serve with this Content-Encoding. */
  contentEncoding?: 'gzip';
}

export interface TileArchiveInfo {
  kind: 'mbtiles' | 'pmtiles';
  name: string;
  format: TileFormat;
  /** [west, south, east, north] in WGS84 degrees, when the archive says so. */
  bounds: [number, number, number, number] | null;
  minZoom: number;
  maxZoom: number;
  /** Tiles addressed by the archive (MBTiles: rows of `tiles`; PMTiles: header's addressed tile count). */
  tileCount: number;
  attribution?: string;
  description?: string;
  /** MBTiles only: rows whose tile_data is NULL; getTile() on them throws. */
  damagedTileCount?: number;
}

export interface TileArchive {
  readonly file: string;
  info(): TileArchiveInfo;
  /** XYZ (slippy map) addressing. Returns null when the archive has no tile there. */
  getTile(z: number, x: number, y: number): Promise<TileData | null>;
  close(): Promise<void>;
}

/** Anything wrong with an archive file: always names the file and what is wrong with it. */
export class TileArchiveError extends Error {
  override readonly name = 'TileArchiveError';
  constructor(
    readonly file: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`离线瓦片文件不可用 (tile archive unusable): ${file}: ${problem}`, options);
  }
}

export const CONTENT_TYPES: Record<TileFormat, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  pbf: 'application/x-protobuf',
  unknown: 'application/octet-stream',
};

export function normaliseFormat(value: string | undefined): TileFormat {
  switch ((value ?? '').trim().toLowerCase()) {
    case 'png':
      return 'png';
    case 'jpg':
    case 'jpeg':
      return 'jpg';
    case 'webp':
      return 'webp';
    case 'avif':
      return 'avif';
    case 'pbf':
    case 'mvt':
      return 'pbf';
    default:
      return 'unknown';
  }
}

const startsWith = (data: Uint8Array, bytes: number[], at = 0) =>
  data.length >= at + bytes.length && bytes.every((b, i) => data[at + i] === b);

export const isPng = (d: Uint8Array) => startsWith(d, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const isJpeg = (d: Uint8Array) => startsWith(d, [0xff, 0xd8, 0xff]);
export const isWebp = (d: Uint8Array) => startsWith(d, [0x52, 0x49, 0x46, 0x46]) && startsWith(d, [0x57, 0x45, 0x42, 0x50], 8);
export const isGzip = (d: Uint8Array) => startsWith(d, [0x1f, 0x8b]);

/** Image tiles are typed by their bytes (metadata is often missing or wrong); the rest by the declared format. */
export function sniffTile(data: Uint8Array, declared: TileFormat): TileData {
  if (isPng(data)) return { data, contentType: CONTENT_TYPES.png };
  if (isJpeg(data)) return { data, contentType: CONTENT_TYPES.jpg };
  if (isWebp(data)) return { data, contentType: CONTENT_TYPES.webp };
  const contentType = CONTENT_TYPES[declared === 'unknown' && isGzip(data) ? 'pbf' : declared];
  return isGzip(data) ? { data, contentType, contentEncoding: 'gzip' } : { data, contentType };
}

export function formatOfTile(data: Uint8Array): TileFormat {
  if (isPng(data)) return 'png';
  if (isJpeg(data)) return 'jpg';
  if (isWebp(data)) return 'webp';
  return isGzip(data) ? 'pbf' : 'unknown';
}

/** True for a valid XYZ address (integers, 0 <= x,y < 2^z). */
export function validTileCoords(z: number, x: number, y: number): boolean {
  if (![z, x, y].every(Number.isInteger) || z < 0 || z > 30) return false;
  const n = 2 ** z;
  return x >= 0 && y >= 0 && x < n && y < n;
}
