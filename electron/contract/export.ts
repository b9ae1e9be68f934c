import { z } from 'zod';
import { CaseFilter } from './cases';
import { RegionLevel } from './common';
import { ExportedFile } from './import';

export const exportChannels = {
  /**
   * The cases matching a filter as .xlsx, CSV (UTF-8 with BOM, or GBK) or GeoJSON points. Names and
   * phones are masked unless `unmask` is asked for and the caller's role may see them; text that
   * starts like a formula (= + - @) is neutralised.
   */
  'export:cases': {
    input: z
      .object({
        filter: CaseFilter.default({}),
        format: z.enum(['xlsx', 'csv', 'geojson']),
        encoding: z.enum(['utf-8-bom', 'gbk']).default('utf-8-bom'),
        unmask: z.boolean().default(false),
        /** Why personal data leave unmasked: required with `unmask`, written to the access log. */
        reason: z.string().trim().max(200).optional(),
      })
      .strict(),
    output: ExportedFile.extend({ rows: z.number(), masked: z.boolean() }),
  },
  /**
   * One page of the case export's table (the same columns, Chinese headers, masked as export:cases
   * masks by default), for writers that stream any number of cases to a file page by page (the CLI).
   */
  'export:case-rows': {
    input: z.object({ filter: CaseFilter.default({}), offset: z.number().int().min(0), limit: z.number().int().min(1).max(5000) }).strict(),
    output: z.object({
      total: z.number(),
      columns: z.array(z.object({ header: z.string(), width: z.number(), date: z.boolean() })),
      /** Dates as epoch ms (columns with date: true); text as stored, masked where personal. */
      rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
      /** Each row's WGS84 point, or null when the case has none. */
      points: z.array(z.tuple([z.number(), z.number()]).nullable()),
      masked: z.boolean(),
    }),
  },
  /** Region outlines of one level (grids by default) as GeoJSON or KML. */
  'export:grids': {
    input: z.object({ format: z.enum(['geojson', 'kml']), level: RegionLevel.default('grid') }).strict(),
    output: ExportedFile.extend({ rows: z.number(), masked: z.boolean() }),
  },
} as const;
