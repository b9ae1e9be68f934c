/**
 * Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds plus a counter, so that an event
 * made after seeing another always sorts after it, even when the two desks' clocks disagree.
 * Written as a fixed-width string, so that text order is clock order (in SQL and in JSON alike).
 */
const MS_DIGITS = 13;
const COUNTER_DIGITS = 4;
const COUNTER_LIMIT = 16 ** COUNTER_DIGITS;

export interface HlcParts {
  ms: number;
  counter: number;
}

export function formatHlc({ ms, counter }: HlcParts): string {
  return `${String(ms).padStart(MS_DIGITS, '0')}-${counter.toString(16).padStart(COUNTER_DIGITS, '0')}`;
}

export function parseHlc(text: string): HlcParts {
  const match = /^(\d{13})-([0-9a-f]{4})$/.exec(text);
  if (!match) throw new Error(`不是有效的混合逻辑时钟：${text}`);
  return { ms: Number(match[1]), counter: parseInt(match[2]!, 16) };
}

/** The clock of an event recorded before clocks existed: its time, counter 0. */
export function legacyHlc(at: number): string {
  return formatHlc({ ms: at, counter: 0 });
}

/** The clock for a new local event: after everything seen so far, and at least the wall clock. */
export function tickHlc(last: string | null, now: number): string {
  const seen = last === null ? { ms: 0, counter: 0 } : parseHlc(last);
  if (now > seen.ms) return formatHlc({ ms: now, counter: 0 });
  return bump(seen);
}

/** After receiving `remote`: the local clock moves past it, so later local events sort after it. */
export function receiveHlc(last: string | null, remote: string, now: number): string {
  const seen = last === null ? { ms: 0, counter: 0 } : parseHlc(last);
  const theirs = parseHlc(remote);
  const ms = Math.max(seen.ms, theirs.ms, now);
  if (ms === now && now > seen.ms && now > theirs.ms) return formatHlc({ ms, counter: 0 });
  const counter = Math.max(ms === seen.ms ? seen.counter : -1, ms === theirs.ms ? theirs.counter : -1) + 1;
  return counter < COUNTER_LIMIT ? formatHlc({ ms, counter }) : formatHlc({ ms: ms + 1, counter: 0 });
}

function bump(seen: HlcParts): string {
  return seen.counter + 1 < COUNTER_LIMIT ? formatHlc({ ms: seen.ms, counter: seen.counter + 1 }) : formatHlc({ ms: seen.ms + 1, counter: 0 });
}
