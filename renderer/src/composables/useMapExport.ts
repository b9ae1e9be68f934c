import type L from 'leaflet';

/**
 * Renders what the map shows into a PNG for reports: title, the map (tiles, SVG outlines, canvas
 * layers, labels), legend, scale bar, north arrow, date and basemap attribution.
 *
 * Tiles served by GridDesk (offline archives) are on the page's own origin and draw as they are.
 * Online tiles are loaded again with CORS; a server that does not allow it (no
 * Access-Control-Allow-Origin) would taint the canvas, so its tiles are left out and
 * `basemapOmitted` says so; the overlays are still exported.
 */
export interface LegendEntry {
  label: string;
  color: string;
  /** 'line' for outlines, 'dot' for points, 'box' for areas. */
  shape: 'line' | 'dashed' | 'dot' | 'box';
}
export interface LegendGroup {
  title: string;
  entries: LegendEntry[];
}
export interface MapExportOptions {
  title: string;
  legend: LegendGroup[];
  legendTitle: string;
  /** Footer lines: date, basemap + attribution, coordinate system. */
  footer: string[];
  northLabel: string;
  /** Output pixels per screen pixel. */
  scale?: number;
}
export interface MapExportResult {
  blob: Blob;
  basemapOmitted: boolean;
  width: number;
  height: number;
}

const HEADER = 52;
const FOOTER = 44;
const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

function loadImage(src: string, crossOrigin: boolean): Promise<HTMLImageElement | null> {
  return new Promise((resolve) => {
    const img = new Image();
    if (crossOrigin) img.crossOrigin = 'anonymous';
    img.onload = () => resolve(img);
    img.onerror = () => resolve(null);
    img.src = src;
  });
}

/** The element's opacity times its ancestors' up to the map container (layer opacity lives on the container). */
function opacityOf(el: Element, stop: Element): number {
  let alpha = 1;
  for (let node: Element | null = el; node && node !== stop; node = node.parentElement) alpha *= Number(getComputedStyle(node).opacity || 1);
  return alpha;
}

function paneZ(el: Element): number {
  const pane = el.closest('.leaflet-pane:not(.leaflet-map-pane)');
  return pane ? Number(getComputedStyle(pane).zIndex) || 0 : 0;
}

async function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement | null> {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // Leaflet places the SVG with a CSS transform; inside an image it would shift the drawing twice.
  clone.removeAttribute('style');
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(clone)], { type: 'image/svg+xml' }));
  try {
    return await loadImage(url, false);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A round length (1, 2, 5 × 10ⁿ metres) no wider than maxPx, and its width in pixels. */
export function scaleBarLength(metresPerPixel: number, maxPx: number): { metres: number; px: number } {
  const max = metresPerPixel * maxPx;
  const pow = 10 ** Math.floor(Math.log10(max));
  const metres = [5, 2, 1].map((m) => m * pow).find((m) => m <= max) ?? pow;
  return { metres, px: metres / metresPerPixel };
}

async function drawMap(ctx: CanvasRenderingContext2D, map: L.Map, top: number): Promise<boolean> {
  const container = map.getContainer();
  const origin = container.getBoundingClientRect();
  const elements = [...container.querySelectorAll('.leaflet-map-pane img.leaflet-tile-loaded, .leaflet-map-pane canvas, .leaflet-map-pane svg, .leaflet-marker-pane .gd-label')]
    .map((el, i) => ({ el, i, z: paneZ(el) }))
    .sort((a, b) => a.z - b.z || a.i - b.i);
  let omitted = false;
  for (const { el } of elements) {
    // A label's marker div has no size of its own: its text span is centred on the point.
    const r = (el.classList.contains('gd-label') ? el.querySelector('span') ?? el : el).getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right < origin.left || r.left > origin.right || r.bottom < origin.top || r.top > origin.bottom) continue;
    const x = r.left - origin.left;
    const y = r.top - origin.top + top;
    ctx.globalAlpha = opacityOf(el, container);
    if (el instanceof HTMLImageElement) {
      const sameOrigin = new URL(el.src, location.href).origin === location.origin || el.src.startsWith('data:');
      const img = sameOrigin ? el : await loadImage(el.src, true);
      if (img) ctx.drawImage(img, x, y, r.width, r.height);
      else omitted = true;
    } else if (el instanceof HTMLCanvasElement) {
      ctx.drawImage(el, x, y, r.width, r.height);
    } else if (el instanceof SVGSVGElement) {
      const img = await svgImage(el);
      if (img) ctx.drawImage(img, x, y, r.width, r.height);
    } else {
      // A DOM label: its text, centred, with a white halo as on screen.
      const style = getComputedStyle(el.querySelector('span') ?? el);
      ctx.font = `${style.fontWeight} ${style.fontSize} ${FONT}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.lineWidth = 3;
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.fillStyle = style.color;
      const text = el.textContent ?? '';
      ctx.strokeText(text, x + r.width / 2, y + r.height / 2);
      ctx.fillText(text, x + r.width / 2, y + r.height / 2);
    }
  }
  ctx.globalAlpha = 1;
  return omitted;
}

function drawLegend(ctx: CanvasRenderingContext2D, groups: LegendGroup[], right: number, bottom: number, title: string): void {
  const rows = groups.flatMap((g) => [{ head: g.title }, ...g.entries.map((e) => ({ entry: e }))]);
  if (!rows.length) return;
  ctx.font = `12px ${FONT}`;
  const width = Math.max(120, ...rows.map((r) => ctx.measureText('head' in r ? r.head : r.entry.label).width + 40));
  const height = 28 + rows.length * 18;
  const x = right - width - 12;
  const y = bottom - height - 12;
  ctx.fillStyle = 'rgba(255,255,255,0.94)';
  ctx.strokeStyle = '#c4cad4';
  ctx.lineWidth = 1;
  ctx.fillRect(x, y, width, height);
  ctx.strokeRect(x + 0.5, y + 0.5, width - 1, height - 1);
  ctx.fillStyle = '#111827';
  ctx.font = `bold 13px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(title, x + 10, y + 14);
  rows.forEach((row, i) => {
    const cy = y + 34 + i * 18;
    if ('head' in row) {
      ctx.font = `bold 12px ${FONT}`;
      ctx.fillStyle = '#374151';
      ctx.fillText(row.head, x + 10, cy);
      return;
    }
    const { color, shape, label } = row.entry;
    ctx.strokeStyle = ctx.fillStyle = color;
    ctx.lineWidth = 2;
    ctx.setLineDash(shape === 'dashed' ? [4, 3] : []);
    if (shape === 'dot') {
      ctx.beginPath();
      ctx.arc(x + 20, cy, 5, 0, Math.PI * 2);
      ctx.fill();
    } else if (shape === 'box') ctx.fillRect(x + 12, cy - 6, 16, 12);
    else {
      ctx.beginPath();
      ctx.moveTo(x + 10, cy);
      ctx.lineTo(x + 30, cy);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.font = `12px ${FONT}`;
    ctx.fillStyle = '#1f2937';
    ctx.fillText(label, x + 36, cy);
  });
}

function drawScaleAndNorth(ctx: CanvasRenderingContext2D, map: L.Map, width: number, top: number, mapHeight: number, north: string): void {
  const size = map.getSize();
  const a = map.containerPointToLatLng([size.x / 2 - 50, size.y / 2]);
  const b = map.containerPointToLatLng([size.x / 2 + 50, size.y / 2]);
  const { metres, px } = scaleBarLength(map.distance(a, b) / 100, 140);
  const x = 16;
  const y = top + mapHeight - 20;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(x - 6, y - 22, px + 60, 30);
  ctx.strokeStyle = '#111827';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x, y - 6);
  ctx.lineTo(x, y);
  ctx.lineTo(x + px, y);
  ctx.lineTo(x + px, y - 6);
  ctx.stroke();
  ctx.fillStyle = '#111827';
  ctx.font = `12px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.fillText(metres >= 1000 ? `${metres / 1000} km` : `${metres} m`, x + 4, y - 6);
  // North arrow, top right of the map (the map is never rotated).
  const nx = width - 34;
  const ny = top + 18;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.beginPath();
  ctx.arc(nx, ny + 18, 20, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#111827';
  ctx.beginPath();
  ctx.moveTo(nx, ny + 2);
  ctx.lineTo(nx + 9, ny + 30);
  ctx.lineTo(nx, ny + 23);
  ctx.lineTo(nx - 9, ny + 30);
  ctx.closePath();
  ctx.fill();
  ctx.font = `bold 11px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(north, nx, ny + 31);
}

export async function exportMapPng(map: L.Map, options: MapExportOptions): Promise<MapExportResult> {
  const size = map.getSize();
  const scale = options.scale ?? 2;
  const width = size.x;
  const height = HEADER + size.y + FOOTER;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#e5e7eb';
  ctx.fillRect(0, HEADER, width, size.y);
  // Tiles and padded overlay canvases reach past the view: keep them inside the map frame.
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, HEADER, width, size.y);
  ctx.clip();
  const basemapOmitted = await drawMap(ctx, map, HEADER);
  drawScaleAndNorth(ctx, map, width, HEADER, size.y, options.northLabel);
  drawLegend(ctx, options.legend, width, HEADER + size.y, options.legendTitle);
  ctx.restore();
  ctx.fillStyle = '#111827';
  ctx.font = `bold 20px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(options.title, 16, HEADER / 2);
  ctx.strokeStyle = '#1d5bbf';
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.moveTo(0, HEADER - 1.5);
  ctx.lineTo(width, HEADER - 1.5);
  ctx.stroke();
  ctx.font = `11px ${FONT}`;
  ctx.fillStyle = '#4b5563';
  ctx.textBaseline = 'top';
  options.footer.forEach((line, i) => ctx.fillText(line, 16, HEADER + size.y + 8 + i * 15, width - 32));
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('PNG encoding failed');
  return { blob, basemapOmitted, width: canvas.width, height: canvas.height };
}
