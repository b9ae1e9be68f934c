import { z } from 'zod';
import { NoInput, Position } from './common';
import { INPUT_LIMITS, base64Length } from './input-limits';

/** A street line (街巷) with its street-and-alley chief (街巷长). Geometry is WGS84. */
export const StreetLine = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  streetId: z.number().nullable(),
  streetName: z.string().nullable(),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('LineString'), coordinates: z.array(Position) }),
    z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(Position)) }),
  ]),
  lengthM: z.number().nullable(),
  chiefStaffId: z.number().nullable(),
  chiefName: z.string().nullable(),
});
export type StreetLine = z.infer<typeof StreetLine>;

export const StreetImportReport = z.object({
  fileName: z.string(),
  features: z.number(),
  inserted: z.number(),
  updated: z.number(),
  /** Features that are not lines, or have no name. */
  refused: z.array(z.object({ feature: z.number(), reason: z.string() })),
  /** Lines in no street of the workspace (kept, without a street). */
  withoutStreet: z.number(),
  ids: z.array(z.number()),
});
export type StreetImportReport = z.infer<typeof StreetImportReport>;

export const streetChannels = {
  /** Every street line with its street and chief. */
  'streets:list': { input: NoInput, output: z.array(StreetLine) },
  /** A street line drawn on the map; its street is the one holding its midpoint. */
  'streets:draw': {
    input: z.object({ name: z.string().min(1), line: z.array(Position).min(2), chiefStaffId: z.number().int().nullable().default(null) }).strict(),
    output: StreetLine,
  },
  /** Street lines from a GeoJSON/KML/zipped Shapefile of LineStrings; same code updates, one transaction. */
  'streets:import': {
    input: z.object({
      fileName: z.string().min(1), dataBase64: z.string().min(1).max(base64Length(Math.max(INPUT_LIMITS.boundaryTextBytes, INPUT_LIMITS.boundaryZipBytes))), nameField: z.string().min(1),
      codeField: z.string().nullable().default(null), crs: z.string().nullable().default(null),
    }).strict(),
    output: StreetImportReport,
  },
  /** Makes a staff member the line's chief (ends the previous chief's duty); null leaves it without one. */
  'streets:assignChief': {
    input: z.object({ streetLineId: z.number().int(), staffId: z.number().int().nullable() }).strict(),
    output: StreetLine,
  },
} as const;
