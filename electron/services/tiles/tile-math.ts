// Web Mercator tile arithmetic for "save this area for offline": which tiles cover a box at a zoom.
// Works in whatever system the box is given in: a GCJ-02 source's tile grid is indexed by GCJ-02
// longitudes and latitudes, so its box must be GCJ-02 too (the map hands it over that way).

/** [west, south, east, north] in degrees. */
export type LngLatBox = [number, number, number, number];

const MAX_LAT = 85.0511287798;

export function lngToTileX(lng: number, z: number): number {
  const n = 2 ** z;
  return Math.min(n - 1, Math.max(0, Math.floor(((lng + 180) / 360) * n)));
}

export function latToTileY(lat: number, z: number): number {
  const n = 2 ** z;
  const r = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)));
}

export interface TileRange {
  z: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** The tile ranges covering `box` at each zoom from minZoom to maxZoom (XYZ rows: y grows southwards). */
export function tileRanges(box: LngLatBox, minZoom: number, maxZoom: number): TileRange[] {
  const [west, south, east, north] = box;
  const ranges: TileRange[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    ranges.push({ z, minX: lngToTileX(west, z), maxX: lngToTileX(east, z), minY: latToTileY(north, z), maxY: latToTileY(south, z) });
  }
  return ranges;
}

export function countTiles(ranges: TileRange[]): number {
  return ranges.reduce((sum, r) => sum + (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1), 0);
}

/** Every tile of the ranges, zoom by zoom, row by row (low zooms first: a cut-short download is still useful). */
export function* tilesOf(ranges: TileRange[]): Generator<[number, number, number]> {
  for (const r of ranges) {
    for (let y = r.minY; y <= r.maxY; y++) {
      for (let x = r.minX; x <= r.maxX; x++) yield [r.z, x, y];
    }
  }
}

/** Fills an XYZ template: {z}/{x}/{y}, {s} rotated over the subdomains, {-y} as the TMS row. */
export function tileUrl(template: string, subdomains: string, z: number, x: number, y: number): string {
  const subs = subdomains || 'abc';
  return template
    .replaceAll('{s}', subs[(x + y) % subs.length])
    .replaceAll('{z}', String(z))
    .replaceAll('{x}', String(x))
    .replaceAll('{-y}', String(2 ** z - 1 - y))
    .replaceAll('{y}', String(y))
    .replaceAll('{r}', '');
}
