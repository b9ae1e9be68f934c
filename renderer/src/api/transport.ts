import type { ApiResult } from '@contract/common';
import type { Channel, GridDeskApi, Input, Output } from '@contract/index';
import { ApiError } from './api-error';

/**
 * The one place that talks to the services. In Electron the preload exposes `window.api` (IPC);
 * in a browser the HTTP bridge answers the same contract at `api/invoke` on the page's own origin
 * (its token already sits in an HttpOnly cookie set by the first page load).
 */
const httpApi: GridDeskApi = {
  async invoke(channel, input) {
    const response = await fetch('api/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ channel, input }),
    });
    const type = response.headers.get('Content-Type') ?? '';
    if (!type.includes('application/json')) {
      const text = await response.text();
      return { ok: false, error: { code: `http_${response.status}`, message: text || response.statusText } };
    }
    return (await response.json()) as ApiResult<never>;
  },
};

function transport(): GridDeskApi {
  return window.api ?? httpApi;
}

/** Which transport carries the calls, for the status bar. */
export function transportKind(): 'ipc' | 'http' {
  return window.api ? 'ipc' : 'http';
}

/** Session errors any call may meet: the auth store shows the lock overlay or the sign-in screen. */
const SESSION_CODES = new Set(['not_signed_in', 'session_locked', 'password_change_required']);
let onSessionError: ((code: string) => void) | undefined;

/** The auth store listens here, so no screen has to handle a lapsed or locked session itself. */
export function listenForSessionErrors(listener: (code: string) => void): void {
  onSessionError = listener;
}

/** Calls one channel and unwraps the envelope; throws ApiError when the answer is `ok: false`. */
export async function invoke<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  const result = (await transport().invoke(channel, input)) as ApiResult<Output<C>>;
  if (!result.ok) {
    if (SESSION_CODES.has(result.error.code) && !channel.startsWith('auth:')) onSessionError?.(result.error.code);
    throw new ApiError(channel, result.error);
  }
  return result.value;
}
