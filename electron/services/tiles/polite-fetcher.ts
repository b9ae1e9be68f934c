// Fetches tiles from an online source the way tile servers ask to be treated: a few requests a
// second, a User-Agent naming the app, HTTP 429 / Retry-After obeyed, 5xx retried with backoff,
// and a tile given up after a few tries (reported, not fatal). One request at a time.
import { formatOfTile } from './tile-format';

export const GRIDDESK_USER_AGENT = 'GridDesk/0.1 (offline area download; grid governance desktop app)';

export interface PoliteOptions {
  /** Requests started per second, retries included. */
  ratePerSecond: number;
  /** Tries per tile before giving up on it. */
  maxTries: number;
  /** First backoff after a 5xx or network error; doubles each try. */
  backoffMs?: number;
  /** Longest Retry-After honoured (a server asking for an hour gets the job paused, not stuck). */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  userAgent?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

export type FetchOutcome =
  | { kind: 'tile'; data: Uint8Array; tries: number }
  /** 404/204: the source has nothing there (sea, outside its coverage); not an error. */
  | { kind: 'missing'; status: number; tries: number }
  | { kind: 'failed'; reason: string; tries: number };

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class PoliteFetcher {
  private nextSlot = 0;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  /** Requests actually sent (for the progress report). */
  requests = 0;

  constructor(private readonly options: PoliteOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? (() => performance.now());
  }

  async get(url: string, signal?: AbortSignal): Promise<FetchOutcome> {
    const backoff = this.options.backoffMs ?? 1000;
    let reason = '';
    for (let tries = 1; tries <= this.options.maxTries; tries++) {
      await this.waitForSlot(signal);
      this.requests++;
      let response: Response;
      const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 20_000);
      try {
        let pending: Promise<Response>;
        try {
          pending = this.fetchFn(url, {
            headers: { 'User-Agent': this.options.userAgent ?? GRIDDESK_USER_AGENT },
            signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          });
        } finally {
          // The next slot counts from after the request went out, so no pause (GC, a busy core) can bunch two.
          this.nextSlot = this.now() + 1000 / this.options.ratePerSecond;
        }
        response = await pending;
      } catch (err) {
        if (signal?.aborted) throw signal.reason as Error;
        reason = `网络错误 (${(err as Error).message})`;
        await this.sleep(backoff * 2 ** (tries - 1), signal);
        continue;
      }
      if (response.status === 429) {
        // Everyone waits: the pause applies to the source, not to this tile.
        const wait = Math.min(retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? backoff * 2 ** (tries - 1), this.options.maxRetryAfterMs ?? 300_000);
        this.nextSlot = Math.max(this.nextSlot, this.now() + wait);
        reason = 'HTTP 429 请求过多 (too many requests)';
        await response.body?.cancel();
        continue;
      }
      if (response.status >= 500) {
        reason = `HTTP ${response.status}`;
        await response.body?.cancel();
        const asked = retryAfterMs(response.headers.get('retry-after'), Date.now());
        await this.sleep(asked ?? backoff * 2 ** (tries - 1), signal);
        continue;
      }
      if (response.status === 404 || response.status === 204) {
        await response.body?.cancel();
        return { kind: 'missing', status: response.status, tries };
      }
      if (!response.ok) {
        // 401/403 etc.: asking again will not help (a wrong key, a refused referer).
        await response.body?.cancel();
        return { kind: 'failed', reason: `HTTP ${response.status}`, tries };
      }
      const data = new Uint8Array(await response.arrayBuffer());
      if (formatOfTile(data) === 'unknown' || formatOfTile(data) === 'pbf') {
        return { kind: 'failed', reason: `不是图片 (not an image: ${response.headers.get('content-type') ?? 'no content-type'})`, tries };
      }
      return { kind: 'tile', data, tries };
    }
    return { kind: 'failed', reason, tries: this.options.maxTries };
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    // A loop, not one sleep: Node timers count from the event loop's cached clock and can fire early after busy work.
    for (let wait = this.nextSlot - this.now(); wait > 0; wait = this.nextSlot - this.now()) await this.sleep(wait, signal);
  }
}
