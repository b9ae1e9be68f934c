/** See gcj02-reference.mjs. */
export function gcjReference(lng: number, lat: number): [number, number];
