/** Every time in GridDesk is shown in Beijing time, whatever the machine's zone. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(ms: number): Record<string, string> {
  return Object.fromEntries(dateTimeFormat.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
}

/** 2026-10-31 14:05 (Asia/Shanghai). */
export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const p = parts(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 2026-10-31 (Asia/Shanghai). */
export function formatDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const p = parts(ms);
  return `${p.year}-${p.month}-${p.day}`;
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** 39.9042, 116.4074 → "116.40740, 39.90420" (lng, lat as GridDesk stores them). */
export function formatLngLat(lng: number, lat: number): string {
  return `${lng.toFixed(5)}, ${lat.toFixed(5)}`;
}

/** Bytes as GB (two decimals) from 1 GB up, else MB, KB or bytes: the figures of a workspace's size. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} KB`;
  return `${Math.round(bytes)} B`;
}
