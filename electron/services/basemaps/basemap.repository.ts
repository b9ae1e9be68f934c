import type { Crs } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';

export interface BasemapRow {
  id: number;
  name: string;
  kind: 'xyz' | 'mbtiles' | 'pmtiles';
  urlTemplate: string | null;
  filePath: string | null;
  crs: Crs;
  minZoom: number;
  maxZoom: number;
  bounds: string | null;
  attribution: string | null;
  isDefault: number;
}

export type NewBasemap = Omit<BasemapRow, 'id'> & { sortOrder: number };

export class BasemapRepository {
  constructor(private readonly db: DurableDatabase) {}

  list(): BasemapRow[] {
    return this.db.all<BasemapRow>(
      `SELECT id, name, kind, url_template AS "urlTemplate", file_path AS "filePath", crs, min_zoom AS "minZoom",
              max_zoom AS "maxZoom", bounds, attribution, is_default AS "isDefault"
       FROM basemaps ORDER BY sort_order, id`,
    );
  }

  find(id: number): BasemapRow | undefined {
    return this.list().find((row) => row.id === id);
  }

  count(): number {
    return this.db.get<{ n: number }>('SELECT count(*) AS n FROM basemaps')!.n;
  }

  insertAll(rows: NewBasemap[]): void {
    this.db.transaction((tx) => {
      for (const row of rows) {
        tx.run(
          `INSERT INTO basemaps (name, kind, url_template, file_path, crs, min_zoom, max_zoom, bounds, attribution,
                                 is_default, sort_order)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [row.name, row.kind, row.urlTemplate, row.filePath, row.crs, row.minZoom, row.maxZoom, row.bounds,
            row.attribution, row.isDefault, row.sortOrder],
        );
      }
    });
  }
}
