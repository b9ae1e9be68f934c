import type { ApiResult } from '../../contract/common';
import type { BackendOptions } from './backend';

/** Messages between a backend client (Electron main, tests) and the backend host (worker or child process). */
export type HostRequest =
  | { id: number; kind: 'call'; channel: string; input: unknown }
  | { id: number; kind: 'tile'; basemapId: number; z: number; x: number; y: number }
  | { id: number; kind: 'attachment'; sha256: string }
  /** A folder named by main (its chooser, GRIDDESK_WORKSPACE): never a contract call, so never the renderer's. */
  | { id: number; kind: 'open-folder'; dir: string; create?: 'empty' | 'demo' }
  | { id: number; kind: 'shutdown' };

export interface HostResponse {
  id: number;
  result: ApiResult<unknown>;
}

/** Sent once by the host when it is ready for requests. */
export interface HostReady {
  ready: true;
}

export interface HostOptions extends BackendOptions {
  /** How long the queue must stay empty before a due snapshot is taken (default 2 s). */
  idleCheckpointMs?: number;
}
