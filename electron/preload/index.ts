import { contextBridge, ipcRenderer } from 'electron';
import type { GridDeskApi } from '../contract';
import { ALLOWED_CHANNELS, IPC_INVOKE_CHANNEL } from '../contract/channel-names';

/**
 * The sandboxed preload: exposes `window.api.invoke(channel, input)` and nothing else. Unknown
 * channels are refused here already (main validates every call again); the answer is always the
 * contract's ApiResult envelope, never a thrown error.
 */
const allowed = new Set<string>(ALLOWED_CHANNELS);

const api: GridDeskApi = {
  invoke: (channel, input) =>
    allowed.has(channel)
      ? ipcRenderer.invoke(IPC_INVOKE_CHANNEL, channel, input)
      : Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `Unknown channel: ${String(channel)}` } }),
};

contextBridge.exposeInMainWorld('api', api);
