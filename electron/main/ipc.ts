import { ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import type { ApiResult, Channel, Input } from '../contract';
import { validateCall } from '../contract/validate';
import { IPC_INVOKE_CHANNEL } from '../contract/channel-names';
import type { BackendClient } from '../services/backend/backend.client';
import { isAppUrl } from './protocol-paths';
import { safeCall } from './workspace-startup';

export interface IpcOptions {
  backend: Pick<BackendClient, 'call'>;
  /** Calls wait for this (the startup workspace being open) so the first page load sees it. */
  whenReady: Promise<unknown>;
  /** After the renderer opened or created a workspace: the menu's recent list changed. */
  onWorkspaceChanged(): void;
  /** Channels main answers itself (they need a native dialog); the rest go to the database worker. */
  answeredByMain?: { [C in Channel]?: (input: Input<C>, event: IpcMainInvokeEvent) => Promise<unknown> };
}

const WORKSPACE_CHANGING = new Set<string>(['workspace:open', 'workspace:salvage', 'workspace:restore']);

/**
 * The one IPC entry point: `griddesk:invoke(channel, input)`. The sender must be our own page
 * (top frame on app://griddesk); the input is validated against the contract before the database
 * worker sees it. Always answers with the ApiResult envelope — never throws across IPC, so the
 * renderer handles one shape of failure.
 */
export function registerIpc(options: IpcOptions): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, channel: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused' } };
    }
    const call = validateCall(String(channel), input);
    if (!call.ok) return { ok: false, error: call.error };
    await options.whenReady.catch(() => undefined);
    const own = options.answeredByMain?.[call.channel] as ((input: unknown, event: IpcMainInvokeEvent) => Promise<unknown>) | undefined;
    if (own) return answer(() => own(call.input, event));
    // Input<C> and the parsed (defaults-applied) value differ only in optionality: the host re-validates.
    const result = await safeCall(() => options.backend.call(call.channel, call.input as Input<Channel>));
    if (result.ok && WORKSPACE_CHANGING.has(call.channel)) options.onWorkspaceChanged();
    return result;
  });
  return () => ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
}

/** A call main answers itself, in the same envelope; an error keeps its code (AppError, or a worker's answer). */
async function answer(run: () => Promise<unknown>): Promise<ApiResult<unknown>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, error: { code: typeof code === 'string' ? code : 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** Only the main frame of a page loaded from app://griddesk may call services (no iframes, no remote pages). */
function isTrustedSender(frame: WebFrameMain | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}
