// Reads the map's packed case points (layout: electron/contract/case-points.ts) in the spec
// itself, from the documented bytes, independently of the renderer's decoder.
export function readCasePoints({ count, data }) {
  const bytes = Buffer.from(data, 'base64');
  const points = [];
  for (let i = 0; i < count; i++) {
    points.push([bytes.readInt32LE(16 * count + 4 * i), bytes.readDoubleLE(8 * i), bytes.readDoubleLE(8 * count + 8 * i), bytes[20 * count + i]]);
  }
  return points;
}
