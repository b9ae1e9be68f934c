import { z } from 'zod';
import { Crs, NoInput } from './common';

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

export const basemapChannels = {
  /** Configured basemaps, offline archives included, in display order. */
  'basemaps:list': { input: NoInput, output: z.array(Basemap) },
  /** The online sources GridDesk knows how to configure. */
  'basemaps:presets': { input: NoInput, output: z.array(BasemapPreset) },
  /** Adds (id null) or updates an online source; answers the new list. */
  'basemaps:saveOnline': { input: OnlineSource, output: z.array(Basemap) },
  /** Removes a basemap (an imported archive's copy in the workspace is deleted too). */
  'basemaps:remove': { input: z.object({ id: z.number().int() }).strict(), output: z.array(Basemap) },
  /** Imports an MBTiles/PMTiles archive (raster) into the workspace: bytes from the renderer, or a local path (CLI/main). Refuses damaged or vector archives with a message naming the file. */
  'basemaps:importArchive': {
    input: z.union([
      z.object({ fileName: z.string().min(1), dataBase64: z.string().min(1) }).strict(),
      z.object({ filePath: z.string().min(1) }).strict(),
    ]),
    output: z.object({ basemap: Basemap, tileCount: z.number(), format: z.string() }),
  },
} as const;
