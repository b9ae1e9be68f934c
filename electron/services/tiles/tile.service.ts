// Serves tiles of offline basemaps to the renderer. Reads local archives only: no network, ever.
import { TileArchiveCache } from './tile-archive';
import { TileArchiveError, validTileCoords, type TileArchiveInfo } from './tile-format';

/** Basemap ids: the basemaps table's numeric id in the app (the default); strings work too (TileService<string>). */
export type BasemapId = string | number;
export type BasemapResolver<Id extends BasemapId = BasemapId> = (basemapId: Id) => string | undefined;

export const OUT_OF_ZOOM_RANGE_MESSAGE = '超出离线底图缩放范围';

export type TileResponse =
  | { status: 200; data: Uint8Array; contentType: string; contentEncoding?: 'gzip' }
  /** No tile here: an empty answer the map shows as blank, not an error. */
  | { status: 204; outOfZoomRange?: { minZoom: number; maxZoom: number; message: string } }
  | { status: 404; message: string };
/** Alias kept for callers that speak of "answers". */
export type TileAnswer = TileResponse;

export type BasemapInfoResponse = { ok: true; info: TileArchiveInfo } | { ok: false; message: string };

export class TileService<Id extends BasemapId = number> {
  private readonly cache: TileArchiveCache;

  constructor(
    private readonly resolve: BasemapResolver<Id>,
    options: { cache?: TileArchiveCache } = {},
  ) {
    this.cache = options.cache ?? new TileArchiveCache();
  }

  async getTile(basemapId: Id, z: number, x: number, y: number): Promise<TileResponse> {
    if (![z, x, y].every(Number.isInteger)) {
      return { status: 404, message: `无效的瓦片坐标 ${z}/${x}/${y}` };
    }
    const opened = await this.archiveOf(basemapId);
    if (!opened.ok) return { status: 404, message: opened.message };
    const { archive } = opened;
    const { minZoom, maxZoom } = archive.info();
    if (z < minZoom || z > maxZoom) {
      return { status: 204, outOfZoomRange: { minZoom, maxZoom, message: OUT_OF_ZOOM_RANGE_MESSAGE } };
    }
    // Off the edge of the world (e.g. wrapped x): nothing to show, nothing wrong.
    if (!validTileCoords(z, x, y)) return { status: 204 };
    try {
      const tile = await archive.getTile(z, x, y);
      if (!tile) return { status: 204 };
      return tile.contentEncoding
        ? { status: 200, data: tile.data, contentType: tile.contentType, contentEncoding: tile.contentEncoding }
        : { status: 200, data: tile.data, contentType: tile.contentType };
    } catch (err) {
      return { status: 404, message: messageOf(err) };
    }
  }

  async info(basemapId: Id): Promise<BasemapInfoResponse> {
    const opened = await this.archiveOf(basemapId);
    return opened.ok ? { ok: true, info: opened.archive.info() } : opened;
  }

  close(): Promise<void> {
    return this.cache.closeAll();
  }

  private async archiveOf(basemapId: Id) {
    const file = this.resolve(basemapId);
    if (!file) return { ok: false as const, message: `未知的离线底图：${basemapId}` };
    try {
      return { ok: true as const, archive: await this.cache.get(file) };
    } catch (err) {
      return { ok: false as const, message: messageOf(err) };
    }
  }
}

function messageOf(err: unknown): string {
  if (err instanceof TileArchiveError) return err.message;
  return `读取离线底图失败：${err instanceof Error ? err.message : String(err)}`;
}
