import { z } from 'zod';
import { RegionLevel } from './common';

/** One thing the map search found: a region (by code or name) or a known address of cases. */
export const MapSearchHit = z.object({
  kind: z.enum(['region', 'address']),
  /** Region id; for an address, the lowest case id there. */
  id: z.number(),
  level: RegionLevel.nullable(),
  code: z.string().nullable(),
  name: z.string(),
  /** The parent region's name for a region; the number of cases for an address. */
  detail: z.string().nullable(),
  caseCount: z.number().nullable(),
  /** Where to zoom: a region's box [west, south, east, north] (WGS84), or an address's point. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  point: z.tuple([z.number(), z.number()]).nullable(),
});
export type MapSearchHit = z.infer<typeof MapSearchHit>;

export const searchChannels = {
  /** Finds grids/communities/streets by 15-digit code (or its prefix) or name, and case addresses containing the text. */
  'search:map': {
    input: z.object({ text: z.string().trim().min(1).max(100), limit: z.number().int().min(1).max(50).default(20) }).strict(),
    output: z.array(MapSearchHit),
  },
} as const;
