import { z } from 'zod';

/** Milliseconds since the Unix epoch (UTC). The UI shows times in Asia/Shanghai. */
export const Timestamp = z.number().int();

export const RegionLevel = z.enum(['district', 'street', 'community', 'grid']);
export type RegionLevel = z.infer<typeof RegionLevel>;

/** Coordinate systems (DOMAIN.md, maps in China). Stored coordinates are always WGS84. */
export const Crs = z.enum(['wgs84', 'gcj02', 'bd09', 'cgcs2000']);
export type Crs = z.infer<typeof Crs>;

export const Position = z.tuple([z.number(), z.number()]);
/** A GeoJSON geometry in WGS84 (lng, lat). Only the kinds GridDesk stores. */
export const Geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) }),
  z.object({ type: z.literal('LineString'), coordinates: z.array(Position) }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(Position)) }),
  z.object({ type: z.literal('Point'), coordinates: Position }),
]);
export type Geometry = z.infer<typeof Geometry>;

export const BBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type BBox = z.infer<typeof BBox>;

export const NoInput = z.object({}).strict();

/** Every call answers with this envelope, over IPC and over the HTTP bridge alike. */
export interface ApiErrorBody {
  /** Stable machine code, e.g. 'workspace_locked', 'invalid_input', 'not_found'. */
  code: string;
  message: string;
  details?: unknown;
}
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };
