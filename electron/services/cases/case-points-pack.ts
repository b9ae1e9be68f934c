import { CASE_POINT_BYTES, casePointColumns, type CasePoint, type PackedCasePoints } from '../../contract/case-points';

/** The wire form of the map's points (layout in contract/case-points.ts). */
export function packCasePoints(points: readonly CasePoint[]): PackedCasePoints {
  const count = points.length;
  const buffer = new ArrayBuffer(count * CASE_POINT_BYTES);
  const { lng, lat, id, value } = casePointColumns(buffer, count);
  for (let i = 0; i < count; i++) {
    const point = points[i]!;
    id[i] = point[0];
    lng[i] = point[1];
    lat[i] = point[2];
    value[i] = point[3];
  }
  return { count, data: Buffer.from(buffer).toString('base64') };
}
