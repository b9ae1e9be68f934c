/**
 * Points as files write them in one cell: "(42.3504, -71.0867)" (Boston/Socrata: latitude first),
 * "116.39,39.91" (Chinese GIS exports: longitude first), WKT "POINT (116.39 39.91)" (always x y =
 * lng lat). Returns [lng, lat]; for a bare pair the order is decided by which number can be a
 * latitude, and by the parenthesised Socrata convention when both can.
 */
const WKT = /^(?:SRID=\d+;)?POINT\s*Z?\s*\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)(?:\s+-?\d+(?:\.\d+)?)?\s*\)$/i;
const PAIR = /^([([]?)\s*(-?\d+(?:\.\d+)?)\s*[,，;\s]\s*(-?\d+(?:\.\d+)?)\s*[)\]]?$/;

export function parsePoint(text: string): [number, number] | null {
  const value = text.trim();
  if (!value) return null;
  const wkt = WKT.exec(value);
  if (wkt) return checked(Number(wkt[1]), Number(wkt[2]));
  const pair = PAIR.exec(value);
  if (!pair) return null;
  const a = Number(pair[2]);
  const b = Number(pair[3]);
  if (Math.abs(a) > 90 && Math.abs(b) <= 90) return checked(a, b);
  if (Math.abs(b) > 90 && Math.abs(a) <= 90) return checked(b, a);
  // Both could be latitudes: "(lat, lng)" in parentheses is the Socrata export; a bare pair is lng,lat.
  return pair[1] ? checked(b, a) : checked(a, b);
}

/** A usable WGS84-like point: finite, in range, not the 0,0 of an empty geocode. */
export function plausiblePoint(lng: number, lat: number): boolean {
  return Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lng) <= 180 && Math.abs(lat) <= 90 && !(lng === 0 && lat === 0);
}

function checked(lng: number, lat: number): [number, number] | null {
  return plausiblePoint(lng, lat) ? [lng, lat] : null;
}
