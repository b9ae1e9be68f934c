import gcoord from 'gcoord';
import type { Crs } from '../../contract';

/**
 * Converts a point from the system it was given in to WGS84, the only system GridDesk stores.
 * CGCS2000 (Tianditu) differs from WGS84 by centimetres, far below what grids resolve.
 */
export function toWgs84(lng: number, lat: number, crs: Crs): [number, number] {
  switch (crs) {
    case 'wgs84':
    case 'cgcs2000':
      return [lng, lat];
    case 'gcj02':
      return gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
    case 'bd09':
      return gcoord.transform([lng, lat], gcoord.BD09, gcoord.WGS84) as [number, number];
  }
}
