import L from 'leaflet';
import type { Basemap } from '@contract/basemaps';
import { gcjToWgs } from './display-crs';

export interface BasemapLayerOptions {
  /** Failed tiles, with none loaded, after which the source counts as unreachable. */
  failureThreshold?: number;
  /** Time after which a source that has loaded nothing counts as unreachable. */
  failureTimeoutMs?: number;
  /** The map's deepest zoom; archives are upscaled past their own maximum. */
  maxZoom?: number;
  /** Draw this template instead of the basemap's own (its annotation layer). */
  urlTemplate?: string;
}

/**
 * One entry of basemaps:list as a tile layer. Online templates are absolute https URLs; offline
 * archives come as relative `tiles/{id}/{z}/{x}/{y}` URLs served by GridDesk on the page's origin.
 * Fires `sourcefailed` once when the source looks unreachable (no internet, archive missing), so
 * the map can fall back to another source.
 */
export class BasemapLayer extends L.TileLayer {
  private loaded = 0;
  private failed = 0;
  private reported = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly threshold: number;
  private readonly timeoutMs: number;

  constructor(
    readonly basemap: Basemap,
    options: BasemapLayerOptions = {},
  ) {
    // 512 px tiles cover what four 256 px tiles do: request one zoom level lower (zoomOffset -1).
    const big = basemap.tileSize >= 512;
    super(options.urlTemplate ?? basemap.urlTemplate, {
      minZoom: 0,
      maxZoom: options.maxZoom ?? 19,
      minNativeZoom: basemap.minZoom + (big ? 1 : 0),
      maxNativeZoom: basemap.maxZoom + (big ? 1 : 0),
      tileSize: big ? 512 : 256,
      zoomOffset: big ? -1 : 0,
      subdomains: basemap.subdomains || 'abc',
      attribution: options.urlTemplate ? undefined : basemap.attribution ?? undefined,
      bounds: basemap.bounds ? boundsOnMap(basemap) : undefined,
      className: `gd-basemap gd-basemap--${basemap.offline ? 'offline' : 'online'}${options.urlTemplate ? ' gd-basemap--labels' : ''}`,
    });
    this.threshold = options.failureThreshold ?? 4;
    this.timeoutMs = options.failureTimeoutMs ?? 10_000;
  }

  override onAdd(map: L.Map): this {
    super.onAdd(map);
    this.on('tileload', this.onTileLoad, this);
    this.on('tileerror', this.onTileError, this);
    this.timer = setTimeout(() => this.check(true), this.timeoutMs);
    return this;
  }

  override onRemove(map: L.Map): this {
    this.off('tileload', this.onTileLoad, this);
    this.off('tileerror', this.onTileError, this);
    clearTimeout(this.timer);
    super.onRemove(map);
    return this;
  }

  private onTileLoad(): void {
    this.loaded++;
    clearTimeout(this.timer);
  }

  private onTileError(): void {
    this.failed++;
    this.check(false);
  }

  private check(timedOut: boolean): void {
    if (this.reported || this.loaded > 0) return;
    if (this.failed >= this.threshold || (timedOut && this.failed > 0) || (timedOut && !this.basemap.offline)) {
      this.reported = true;
      this.fire('sourcefailed', { basemap: this.basemap, failed: this.failed });
    }
  }
}

/**
 * An archive's bounds as map coordinates. Map coordinates are WGS84 (the GCJ-02 CRS shifts them
 * when projecting), while a GCJ-02 archive (saved from AMap) records its bounds in GCJ-02.
 */
function boundsOnMap(basemap: Basemap): L.LatLngBounds {
  const [w, s, e, n] = basemap.bounds!;
  if (basemap.crs !== 'gcj02') return L.latLngBounds([s, w], [n, e]);
  const [w2, s2] = gcjToWgs(w, s);
  const [e2, n2] = gcjToWgs(e, n);
  return L.latLngBounds([s2, w2], [n2, e2]);
}
