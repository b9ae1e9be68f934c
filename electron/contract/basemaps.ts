import { z } from 'zod';
import { Crs, NoInput } from './common';
import { INPUT_LIMITS, base64Length } from './input-limits';

export const Basemap = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['xyz', 'mbtiles', 'pmtiles']),
  /** For xyz sources the remote template; for archives the tile URL GridDesk serves ({z}/{x}/{y}). */
  urlTemplate: z.string(),
  crs: Crs,
  minZoom: z.number(),
  maxZoom: z.number(),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  attribution: z.string().nullable(),
  isDefault: z.boolean(),
  offline: z.boolean(),
  /** A second layer drawn over the base (Tianditu's annotation layer), same system; null if none. */
  labelsUrlTemplate: z.string().nullable().default(null),
  /** Values for {s} in the templates (e.g. "1234" for AMap, "01234567" for Tianditu). */
  subdomains: z.string().default('abc'),
  /** Tile edge in pixels (512 for some archives). */
  tileSize: z.number().default(256),
  /** The source needs a user key ({key} in its templates) and none is set yet. */
  missingKey: z.boolean().default(false),
  /** Archives: the file's name, for the settings list. */
  fileName: z.string().nullable().default(null),
});
export type Basemap = z.infer<typeof Basemap>;

/** An online XYZ source as the settings dialog edits it. `{key}` in a template is replaced by `apiKey`. */
export const OnlineSource = z.object({
  id: z.number().int().nullable().default(null),
  name: z.string().trim().min(1),
  urlTemplate: z.string().regex(/^https?:\/\/.*\{z\}.*/, 'URL must be http(s) with {z}, {x}, {y}'),
  labelsUrlTemplate: z.string().nullable().default(null),
  subdomains: z.string().default('abc'),
  crs: Crs,
  minZoom: z.number().int().min(0).max(22).default(0),
  maxZoom: z.number().int().min(0).max(22).default(18),
  attribution: z.string().nullable().default(null),
  apiKey: z.string().nullable().default(null),
});
export type OnlineSource = z.infer<typeof OnlineSource>;

/** A ready-made source: OpenStreetMap, Tianditu vector + annotation (needs a key), AMap (GCJ-02). */
export const BasemapPreset = OnlineSource.omit({ id: true, apiKey: true }).extend({ key: z.string(), needsKey: z.boolean() });
export type BasemapPreset = z.infer<typeof BasemapPreset>;

/** [west, south, east, north] in the source's own system (GCJ-02 for AMap). */
const Box = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)])
  .refine(([w, s, e, n]) => w < e && s < n, 'west < east and south < north');

/** An area of an online source to save for offline use, and how politely to fetch it. */
export const OfflineArea = z.object({
  sourceId: z.number().int(),
  bounds: Box,
  minZoom: z.number().int().min(0).max(20),
  maxZoom: z.number().int().min(0).max(20),
  /** The offline basemap's name; defaults to "<source> 离线 <date>". */
  name: z.string().trim().max(80).nullable().default(null),
  /** Requests per second (retries included); tile servers ask for a few at most. */
  ratePerSecond: z.number().min(0.2).max(8).default(4),
  /** Tries per tile (5xx, 429, network errors) before it is given up and reported. */
  maxTries: z.number().int().min(1).max(10).default(4),
});
export type OfflineArea = z.infer<typeof OfflineArea>;

export const OfflineEstimate = z.object({
  tiles: z.number(),
  perZoom: z.array(z.object({ z: z.number(), tiles: z.number() })),
  estimatedBytes: z.number(),
  limit: z.number(),
  /** Why this area cannot be downloaded (too many tiles, zoom outside the source's range); null if it can. */
  message: z.string().nullable(),
});
export type OfflineEstimate = z.infer<typeof OfflineEstimate>;

export const OfflineJob = z.object({
  jobId: z.string(),
  name: z.string(),
  sourceId: z.number(),
  crs: Crs,
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  minZoom: z.number(),
  maxZoom: z.number(),
  state: z.enum(['running', 'cancelled', 'done', 'failed']),
  total: z.number(),
  /** Tiles in the file (fetched now or kept from before a resume). */
  stored: z.number(),
  /** Of those, kept from an earlier run (not fetched again). */
  skipped: z.number(),
  /** The source had nothing there (404). */
  missing: z.number(),
  /** Given up after all tries. */
  failed: z.number(),
  failedTiles: z.array(z.object({ z: z.number(), x: z.number(), y: z.number(), reason: z.string() })),
  bytes: z.number(),
  requests: z.number(),
  ratePerSecond: z.number(),
  /** The offline basemap made from it, once done. */
  basemapId: z.number().nullable(),
  fileName: z.string(),
  message: z.string().nullable(),
});
export type OfflineJob = z.infer<typeof OfflineJob>;
const JobId = z.object({ jobId: z.string().min(1) }).strict();

export const basemapChannels = {
  /** Configured basemaps, offline archives included, in display order. */
  'basemaps:list': { input: NoInput, output: z.array(Basemap) },
  /** The online sources GridDesk knows how to configure. */
  'basemaps:presets': { input: NoInput, output: z.array(BasemapPreset) },
  /** Adds (id null) or updates an online source; answers the new list. */
  'basemaps:saveOnline': { input: OnlineSource, output: z.array(Basemap) },
  /** Removes a basemap (an imported archive's copy in the workspace is deleted too). */
  'basemaps:remove': { input: z.object({ id: z.number().int() }).strict(), output: z.array(Basemap) },
  /**
   * Imports an MBTiles/PMTiles archive (raster) into the workspace, as bytes the user picked
   * (file input in the renderer, file read by the CLI). No path: a renderer must not be able to
   * make the backend read a file it names. Refuses damaged or vector archives with a message naming the file.
   */
  'basemaps:importArchive': {
    input: z.object({ fileName: z.string().min(1), dataBase64: z.string().min(1).max(base64Length(INPUT_LIMITS.tileArchiveBytes)) }).strict(),
    output: z.object({ basemap: Basemap, tileCount: z.number(), format: z.string() }),
  },
  /** Tiles and estimated size of an area before downloading it; `message` says why it cannot be (too many tiles). */
  'basemaps:offlineEstimate': { input: OfflineArea, output: OfflineEstimate },
  /** Starts downloading an area of an online source into an MBTiles file in the workspace; poll basemaps:offlineJobs. */
  'basemaps:offlineStart': { input: OfflineArea, output: OfflineJob },
  /** Downloads in progress, cancelled (resumable) and finished in this session, newest first. */
  'basemaps:offlineJobs': { input: NoInput, output: z.array(OfflineJob) },
  /** Stops a download; the file keeps every tile fetched so far and stays a valid archive. */
  'basemaps:offlineCancel': { input: JobId, output: OfflineJob },
  /** Continues a cancelled download, skipping tiles already stored. */
  'basemaps:offlineResume': { input: JobId, output: OfflineJob },
} as const;
