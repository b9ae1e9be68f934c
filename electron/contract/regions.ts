import { z } from 'zod';
import { Geometry, RegionLevel } from './common';

export const RegionNode = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  level: RegionLevel,
  code: z.string(),
  name: z.string(),
  households: z.number().nullable(),
  centroid: z.tuple([z.number(), z.number()]).nullable(),
});
export type RegionNode = z.infer<typeof RegionNode>;

export const RegionShape = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  level: RegionLevel,
  code: z.string(),
  name: z.string(),
  geometry: Geometry,
});
export type RegionShape = z.infer<typeof RegionShape>;

export const regionChannels = {
  /** The whole region tree without geometry, parents before children. */
  'regions:tree': { input: z.object({}).strict(), output: z.array(RegionNode) },
  /** Outlines of every region of one level (WGS84). */
  'regions:shapes': { input: z.object({ level: RegionLevel }).strict(), output: z.array(RegionShape) },
} as const;
