import L from 'leaflet';

/** [id, lng, lat, status index] as cases:points returns them. */
export type PointTuple = [number, number, number, number];

export interface CasePointsOptions extends L.LayerOptions {
  /** Fill colour per status index. */
  colors: readonly string[];
  /** Status indexes in the order they are painted (last on top). */
  drawOrder: readonly number[];
  /** Extra canvas around the view, as a share of its size, so short pans show no empty edge. */
  padding?: number;
}

interface LeafletMapInternals {
  _getNewPixelOrigin(center: L.LatLng, zoom: number): L.Point;
}

/** Dot radius in CSS pixels by zoom: small dots at district scale, bigger close up. */
export function radiusAt(zoom: number): number {
  if (zoom < 12.5) return 1.3;
  if (zoom < 13.5) return 1.8;
  if (zoom < 14.5) return 2.6;
  if (zoom < 15.5) return 3.4;
  return 4.2;
}

/**
 * Tens of thousands of case locations on one canvas. Points are projected once (zoom-0 pixels)
 * and scaled per zoom, painted in one path per status, and hit-tested on click without any
 * per-point Leaflet layer. The zoom animation scales the canvas like Leaflet's own renderers.
 */
export class CasePointsLayer extends L.Layer {
  declare options: CasePointsOptions;
  private canvas: HTMLCanvasElement | undefined;
  private ids = new Float64Array(0);
  private lngs = new Float64Array(0);
  private lats = new Float64Array(0);
  /** The CRS px/py were projected with: the map's, which changes with the basemap (GCJ-02). */
  private projectedWith: L.CRS | undefined;
  private px = new Float64Array(0);
  private py = new Float64Array(0);
  private byStatus: Int32Array[] = [];
  private center: L.LatLng | undefined;
  private zoom = 0;
  private frame = 0;

  constructor(options: CasePointsOptions) {
    super(options);
    L.Util.setOptions(this, { padding: 0.2, ...options });
  }

  private points: readonly PointTuple[] = [];

  /** Changes what the 4th value of a point means (status or due state): its colours and paint order. */
  setPalette(colors: readonly string[], drawOrder: readonly number[]): this {
    L.Util.setOptions(this, { colors, drawOrder });
    return this.setPoints(this.points);
  }

  /** Replaces every point. */
  setPoints(points: readonly PointTuple[]): this {
    this.points = points;
    const n = points.length;
    this.ids = new Float64Array(n);
    this.lngs = new Float64Array(n);
    this.lats = new Float64Array(n);
    const buckets: number[][] = this.options.colors.map(() => []);
    for (let i = 0; i < n; i++) {
      const [id, lng, lat, status] = points[i]!;
      this.ids[i] = id;
      this.lngs[i] = lng;
      this.lats[i] = lat;
      (buckets[status] ?? buckets[0]!).push(i);
    }
    this.byStatus = buckets.map((bucket) => Int32Array.from(bucket));
    this.projectedWith = undefined;
    this.scheduleRedraw();
    return this;
  }

  /** Zoom-0 pixels in the map's CRS; redone only when the points or the CRS change. */
  private project(crs: L.CRS): void {
    if (this.projectedWith === crs && this.px.length === this.ids.length) return;
    const n = this.ids.length;
    this.px = new Float64Array(n);
    this.py = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = crs.latLngToPoint(L.latLng(this.lats[i]!, this.lngs[i]!), 0);
      this.px[i] = p.x;
      this.py[i] = p.y;
    }
    this.projectedWith = crs;
  }

  get count(): number {
    return this.ids.length;
  }

  /** The id of the point nearest a container point within `tolerance` CSS pixels, if any. */
  pointAt(containerPoint: L.Point, tolerance = 6): number | null {
    const map = this._map as L.Map | undefined;
    if (!map || this.px.length !== this.ids.length) return null;
    const scale = 2 ** map.getZoom();
    const topLeft = map.getPixelBounds().min!;
    const x0 = containerPoint.x + topLeft.x;
    const y0 = containerPoint.y + topLeft.y;
    let best = -1;
    let bestDistance = tolerance * tolerance;
    for (let i = 0; i < this.px.length; i++) {
      const dx = this.px[i]! * scale - x0;
      const dy = this.py[i]! * scale - y0;
      const d = dx * dx + dy * dy;
      if (d <= bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best < 0 ? null : this.ids[best]!;
  }

  override onAdd(map: L.Map): this {
    const canvas = L.DomUtil.create('canvas', 'gd-case-points leaflet-zoom-animated');
    canvas.style.pointerEvents = 'none';
    this.canvas = canvas;
    this.getPane()!.appendChild(canvas);
    map.on('moveend', this.reset, this);
    map.on('zoomanim', this.animateZoom, this);
    map.on('resize', this.reset, this);
    map.on('viewreset', this.reset, this);
    this.reset();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend', this.reset, this);
    map.off('zoomanim', this.animateZoom, this);
    map.off('resize', this.reset, this);
    map.off('viewreset', this.reset, this);
    cancelAnimationFrame(this.frame);
    this.canvas?.remove();
    this.canvas = undefined;
    return this;
  }

  private animateZoom(event: L.ZoomAnimEvent): void {
    const map = this._map as L.Map;
    if (!this.canvas || !this.center) return;
    const scale = map.getZoomScale(event.zoom, this.zoom);
    const padded = map.getSize().multiplyBy(0.5 + (this.options.padding ?? 0));
    const offset = padded
      .multiplyBy(-scale)
      .add(map.project(this.center, event.zoom))
      .subtract((map as unknown as LeafletMapInternals)._getNewPixelOrigin(event.center, event.zoom));
    L.DomUtil.setTransform(this.canvas, offset, scale);
  }

  private reset(): void {
    const map = this._map as L.Map | undefined;
    if (!map || !this.canvas) return;
    this.project(map.options.crs ?? L.CRS.EPSG3857);
    const size = map.getSize();
    const pad = size.multiplyBy(this.options.padding ?? 0).round();
    const ratio = window.devicePixelRatio || 1;
    const width = size.x + 2 * pad.x;
    const height = size.y + 2 * pad.y;
    this.center = map.getCenter();
    this.zoom = map.getZoom();
    L.DomUtil.setPosition(this.canvas, map.containerPointToLayerPoint([-pad.x, -pad.y]));
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.dataset.pointCount = String(this.ids.length);
    this.draw(pad);
  }

  private scheduleRedraw(): void {
    if (!this.canvas) return;
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.reset());
  }

  private draw(pad: L.Point): void {
    const map = this._map as L.Map;
    const canvas = this.canvas!;
    const ctx = canvas.getContext('2d')!;
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const zoom = map.getZoom();
    const scale = 2 ** zoom;
    const topLeft = map.getPixelBounds().min!;
    const ox = topLeft.x - pad.x;
    const oy = topLeft.y - pad.y;
    const w = canvas.width / ratio;
    const h = canvas.height / ratio;
    const r = radiusAt(zoom);
    const square = r < 2.5;
    const d = 2 * r;
    ctx.globalAlpha = zoom >= 15 ? 0.95 : zoom >= 13.5 ? 0.85 : 0.7;
    for (const status of this.options.drawOrder) {
      const bucket = this.byStatus[status];
      if (!bucket?.length) continue;
      ctx.fillStyle = this.options.colors[status] ?? '#888';
      ctx.beginPath();
      for (let k = 0; k < bucket.length; k++) {
        const i = bucket[k]!;
        const x = this.px[i]! * scale - ox;
        const y = this.py[i]! * scale - oy;
        if (x < -r || y < -r || x > w + r || y > h + r) continue;
        // Dots under ~2.5 px look the same as squares and rect() is several times cheaper than arc().
        if (square) ctx.rect(x - r, y - r, d, d);
        else {
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, Math.PI * 2);
        }
      }
      ctx.fill();
      if (zoom >= 15) {
        ctx.strokeStyle = 'rgba(255,255,255,0.9)';
        ctx.lineWidth = 0.8;
        ctx.stroke();
      }
    }
    ctx.globalAlpha = 1;
  }
}
