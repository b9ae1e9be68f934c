// Coordinate systems of boundary files: recognising coordinates that are not degrees, and
// converting from a named system (EPSG code, a .prj's WKT, or China's GCJ-02/BD-09) to WGS84.
import gcoord from 'gcoord';
import proj4 from 'proj4';
import type { BBox4 } from './polygon-math';

/**
 * Systems a user can name by code. proj4 knows only EPSG:4326/3857 by itself; the rest are the
 * definitions published at epsg.io, for the systems boundary files here actually come in.
 */
export const EPSG_DEFINITIONS: Record<string, string> = {
  'EPSG:4326': '+proj=longlat +datum=WGS84 +no_defs',
  'EPSG:4490': '+proj=longlat +ellps=GRS80 +no_defs', // CGCS2000 geographic
  'EPSG:3857': '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
  // NAD83 / Massachusetts Mainland (ftUS): Boston's own files
  'EPSG:2249':
    '+proj=lcc +lat_0=41 +lon_0=-71.5 +lat_1=42.6833333333333 +lat_2=41.7166666666667 +x_0=200000.0001016 +y_0=750000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=us-ft +no_defs',
  // NAD83 / Massachusetts Mainland (metres)
  'EPSG:26986':
    '+proj=lcc +lat_0=41 +lon_0=-71.5 +lat_1=42.6833333333333 +lat_2=41.7166666666667 +x_0=200000 +y_0=750000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  // CGCS2000 / 3-degree Gauss-Kruger CM 117E (Beijing) without and with the zone prefix
  'EPSG:4548': '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  'EPSG:4527': '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  // WGS 84 / UTM zone 50N (Beijing)
  'EPSG:32650': '+proj=utm +zone=50 +datum=WGS84 +units=m +no_defs',
};

/** Names accepted besides EPSG codes: China's offset systems, handled by gcoord, not proj4. */
const OFFSET_SYSTEMS = { GCJ02: gcoord.GCJ02, 'GCJ-02': gcoord.GCJ02, BD09: gcoord.BD09, 'BD-09': gcoord.BD09 } as const;

export type CoordinateTransform = (p: [number, number]) => [number, number];

export interface NamedSystem {
  /** As the user or the file named it, normalised (EPSG:2249, GCJ02, or "prj"). */
  name: string;
  transform: CoordinateTransform;
}

/** Normalises "2249", "epsg:2249", "EPSG 2249" to "EPSG:2249". */
export function normaliseSystemName(name: string): string {
  const trimmed = name.trim().toUpperCase();
  const m = /^(?:EPSG)?[:\s]*(\d{4,6})$/.exec(trimmed);
  return m ? `EPSG:${m[1]}` : trimmed;
}

/** A transform to WGS84 from a system named by code, or undefined when GridDesk does not know it. */
export function systemByName(name: string): NamedSystem | undefined {
  const normal = normaliseSystemName(name);
  if (normal === 'EPSG:4326' || normal === 'WGS84' || normal === 'CRS84') return { name: 'EPSG:4326', transform: (p) => p };
  const offset = OFFSET_SYSTEMS[normal as keyof typeof OFFSET_SYSTEMS];
  if (offset) {
    return { name: offset === gcoord.GCJ02 ? 'GCJ02' : 'BD09', transform: (p) => gcoord.transform(p, offset, gcoord.WGS84) as [number, number] };
  }
  const def = EPSG_DEFINITIONS[normal];
  if (!def) return undefined;
  const converter = proj4(def, EPSG_DEFINITIONS['EPSG:4326']!);
  return { name: normal, transform: (p) => converter.forward(p) as [number, number] };
}

/** A transform from a Shapefile's .prj (WKT), or undefined when proj4 cannot read it. */
export function systemFromWkt(wkt: string): NamedSystem | undefined {
  if (/^\s*GEOGCS\[/i.test(wkt) && /WGS_?19?84|GCS_WGS_1984|China_Geodetic|CGCS_?2000/i.test(wkt)) {
    return { name: 'EPSG:4326', transform: (p) => p };
  }
  try {
    const converter = proj4(wkt, EPSG_DEFINITIONS['EPSG:4326']!);
    return { name: 'prj', transform: (p) => converter.forward(p) as [number, number] };
  } catch {
    return undefined;
  }
}

/** The system a GeoJSON `crs` member names, as a code ("EPSG:2249"), or null for CRS84/absent. */
export function geojsonCrsName(crs: unknown): string | null {
  const name = (crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== 'string') return null;
  if (/CRS84$/i.test(name)) return null;
  const m = /EPSG:{1,2}(?:[\d.]*:)?(\d{4,6})$/i.exec(name);
  if (m) return m[1] === '4326' ? null : `EPSG:${m[1]}`;
  return name;
}

/** True when every coordinate could be longitude/latitude in degrees. */
export function looksLikeDegrees(bbox: BBox4): boolean {
  return bbox[0] >= -180 && bbox[2] <= 180 && bbox[1] >= -90 && bbox[3] <= 90;
}

/** A short reading of a coordinate range for messages: "x 739,000…790,000, y 2,908,000…2,970,000". */
export function describeRange(bbox: BBox4): string {
  const f = (v: number) => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toFixed(4));
  return `x ${f(bbox[0])}…${f(bbox[2])}, y ${f(bbox[1])}…${f(bbox[3])}`;
}
