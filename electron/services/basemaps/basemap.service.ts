import fs from 'node:fs';
import path from 'node:path';
import type { Basemap, BasemapPreset, OnlineSource } from '../../contract';
import { INPUT_LIMITS, sizeLabel } from '../../contract/input-limits';
import { AppError } from '../shared/app-error';
import { openTileArchive, type TileArchive } from '../tiles/tile-archive';
import { TileArchiveError } from '../tiles/tile-format';
import { tilePixelSize } from '../tiles/tile-size';
import { BASEMAP_PRESETS } from './basemap-presets';
import type { BasemapRepository, NewBasemap } from './basemap.repository';
import { OfflineDownloadService, type DownloadOptions } from './offline-download.service';

/** Imported archives are copied here, inside the workspace, so the workspace carries its maps. */
export const ARCHIVE_DIR = 'basemaps';

/** A file path starting with this prefix names an archive shipped in resources/tiles/. */
export const BUNDLED_PREFIX = 'bundled:';
export const BUNDLED_OFFLINE_ARCHIVE = `${BUNDLED_PREFIX}beijing-offline.mbtiles`;
/** The bundled archive's own metadata bounds (west, south, east, north): Beijing, in degrees. */
export const BUNDLED_OFFLINE_BOUNDS: [number, number, number, number] = [115.416848, 39.441454, 117.508067, 41.059225];

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
    bounds: JSON.stringify(BUNDLED_OFFLINE_BOUNDS),
    attribution: '行政区划轮廓：DataV GeoAtlas',
    isDefault: 0,
    sortOrder: 2,
  },
];

export class BasemapService {
  constructor(
    private readonly basemaps: BasemapRepository,
    private readonly resourcesDir: string,
    /** The open workspace's folder (where imported archives are kept). */
    private readonly workspaceDir?: string,
    /** Test hooks for the downloader (fetch, backoff); the app uses the defaults. */
    private readonly downloadOptions: DownloadOptions = {},
  ) {}
  private offline: OfflineDownloadService | undefined;

  ensureDefaults(): void {
    if (this.basemaps.count() === 0) this.basemaps.insertAll(DEFAULT_BASEMAPS);
  }

  list(): Basemap[] {
    const extras = this.basemaps.extras();
    return this.basemaps.list().map((row) => {
      const extra = extras.get(row.id) ?? {};
      const key = row.apiKey ?? '';
      const fill = (template: string | null | undefined) => (template ? template.replaceAll('{key}', encodeURIComponent(key)) : null);
      const needsKey = /\{key\}/.test(`${row.urlTemplate ?? ''}${extra.labelsUrlTemplate ?? ''}`);
      return {
        id: row.id,
        name: row.name,
        kind: row.kind,
        // Archives are served by GridDesk itself, on the renderer's own origin (app:// or the bridge).
        urlTemplate: row.kind === 'xyz' ? fill(row.urlTemplate) ?? '' : `tiles/${row.id}/{z}/{x}/{y}`,
        crs: row.crs,
        minZoom: row.minZoom,
        maxZoom: row.maxZoom,
        // Workspaces made before the bundled archive carried its bounds: it is Beijing, not the world.
        bounds: row.bounds ? (JSON.parse(row.bounds) as [number, number, number, number]) : row.filePath === BUNDLED_OFFLINE_ARCHIVE ? BUNDLED_OFFLINE_BOUNDS : null,
        attribution: row.attribution,
        isDefault: row.isDefault === 1,
        offline: row.kind !== 'xyz',
        labelsUrlTemplate: row.kind === 'xyz' ? fill(extra.labelsUrlTemplate) : null,
        subdomains: extra.subdomains ?? 'abc',
        tileSize: extra.tileSize ?? 256,
        missingKey: needsKey && !key,
        fileName: row.filePath ? path.basename(row.filePath.replace(BUNDLED_PREFIX, '')) : null,
      };
    });
  }

  /** "Save this area for offline" downloads of this workspace (created on first use). */
  get downloads(): OfflineDownloadService {
    if (!this.workspaceDir) throw new AppError('no_workspace', '尚未打开工作区');
    this.offline ??= new OfflineDownloadService(this.basemaps, path.join(this.workspaceDir, ARCHIVE_DIR), () => this.list(), this.downloadOptions);
    return this.offline;
  }

  /** Stops running downloads (the workspace is closing); their files stay valid. */
  async stopDownloads(): Promise<void> {
    await this.offline?.stopAll();
  }

  presets(): BasemapPreset[] {
    return BASEMAP_PRESETS;
  }

  saveOnline(source: OnlineSource): Basemap[] {
    if (source.id !== null) {
      const existing = this.basemaps.find(source.id);
      if (!existing) throw new AppError('not_found', `没有 id 为 ${source.id} 的底图`);
      if (existing.kind !== 'xyz') throw new AppError('invalid_input', `${existing.name} 是离线底图，不能改成在线地址`);
    }
    if (source.minZoom > source.maxZoom) throw new AppError('invalid_input', `最小级别 ${source.minZoom} 大于最大级别 ${source.maxZoom}`);
    this.basemaps.save(
      {
        id: source.id, name: source.name, kind: 'xyz', urlTemplate: source.urlTemplate, filePath: null, crs: source.crs,
        minZoom: source.minZoom, maxZoom: source.maxZoom, bounds: null, attribution: source.attribution, isDefault: 0,
        sortOrder: 0, apiKey: source.apiKey?.trim() || null,
      },
      { labelsUrlTemplate: source.labelsUrlTemplate, subdomains: source.subdomains },
    );
    return this.list();
  }

  remove(id: number): Basemap[] {
    const row = this.basemaps.find(id);
    if (!row) throw new AppError('not_found', `没有 id 为 ${id} 的底图`);
    this.basemaps.remove(id);
    const file = this.archiveFile(id);
    if (row.kind !== 'xyz' && file && this.workspaceDir && path.dirname(file) === path.join(this.workspaceDir, ARCHIVE_DIR)) {
      fs.rmSync(file, { force: true });
    }
    return this.list();
  }

  /**
   * Copies an archive into the workspace after reading it through: a file that is not an archive,
   * has damaged tiles or holds vector tiles (no vector renderer here) is refused with the reason.
   */
  async importArchive(input: { fileName: string; bytes: Uint8Array }): Promise<{ basemap: Basemap; tileCount: number; format: string }> {
    if (!this.workspaceDir) throw new AppError('no_workspace', '尚未打开工作区');
    const fileName = path.basename(input.fileName);
    if (input.bytes.length > INPUT_LIMITS.tileArchiveBytes) {
      throw new AppError('file_too_large', `${fileName}：离线底图有 ${sizeLabel(input.bytes.length)}，超过导入上限 ${sizeLabel(INPUT_LIMITS.tileArchiveBytes)}，请按区域或层级拆分后再导入`);
    }
    const dir = path.join(this.workspaceDir, ARCHIVE_DIR);
    fs.mkdirSync(dir, { recursive: true });
    sweepImporting(dir);
    const target = uniquePath(dir, fileName);
    const staging = `${target}.importing`;
    try {
      // Bytes only, never a path: the renderer cannot point the backend at a file of its choosing.
      fs.writeFileSync(staging, input.bytes);
    } catch (err) {
      throw new AppError('file_not_found', `${fileName}：无法读取（${(err as NodeJS.ErrnoException).code ?? String(err)}）`);
    }
    let archive: TileArchive | undefined;
    try {
      archive = await openTileArchive(staging);
      const info = archive.info();
      if (info.damagedTileCount) throw new AppError('archive_damaged', `${fileName}：离线底图已损坏，${info.damagedTileCount} 个瓦片没有数据 (tile_data 为 NULL)，无法使用。Archive damaged: ${info.damagedTileCount} tile(s) have no data.`);
      if (info.format === 'pbf') throw new AppError('archive_vector', `${fileName}：这是矢量瓦片 (MVT/PBF)，GridDesk 目前只能显示栅格离线底图 (PNG/JPEG/WebP)。Vector tiles are not supported yet.`);
      if (info.tileCount === 0) throw new AppError('archive_empty', `${fileName}：离线底图中没有瓦片`);
      const tileSize = await sampleTileSize(archive);
      await archive.close();
      archive = undefined;
      fs.renameSync(staging, target);
      const bounds = info.bounds ? JSON.stringify(info.bounds) : null;
      const id = this.basemaps.save(
        {
          id: null, name: nameOf(info.name, fileName, staging), kind: info.kind, urlTemplate: null, filePath: target,
          crs: 'wgs84', minZoom: info.minZoom, maxZoom: info.maxZoom, bounds, attribution: info.attribution ?? null,
          isDefault: 0, sortOrder: 0, apiKey: null,
        },
        { tileSize },
      );
      return { basemap: this.list().find((b) => b.id === id)!, tileCount: info.tileCount, format: info.format };
    } catch (err) {
      await archive?.close().catch(() => undefined);
      fs.rmSync(staging, { force: true });
      if (err instanceof AppError) throw err;
      if (err instanceof TileArchiveError) throw new AppError('archive_unusable', `${fileName}：${err.problem}`);
      throw err;
    }
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

/** Copies left by an import that never finished (a crash between write and rename): never a basemap. */
function sweepImporting(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.importing')) continue;
    try {
      // Not one being written right now by another import: those are seconds old.
      if (Date.now() - fs.statSync(path.join(dir, name)).mtimeMs > 10 * 60 * 1000) fs.rmSync(path.join(dir, name), { force: true });
    } catch {
      // Gone already, or open elsewhere: the next import tries again.
    }
  }
}

function uniquePath(dir: string, fileName: string): string {
  const ext = path.extname(fileName);
  const base = path.basename(fileName, ext).replace(/[^\p{L}\p{N}._-]+/gu, '_') || 'basemap';
  for (let n = 0; ; n++) {
    const candidate = path.join(dir, `${base}${n ? `-${n}` : ''}${ext || '.mbtiles'}`);
    if (!fs.existsSync(candidate)) return candidate;
  }
}

/** The pixel size of the first tile at the archive's lowest zoom that has one. */
async function sampleTileSize(archive: TileArchive): Promise<number> {
  const { minZoom, bounds } = archive.info();
  const z = minZoom;
  const n = 2 ** z;
  const [west, south, east, north] = bounds ?? [-180, -85, 180, 85];
  const col = (lng: number) => Math.min(n - 1, Math.max(0, Math.floor(((lng + 180) / 360) * n)));
  const row = (lat: number) => {
    const r = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180;
    return Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)));
  };
  for (let x = col(west); x <= col(east); x++) {
    for (let y = row(north); y <= row(south); y++) {
      const tile = await archive.getTile(z, x, y).catch(() => null);
      const size = tile ? tilePixelSize(tile.data) : null;
      if (size) return size;
    }
  }
  return 256;
}

/** The archive's own name, unless it is just the (staging) file name it was read from. */
function nameOf(declared: string, fileName: string, staging: string): string {
  const plain = fileName.replace(/\.(mbtiles|pmtiles)$/i, '');
  return !declared || declared === path.basename(staging) || declared === fileName ? plain : declared;
}
