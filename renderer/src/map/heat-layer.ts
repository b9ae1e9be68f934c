import L from 'leaflet';
import type { HeatRaster } from '@contract/analytics';

/** Colour ramp for density: transparent → yellow → orange → red → dark red. */
const RAMP: [number, [number, number, number]][] = [
  [0, [255, 255, 178]], [0.25, [254, 204, 92]], [0.5, [253, 141, 60]], [0.75, [240, 59, 32]], [1, [189, 0, 38]],
];

export function rampColour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  for (let k = 1; k < RAMP.length; k++) {
    const [t1, c1] = RAMP[k]!;
    const [t0, c0] = RAMP[k - 1]!;
    if (x <= t1) {
      const f = (x - t0) / (t1 - t0);
      return [0, 1, 2].map((i) => Math.round(c0[i]! + f * (c1[i]! - c0[i]!))) as [number, number, number];
    }
  }
  return RAMP[RAMP.length - 1]![1];
}

/**
 * The kernel-density raster as an image over its bbox. Colours scale with √(density / max) so that
 * lesser concentrations stay visible next to the strongest; near-zero cells are transparent.
 * `max` may be fixed across months so that a played time series is comparable frame to frame.
 */
export function heatLayer(raster: HeatRaster, max = raster.max, opacity = 0.75): L.ImageOverlay {
  const canvas = document.createElement('canvas');
  canvas.width = raster.cols;
  canvas.height = raster.rows;
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(raster.cols, raster.rows);
  for (let i = 0; i < raster.values.length; i++) {
    const t = max > 0 ? Math.sqrt(raster.values[i]! / max) : 0;
    if (t < 0.04) continue;
    const [r, g, b] = rampColour(t);
    image.data.set([r, g, b, Math.round(255 * Math.min(1, 0.25 + t))], i * 4);
  }
  context.putImageData(image, 0, 0);
  const [minLng, minLat, maxLng, maxLat] = raster.bbox;
  return L.imageOverlay(canvas.toDataURL(), [[minLat, minLng], [maxLat, maxLng]], {
    opacity, interactive: false, className: 'gd-heat-layer',
  });
}
