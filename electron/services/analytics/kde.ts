/**
 * Kernel density of points on a regular raster, in cases per km².
 *
 * Kernels (u = d / h, h = bandwidth in metres, zero for u ≥ 1):
 *   quartic (biweight, as ArcGIS's Kernel Density):  K(u) = 3/π · (1 − u²)²
 *   epanechnikov:                                      K(u) = 2/π · (1 − u²)
 * density(x) = Σ_i K(|x − x_i| / h) / h²  per m²; × 10⁶ per km².
 *
 * Points are first counted into raster cells, then each cell's count is spread with the kernel's
 * stencil (the binned approximation: exact up to the cell size, which callers keep ≤ h / 4). The
 * stencil is normalised to integrate to one, so the raster's integral is the number of points.
 */
export type Kernel = 'quartic' | 'epanechnikov';

export interface Raster {
  /** [minLng, minLat, maxLng, maxLat] of the raster's outer edges. */
  bbox: [number, number, number, number];
  cols: number;
  rows: number;
  cellM: number;
  /** Row-major from the north-west corner (row 0 is the northernmost). */
  values: Float32Array;
  max: number;
}

const M_PER_DEG_LAT = 110_574;

export function kernelValue(kernel: Kernel, u: number): number {
  if (u >= 1) return 0;
  const a = 1 - u * u;
  return kernel === 'quartic' ? (3 / Math.PI) * a * a : (2 / Math.PI) * a;
}

/** Frames a raster over bbox (lng/lat) padded by the bandwidth, with cells of cellM metres. */
export function frameRaster(bbox: [number, number, number, number], cellM: number, padM: number) {
  const lat0 = (bbox[1] + bbox[3]) / 2;
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const minLng = bbox[0] - padM / kx;
  const maxLat = bbox[3] + padM / M_PER_DEG_LAT;
  const cols = Math.max(1, Math.ceil(((bbox[2] - bbox[0]) * kx + 2 * padM) / cellM));
  const rows = Math.max(1, Math.ceil(((bbox[3] - bbox[1]) * M_PER_DEG_LAT + 2 * padM) / cellM));
  const out: [number, number, number, number] = [minLng, maxLat - (rows * cellM) / M_PER_DEG_LAT, minLng + (cols * cellM) / kx, maxLat];
  return { kx, minLng, maxLat, cols, rows, bbox: out };
}

/**
 * Density raster of the points whose indices are in `select` (all when null); point i counts
 * `weights[i]` cases when weights are given (cells of cases), else one.
 * `bbox` is the area of interest (lng/lat); the raster extends one bandwidth beyond it.
 */
export function kernelDensity(
  lng: ArrayLike<number>,
  lat: ArrayLike<number>,
  select: ArrayLike<number> | null,
  options: { bbox: [number, number, number, number]; bandwidthM: number; cellM: number; kernel?: Kernel; weights?: ArrayLike<number> },
): Raster {
  const { bandwidthM: h, cellM, kernel = 'quartic', weights } = options;
  const frame = frameRaster(options.bbox, cellM, h);
  const { cols, rows, kx, minLng, maxLat } = frame;
  const counts = new Float32Array(cols * rows);
  const n = select ? select.length : lng.length;
  for (let k = 0; k < n; k++) {
    const i = select ? select[k]! : k;
    const c = Math.floor(((lng[i]! - minLng) * kx) / cellM);
    const r = Math.floor(((maxLat - lat[i]!) * M_PER_DEG_LAT) / cellM);
    if (c >= 0 && c < cols && r >= 0 && r < rows) counts[r * cols + c]! += weights ? weights[i]! : 1;
  }
  const values = smooth(counts, cols, rows, cellM, h, kernel);
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return { bbox: frame.bbox, cols, rows, cellM, values, max };
}

/** Spreads per-cell counts with the kernel; returns cases per km². */
export function smooth(counts: Float32Array, cols: number, rows: number, cellM: number, h: number, kernel: Kernel): Float32Array {
  const radius = Math.max(0, Math.ceil(h / cellM));
  const size = 2 * radius + 1;
  const stencil = new Float64Array(size * size);
  let total = 0;
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const v = kernelValue(kernel, (Math.hypot(dx, dy) * cellM) / h);
      stencil[(dy + radius) * size + dx + radius] = v;
      total += v;
    }
  }
  // Normalise: Σ stencil · cellM² = 1 point; then per km².
  const scale = total > 0 ? 1e6 / (total * cellM * cellM) : 0;
  for (let k = 0; k < stencil.length; k++) stencil[k]! *= scale;
  const out = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const count = counts[r * cols + c]!;
      if (count === 0) continue;
      const r0 = Math.max(0, r - radius), r1 = Math.min(rows - 1, r + radius);
      const c0 = Math.max(0, c - radius), c1 = Math.min(cols - 1, c + radius);
      for (let rr = r0; rr <= r1; rr++) {
        const srow = (rr - r + radius) * size - c + radius;
        const orow = rr * cols;
        for (let cc = c0; cc <= c1; cc++) out[orow + cc]! += count * stencil[srow + cc]!;
      }
    }
  }
  return out;
}
