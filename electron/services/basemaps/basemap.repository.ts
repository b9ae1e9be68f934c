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
  apiKey?: string | null;
}

/** What the basemaps table has no column for, kept in `settings` under basemap.extra.<id>. */
export interface BasemapExtra {
  labelsUrlTemplate?: string | null;
  subdomains?: string;
  tileSize?: number;
}

export type NewBasemap = Omit<BasemapRow, 'id'> & { sortOrder: number };

export class BasemapRepository {
  constructor(private readonly db: DurableDatabase) {}

  list(): BasemapRow[] {
    return this.db.all<BasemapRow>(
      `SELECT id, name, kind, url_template AS "urlTemplate", file_path AS "filePath", crs, min_zoom AS "minZoom",
              max_zoom AS "maxZoom", bounds, attribution, is_default AS "isDefault",
              api_key AS "apiKey"
       FROM basemaps ORDER BY sort_order, id`,
    );
  }

  find(id: number): BasemapRow | undefined {
    return this.list().find((row) => row.id === id);
  }

  /** False once the workspace is closed (a running download then stops, resumable). */
  isOpen(): boolean {
    try {
      this.db.get('SELECT 1 AS one');
      return true;
    } catch {
      return false;
    }
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

  /** Inserts or updates one row and its extras in one transaction; answers its id. */
  save(row: NewBasemap & { id: number | null; apiKey: string | null }, extra: BasemapExtra): number {
    return this.db.transaction((tx) => {
      const values = [row.name, row.kind, row.urlTemplate, row.filePath, row.crs, row.minZoom, row.maxZoom, row.bounds,
        row.attribution, row.apiKey];
      let id = row.id;
      if (id === null) {
        const order = this.db.get<{ n: number }>('SELECT coalesce(max(sort_order), 0) + 1 AS n FROM basemaps')!.n;
        id = tx.insert(
          `INSERT INTO basemaps (name, kind, url_template, file_path, crs, min_zoom, max_zoom, bounds, attribution, api_key,
                                 is_default, sort_order)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
          [...values, order],
        );
      } else {
        tx.run(
          `UPDATE basemaps SET name = ?, kind = ?, url_template = ?, file_path = ?, crs = ?, min_zoom = ?, max_zoom = ?,
                               bounds = ?, attribution = ?, api_key = ? WHERE id = ?`,
          [...values, id],
        );
      }
      tx.run('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', [`basemap.extra.${id}`, JSON.stringify(extra)]);
      return id;
    });
  }

  remove(id: number): void {
    this.db.transaction((tx) => {
      tx.run('DELETE FROM basemaps WHERE id = ?', [id]);
      tx.run('DELETE FROM settings WHERE key = ?', [`basemap.extra.${id}`]);
    });
  }

  extras(): Map<number, BasemapExtra> {
    const rows = this.db.all<{ key: string; value: string }>("SELECT key, value FROM settings WHERE key LIKE 'basemap.extra.%'");
    return new Map(rows.map((r) => [Number(r.key.slice('basemap.extra.'.length)), JSON.parse(r.value) as BasemapExtra]));
  }
}
