/**
 * Date and time cells as spreadsheets hold them, per column: `2024/3/5 14:02`, `2024-03-05T14:02:00`,
 * `2024年3月5日 14时2分`, Excel serial numbers, `03/05/2024 02:02:00 PM` (US), `05/03/2024` (day first).
 * Wall-clock values are read in the file's time zone (Asia/Shanghai unless the mapping says otherwise).
 */
const DAY_MS = 86_400_000;

export const DATE_FORMATS = ['ymd', 'cn', 'mdy', 'dmy', 'excel', 'iso'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

interface Parts {
  y: number; mo: number; d: number; h: number; mi: number; s: number;
}

const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?$/;
const CN = /^(\d{4})年(\d{1,2})月(\d{1,2})日?(?:\s*(\d{1,2})[时:](\d{1,2})(?:分|:(\d{1,2}))?(?:(\d{1,2})秒)?)?$/;
const SLASH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?\s*([AaPp][Mm])?)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/** Excel serials from 1955 to 2119: a bare number outside that is not a date. */
const SERIAL = /^\d{5}(\.\d+)?$/;

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === 'pm';
  return (h % 12) + (pm ? 12 : 0);
}

function parts(text: string, format: DateFormat): Parts | number | null {
  let m: RegExpExecArray | null;
  switch (format) {
    case 'ymd':
      m = YMD.exec(text);
      return m ? { y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0) } : null;
    case 'cn':
      m = CN.exec(text);
      return m ? { y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? m[7] ?? 0) } : null;
    case 'mdy':
    case 'dmy': {
      m = SLASH.exec(text);
      if (!m) return null;
      const [a, b] = [+m[1]!, +m[2]!];
      const [mo, d] = format === 'mdy' ? [a, b] : [b, a];
      return { y: +m[3]!, mo, d, h: hour12(+(m[4] ?? 0), m[7]), mi: +(m[5] ?? 0), s: +(m[6] ?? 0) };
    }
    case 'excel': {
      if (!SERIAL.test(text)) return null;
      // Day 25569 is 1970-01-01; serials are wall-clock days (Excel has no time zone).
      const ms = Math.round((Number(text) - 25569) * 86_400_000);
      const date = new Date(ms);
      return { y: date.getUTCFullYear(), mo: date.getUTCMonth() + 1, d: date.getUTCDate(), h: date.getUTCHours(), mi: date.getUTCMinutes(), s: date.getUTCSeconds() };
    }
    case 'iso':
      return ISO.test(text) ? Date.parse(text) : null;
  }
}

function valid(p: Parts): boolean {
  return p.mo >= 1 && p.mo <= 12 && p.d >= 1 && p.d <= 31 && p.h < 24 && p.mi < 60 && p.s < 60 && p.y >= 1900 && p.y <= 2200;
}

/** Epoch ms of a cell in the given format, or null when it does not read as one. */
export function parseDate(value: string, format: DateFormat, zone: ZoneOffsets): number | null {
  const text = value.trim();
  if (!text) return null;
  const p = parts(text, format);
  if (p === null) return null;
  if (typeof p === 'number') return Number.isFinite(p) ? p : null;
  if (!valid(p)) return null;
  const local = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  // The calendar must not roll over (31 February is not 3 March).
  if (new Date(local).getUTCDate() !== p.d) return null;
  return zone.toUtc(local);
}

/** The format that reads the most of these sample values; null when none reads most of them. */
export function detectDateFormat(samples: string[]): DateFormat | null {
  const values = samples.map((s) => s.trim()).filter(Boolean).slice(0, 500);
  if (!values.length) return null;
  const zone = new ZoneOffsets('UTC');
  let best: DateFormat | null = null;
  let bestCount = 0;
  for (const format of DATE_FORMATS) {
    const count = values.filter((value) => parseDate(value, format, zone) !== null).length;
    if (count > bestCount) {
      best = format;
      bestCount = count;
    }
  }
  return bestCount >= Math.max(1, values.length * 0.8) ? best : null;
}

/**
 * Wall-clock time in a zone → UTC. Intl is far too slow to ask a million times, so offsets are
 * cached per local day (a day whose offset is the same at its first and last second has it all
 * day), and per hour on the few days a daylight-saving change happens.
 */
export class ZoneOffsets {
  private readonly days = new Map<number, number>();
  private readonly hours = new Map<number, number>();
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  }

  toUtc(localMs: number): number {
    const dayKey = Math.floor(localMs / DAY_MS);
    let offset = this.days.get(dayKey);
    if (offset === undefined) {
      const first = this.offsetForLocal(dayKey * DAY_MS);
      offset = first === this.offsetForLocal(dayKey * DAY_MS + DAY_MS - 1000) ? first : NaN;
      this.days.set(dayKey, offset);
    }
    if (!Number.isNaN(offset)) return localMs - offset;
    const hourKey = Math.floor(localMs / 3_600_000);
    let hourOffset = this.hours.get(hourKey);
    if (hourOffset === undefined) {
      hourOffset = this.offsetForLocal(localMs);
      this.hours.set(hourKey, hourOffset);
    }
    return localMs - hourOffset;
  }

  /** Guess with the offset at the wall-clock instant, then correct once (enough across DST changes). */
  private offsetForLocal(localMs: number): number {
    return this.offsetAt(localMs - this.offsetAt(localMs));
  }

  /** The zone's offset from UTC (ms) at a UTC instant. */
  private offsetAt(utcMs: number): number {
    const map: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(utcMs))) map[part.type] = Number(part.value);
    const asUtc = Date.UTC(map.year!, map.month! - 1, map.day!, map.hour!, map.minute!, map.second!);
    return asUtc - Math.floor(utcMs / 1000) * 1000;
  }
}
