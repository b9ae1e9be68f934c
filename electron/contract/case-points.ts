import { z } from 'zod';

/** One case on the map: [id, lng, lat, value]; value is the status index, or the due state. */
export type CasePoint = [number, number, number, number];

/**
 * The map's case points on the wire. A million cases as a million small arrays cost seconds to
 * serialise (JSON in the browser bridge, structured clone twice in Electron) and hold the database
 * worker meanwhile; as one base64 string they cost a copy. Little-endian, every platform GridDesk
 * runs on; aligned so the decoder can view the bytes in place:
 *   Float64 lng[count] | Float64 lat[count] | Int32 id[count] | Uint8 value[count]
 */
export const PackedCasePoints = z.object({ count: z.number().int().min(0), data: z.string() });
export type PackedCasePoints = z.infer<typeof PackedCasePoints>;

export const CASE_POINT_BYTES = 8 + 8 + 4 + 1;

/** The byte views of a packed buffer holding `count` points. */
export function casePointColumns(buffer: ArrayBuffer, count: number): { lng: Float64Array; lat: Float64Array; id: Int32Array; value: Uint8Array } {
  return {
    lng: new Float64Array(buffer, 0, count),
    lat: new Float64Array(buffer, 8 * count, count),
    id: new Int32Array(buffer, 16 * count, count),
    value: new Uint8Array(buffer, 20 * count, count),
  };
}

export function unpackCasePoints(packed: PackedCasePoints): CasePoint[] {
  const binary = atob(packed.data);
  if (binary.length !== packed.count * CASE_POINT_BYTES) {
    throw new Error(`case points: ${binary.length} bytes for ${packed.count} points`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const { lng, lat, id, value } = casePointColumns(bytes.buffer, packed.count);
  const points: CasePoint[] = new Array(packed.count);
  for (let i = 0; i < packed.count; i++) points[i] = [id[i]!, lng[i]!, lat[i]!, value[i]!];
  return points;
}
