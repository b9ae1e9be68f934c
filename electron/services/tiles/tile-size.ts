// The pixel size of a raster tile, read from its header (archives rarely say; 512 px tiles need
// Leaflet's tileSize 512 and zoomOffset -1 to sit at the right scale).
import { isJpeg, isPng, isWebp } from './tile-format';

export function tilePixelSize(data: Uint8Array): number | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (isPng(data) && data.length >= 24) return view.getUint32(16);
  if (isWebp(data) && data.length >= 30) {
    const chunk = String.fromCharCode(...data.subarray(12, 16));
    if (chunk === 'VP8 ') return view.getUint16(26, true) & 0x3fff;
    if (chunk === 'VP8L') return 1 + (view.getUint16(21, true) & 0x3fff);
    if (chunk === 'VP8X') return 1 + (data[24]! | (data[25]! << 8) | (data[26]! << 16));
  }
  if (isJpeg(data)) {
    for (let i = 2; i + 9 < data.length; ) {
      if (data[i] !== 0xff) return null;
      const marker = data[i + 1]!;
      if (marker >= 0xc0 && marker <= 0xc3) return view.getUint16(i + 7);
      i += 2 + view.getUint16(i + 2);
    }
  }
  return null;
}
