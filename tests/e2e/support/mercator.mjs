/** Web Mercator world pixels at zoom z (256 px tiles), as Leaflet's EPSG:3857 computes them. */
export function mercatorPixel(lng, lat, z) {
  const R = 6378137;
  const scale = (256 / (2 * Math.PI * R)) * 2 ** z;
  const x = R * (lng * Math.PI) / 180;
  const y = R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  return [scale * x + 128 * 2 ** z, -scale * y + 128 * 2 ** z];
}
