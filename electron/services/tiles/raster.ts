// A small pure-JS rasterizer for the offline basemap: anti-aliased polygon fill and line stroke
// into an RGB buffer, then PNG via pngjs. No canvas or native module, so the build runs anywhere.
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';

export type Rgb = readonly [number, number, number];
/** A ring or a polyline as flat pixel coordinates [x0, y0, x1, y1, ...]. */
export type Path = ArrayLike<number>;

/** Sub-scanlines per pixel row: vertical anti-aliasing (horizontal coverage is computed exactly). */
const SUBSAMPLES = 4;
const ALPHA_LEVELS = 16;

export function hexColor(hex: string): Rgb {
  const n = parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export class Raster {
  readonly pixels: Uint8Array;
  private readonly rowCoverage: Float32Array;
  private readonly crossings: number[][];

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) this.pixels.set(background, i * 3);
    this.rowCoverage = new Float32Array(width + 1);
    this.crossings = Array.from({ length: height * SUBSAMPLES }, () => []);
  }

  /**
   * Fills rings as one shape. 'evenodd' makes holes from any inner ring whatever its direction
   * (DataV rings are not reliably oriented); 'nonzero' unions overlapping rings.
   */
  fill(rings: Path[], color: Rgb, options: { rule?: 'evenodd' | 'nonzero'; opacity?: number } = {}): void {
    const rule = options.rule ?? 'evenodd';
    const opacity = options.opacity ?? 1;
    const rows = this.crossings;
    const subRows = rows.length;
    let touched = false;
    // Bucket each edge's crossings by sub-scanline: O(crossings), not O(edges × rows).
    for (const ring of rings) {
      const n = ring.length >> 1;
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        const x0 = ring[2 * i], y0 = ring[2 * i + 1], x1 = ring[2 * j], y1 = ring[2 * j + 1];
        if (y0 === y1) continue;
        const dir = y1 > y0 ? 1 : -1;
        const top = Math.min(y0, y1) * SUBSAMPLES - 0.5;
        const bottom = Math.max(y0, y1) * SUBSAMPLES - 0.5;
        const first = Math.max(0, Math.ceil(top));
        const last = Math.min(subRows - 1, Math.ceil(bottom) - 1);
        const slope = (x1 - x0) / (y1 - y0);
        for (let r = first; r <= last; r++) {
          const y = (r + 0.5) / SUBSAMPLES;
          // Crossing x and direction packed together: sorted by x, then read the sign back.
          rows[r].push(x0 + (y - y0) * slope, dir);
          touched = true;
        }
      }
    }
    if (!touched) return;
    const weight = 1 / SUBSAMPLES;
    for (let row = 0; row < this.height; row++) {
      let any = false;
      for (let s = 0; s < SUBSAMPLES; s++) {
        const list = rows[row * SUBSAMPLES + s];
        if (list.length === 0) continue;
        const pairs: [number, number][] = [];
        for (let k = 0; k < list.length; k += 2) pairs.push([list[k], list[k + 1]]);
        pairs.sort((a, b) => a[0] - b[0]);
        list.length = 0;
        let winding = 0;
        for (let k = 0; k < pairs.length - 1; k++) {
          winding = rule === 'evenodd' ? winding ^ 1 : winding + pairs[k][1];
          if (winding !== 0) {
            this.addSpan(pairs[k][0], pairs[k + 1][0], weight);
            any = true;
          }
        }
      }
      if (any) this.blendRow(row, color, opacity);
    }
  }

  /** Strokes polylines with round joins and caps: coverage from the distance to the nearest segment. */
  stroke(lines: Path[], color: Rgb, width: number, opacity = 1): void {
    const w = this.width, h = this.height;
    const half = width / 2;
    const cov = new Float32Array(w * h);
    let any = false;
    for (const line of lines) {
      for (let i = 0; i + 3 < line.length; i += 2) {
        const ax = line[i], ay = line[i + 1], bx = line[i + 2], by = line[i + 3];
        const minX = Math.max(0, Math.floor(Math.min(ax, bx) - half - 1));
        const maxX = Math.min(w - 1, Math.ceil(Math.max(ax, bx) + half + 1));
        const minY = Math.max(0, Math.floor(Math.min(ay, by) - half - 1));
        const maxY = Math.min(h - 1, Math.ceil(Math.max(ay, by) + half + 1));
        if (minX > maxX || minY > maxY) continue;
        const dx = bx - ax, dy = by - ay;
        const len2 = dx * dx + dy * dy;
        for (let py = minY; py <= maxY; py++) {
          const cy = py + 0.5;
          for (let px = minX; px <= maxX; px++) {
            const cx = px + 0.5;
            const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((cx - ax) * dx + (cy - ay) * dy) / len2));
            const ex = ax + t * dx - cx, ey = ay + t * dy - cy;
            const a = half + 0.5 - Math.sqrt(ex * ex + ey * ey);
            if (a <= 0) continue;
            const k = py * w + px;
            const v = a >= 1 ? 1 : a;
            if (v > cov[k]) {
              cov[k] = v;
              any = true;
            }
          }
        }
      }
    }
    if (!any) return;
    for (let k = 0; k < w * h; k++) if (cov[k] > 0) this.blendPixel(k, color, cov[k] * opacity);
  }

  /**
   * Opaque PNG. A tile of flat fills and anti-aliased edges rarely has more than 256 colours, so it is
   * written as an exact (lossless) palette PNG, 3-4× smaller than RGB; otherwise RGB via pngjs.
   */
  toPng(): Buffer {
    const indexed = encodeIndexedPng(this.width, this.height, this.pixels);
    if (indexed) return indexed;
    const png = new PNG({ width: this.width, height: this.height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
    png.data = Buffer.from(this.pixels.buffer, this.pixels.byteOffset, this.pixels.length);
    return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, deflateLevel: 9 });
  }

  isUniform(): boolean {
    const p = this.pixels;
    for (let i = 3; i < p.length; i++) if (p[i] !== p[i % 3]) return false;
    return true;
  }

  private addSpan(xa: number, xb: number, weight: number): void {
    const w = this.width;
    const a = Math.max(0, Math.min(w, xa));
    const b = Math.max(0, Math.min(w, xb));
    if (b <= a) return;
    const cov = this.rowCoverage;
    const ia = Math.floor(a);
    const ib = Math.floor(b);
    if (ia === ib) {
      cov[ia] += (b - a) * weight;
      return;
    }
    cov[ia] += (ia + 1 - a) * weight;
    for (let i = ia + 1; i < ib; i++) cov[i] += weight;
    cov[ib] += (b - ib) * weight;
  }

  private blendRow(row: number, color: Rgb, opacity: number): void {
    const cov = this.rowCoverage;
    const base = row * this.width;
    for (let x = 0; x < this.width; x++) {
      const c = cov[x];
      if (c > 0) this.blendPixel(base + x, color, (c > 1 ? 1 : c) * opacity);
      cov[x] = 0;
    }
    cov[this.width] = 0;
  }

  private blendPixel(k: number, color: Rgb, alpha: number): void {
    const p = this.pixels;
    const i = k * 3;
    // 16 coverage levels look the same as 256 but keep tiles under 256 colours (palette PNG).
    const a = Math.round(alpha * ALPHA_LEVELS) / ALPHA_LEVELS;
    if (a === 0) return;
    // Rounded so every build of the same data gives the same bytes.
    p[i] = Math.round(p[i] + (color[0] - p[i]) * a);
    p[i + 1] = Math.round(p[i + 1] + (color[1] - p[i + 1]) * a);
    p[i + 2] = Math.round(p[i + 2] + (color[2] - p[i + 2]) * a);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  let crc = 0xffffffff;
  for (let i = 4; i < 8 + body.length; i++) crc = CRC_TABLE[(crc ^ out[i]) & 0xff] ^ (crc >>> 8);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 8 + body.length);
  return out;
}

/** 8-bit palette PNG of an RGB buffer, or null when it has more than 256 colours. */
export function encodeIndexedPng(width: number, height: number, rgb: Uint8Array): Buffer | null {
  const lookup = new Map<number, number>();
  const palette: number[] = [];
  const rows = new Uint8Array((width + 1) * height); // each row: filter byte 0 (none), then indices
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const key = (rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2];
      let index = lookup.get(key);
      if (index === undefined) {
        if (lookup.size === 256) return null;
        index = lookup.size;
        lookup.set(key, index);
        palette.push(rgb[i], rgb[i + 1], rgb[i + 2]);
      }
      rows[y * (width + 1) + 1 + x] = index;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 3; // colour type: palette
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('PLTE', Uint8Array.from(palette)),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
