import type { Geometry } from '../../contract';

type Ring = [number, number][];

/** Even-odd ray casting; holes count because every ring is tested. Points on an edge may go either way. */
function inRing(lng: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(lng: number, lat: number, rings: Ring[]): boolean {
  let inside = false;
  for (const ring of rings) if (inRing(lng, lat, ring)) inside = !inside;
  return inside;
}

/** Whether a WGS84 point lies inside a Polygon or MultiPolygon. */
export function pointInGeometry(lng: number, lat: number, geometry: Geometry): boolean {
  if (geometry.type === 'Polygon') return inPolygon(lng, lat, geometry.coordinates as Ring[]);
  if (geometry.type === 'MultiPolygon') {
    return geometry.coordinates.some((polygon) => inPolygon(lng, lat, polygon as Ring[]));
  }
  return false;
}
