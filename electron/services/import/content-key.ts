import crypto from 'node:crypto';
import type { SqlValue } from '../db/durable-database';

/**
 * A row's identity when it has no external number (工单编号): its received time, its place as the
 * file gave it (coordinates to 6 decimals, the address) and its text (title, description), hashed.
 * Computed from the values a case keeps, so the cases already in the workspace get theirs from
 * their columns and nothing extra is stored: re-importing the same file matches every row.
 * 15 decimal digits without a leading zero (about 49 bits): FirstRows keeps those in typed arrays.
 * A collision needs the same received second as well (the matcher checks it), so it costs nothing.
 */
export interface KeyedValues {
  receivedAt: number;
  sourceLng: number | null;
  sourceLat: number | null;
  address: string | null;
  title: string;
  description: string | null;
}

/** Case-folded, without spaces and punctuation: the same words typed twice read the same. */
export function normaliseText(text: string | null): string {
  return (text ?? '').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

function coordinate(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '' : value.toFixed(6);
}

export function contentKey(row: KeyedValues): string {
  const text = [row.receivedAt, coordinate(row.sourceLng), coordinate(row.sourceLat), normaliseText(row.address), normaliseText(row.title), normaliseText(row.description)].join('\u0001');
  const digest = crypto.createHash('sha1').update(text).digest();
  return String(1e14 + digest.readUIntBE(0, 6));
}

/** The same key from a case's stored values, given the positions of its columns. */
export function storedContentKey(values: SqlValue[], at: Record<keyof KeyedValues, number>): string {
  const num = (v: SqlValue | undefined) => (typeof v === 'number' ? v : null);
  const text = (v: SqlValue | undefined) => (typeof v === 'string' ? v : null);
  return contentKey({
    receivedAt: num(values[at.receivedAt]) ?? 0,
    sourceLng: num(values[at.sourceLng]),
    sourceLat: num(values[at.sourceLat]),
    address: text(values[at.address]),
    title: text(values[at.title]) ?? '',
    description: text(values[at.description]),
  });
}
