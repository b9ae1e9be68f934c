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
      })
      .strict(),
    output: ExportedFile.extend({ rows: z.number(), masked: z.boolean() }),
  },
  /** Region outlines of one level (grids by default) as GeoJSON or KML. */
  'export:grids': {
    input: z.object({ format: z.enum(['geojson', 'kml']), level: RegionLevel.default('grid') }).strict(),
    output: ExportedFile.extend({ rows: z.number(), masked: z.boolean() }),
  },
} as const;
