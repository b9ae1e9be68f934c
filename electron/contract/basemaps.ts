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
});
export type Basemap = z.infer<typeof Basemap>;

export const basemapChannels = {
  /** Configured basemaps, offline archives included, in display order. */
  'basemaps:list': { input: NoInput, output: z.array(Basemap) },
} as const;
