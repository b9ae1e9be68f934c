import path from 'node:path';
import type { Basemap } from '../../contract';
import type { BasemapRepository, NewBasemap } from './basemap.repository';

/** A file path starting with this prefix names an archive shipped in resources/tiles/. */
export const BUNDLED_PREFIX = 'bundled:';
export const BUNDLED_OFFLINE_ARCHIVE = `${BUNDLED_PREFIX}beijing-offline.mbtiles`;

/** What every new workspace starts with: the bundled offline archive and OpenStreetMap. */
export const DEFAULT_BASEMAPS: NewBasemap[] = [
  {
    name: 'OpenStreetMap',
    kind: 'xyz',
    urlTemplate: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    filePath: null,
    crs: 'wgs84',
    minZoom: 0,
    maxZoom: 19,
    bounds: null,
    attribution: '© OpenStreetMap contributors',
    isDefault: 1,
    sortOrder: 1,
  },
  {
    name: '北京离线底图',
    kind: 'mbtiles',
    urlTemplate: null,
    filePath: BUNDLED_OFFLINE_ARCHIVE,
    crs: 'wgs84',
    minZoom: 7,
    maxZoom: 15,
    bounds: null,
    attribution: '行政区划轮廓：DataV GeoAtlas',
    isDefault: 0,
    sortOrder: 2,
  },
];

export class BasemapService {
  constructor(
    private readonly basemaps: BasemapRepository,
    private readonly resourcesDir: string,
  ) {}

  ensureDefaults(): void {
    if (this.basemaps.count() === 0) this.basemaps.insertAll(DEFAULT_BASEMAPS);
  }

  list(): Basemap[] {
    return this.basemaps.list().map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      // Archives are served by GridDesk itself, on the renderer's own origin (app:// or the bridge).
      urlTemplate: row.kind === 'xyz' ? row.urlTemplate ?? '' : `tiles/${row.id}/{z}/{x}/{y}`,
      crs: row.crs,
      minZoom: row.minZoom,
      maxZoom: row.maxZoom,
      bounds: row.bounds ? (JSON.parse(row.bounds) as [number, number, number, number]) : null,
      attribution: row.attribution,
      isDefault: row.isDefault === 1,
      offline: row.kind !== 'xyz',
    }));
  }

  /** The archive file behind an offline basemap, if it is one. */
  archiveFile(id: number): string | undefined {
    const row = this.basemaps.find(id);
    if (!row?.filePath) return undefined;
    return row.filePath.startsWith(BUNDLED_PREFIX)
      ? path.join(this.resourcesDir, 'tiles', row.filePath.slice(BUNDLED_PREFIX.length))
      : row.filePath;
  }
}
