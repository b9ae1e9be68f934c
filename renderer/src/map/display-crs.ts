import gcoord from 'gcoord';
import L from 'leaflet';
import type { Crs } from '@contract/common';

/**
 * Stored coordinates are WGS84. A GCJ-02 basemap (AMap) is drawn in GCJ-02's Web Mercator, so the
 * map uses a CRS whose projection shifts WGS84 → GCJ-02 before projecting and back after
 * unprojecting: every overlay lands on the basemap's streets, and clicks and the cursor come back
 * as WGS84 without any layer knowing. Outside China gcoord leaves points as they are.
 */
const mercator = L.Projection.SphericalMercator;

export function wgsToGcj(lng: number, lat: number): [number, number] {
  return gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
}

export function gcjToWgs(lng: number, lat: number): [number, number] {
  return gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
}

const gcjProjection: L.Projection = {
  bounds: mercator.bounds,
  project(latlng: L.LatLng): L.Point {
    const [lng, lat] = wgsToGcj(latlng.lng, latlng.lat);
    return mercator.project(L.latLng(lat, lng));
  },
  unproject(point: L.Point): L.LatLng {
    const ll = mercator.unproject(point);
    const [lng, lat] = gcjToWgs(ll.lng, ll.lat);
    return L.latLng(lat, lng);
  },
};

export const CRS_GCJ02: L.CRS = L.Util.extend({}, L.CRS.EPSG3857, { code: 'GCJ02', projection: gcjProjection });

/** The Leaflet CRS for a basemap's coordinate system (CGCS2000 is WGS84 to centimetres). */
export function leafletCrsFor(crs: Crs | undefined): L.CRS {
  return crs === 'gcj02' ? CRS_GCJ02 : L.CRS.EPSG3857;
}

interface MapInternals {
  _resetView(center: L.LatLng, zoom: number, noMoveStart?: boolean): void;
}

/** Switches a live map to another CRS, keeping the same WGS84 centre and zoom; layers reproject on viewreset. */
export function switchMapCrs(map: L.Map, crs: L.CRS): boolean {
  if (map.options.crs === crs) return false;
  const center = map.getCenter();
  const zoom = map.getZoom();
  map.options.crs = crs;
  // Leaflet has no public way to change CRS; _resetView re-derives the pixel origin and fires viewreset.
  (map as unknown as MapInternals)._resetView(center, zoom, true);
  map.fire('crschange');
  return true;
}
