import { fork, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { ApiResult, Channel, Input, Output, WorkspaceInfo } from '../../contract';
import type { HostOptions, HostRequest, HostResponse } from './backend-protocol';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Pending = { resolve: (result: ApiResult<unknown>) => void };
type Endpoint = { post(message: HostRequest): void; stop(): Promise<void> };

/** Talks to a backend host running as a worker thread or as a child process. */
export class BackendClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exitError: Error | undefined;

  private constructor(
    private readonly endpoint: Endpoint,
    readonly ready: Promise<void>,
  ) {}

  /** In Electron's main process: the database lives in a worker thread, off the UI's way. */
  static startWorker(hostScript: string, options: HostOptions): BackendClient {
    const worker = new Worker(hostScript, { workerData: options });
    let client!: BackendClient;
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: HostResponse | { ready: true }) =>
        'ready' in message ? resolve() : client.settle(message),
      );
      worker.on('error', (error) => {
        reject(error);
        client.fail(error);
      });
      worker.on('exit', (code) => client.fail(new Error(`Database worker exited with code ${code}`)));
    });
    client = new BackendClient({ post: (message) => worker.postMessage(message), stop: async () => void (await worker.terminate()) }, ready);
    return client;
  }

  /** As its own process (crash tests kill it). */
  static startProcess(hostScript: string, options: HostOptions): BackendClient & { child: ChildProcess } {
    const child = fork(hostScript, [], {
      env: { ...process.env, GRIDDESK_HOST_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let client!: BackendClient;
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (message: HostResponse | { ready: true }) =>
        'ready' in message ? resolve() : client.settle(message),
      );
      child.on('exit', (code, signal) => {
        const error = new Error(`Database process exited (${signal ?? code})`);
        reject(error);
        client.fail(error);
      });
    });
    const stop = () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      });
    // With a callback, a send after the channel closed reports here instead of as an 'error' event.
    const post = (message: HostRequest) => child.send(message, (error) => error && client.fail(error));
    client = new BackendClient({ post, stop }, ready);
    return Object.assign(client, { child });
  }

  call<C extends Channel>(channel: C, input: Input<C>): Promise<ApiResult<Output<C>>> {
    return this.request({ kind: 'call', channel, input }) as Promise<ApiResult<Output<C>>>;
  }

  /** Like call(), but throws on an error answer. */
  async invoke<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const result = await this.call(channel, input);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value;
  }

  /**
   * Opens (or creates, empty or from the demo) a folder main itself chose: the one way to name a
   * folder, kept out of the contract so that no renderer can.
   */
  openFolder(dir: string, create?: 'empty' | 'demo'): Promise<ApiResult<WorkspaceInfo>> {
    return this.request({ kind: 'open-folder', dir, ...(create ? { create } : {}) }) as Promise<ApiResult<WorkspaceInfo>>;
  }

  tile(basemapId: number, z: number, x: number, y: number): Promise<ApiResult<unknown>> {
    return this.request({ kind: 'tile', basemapId, z, x, y });
  }

  attachment(sha256: string): Promise<ApiResult<unknown>> {
    return this.request({ kind: 'attachment', sha256 });
  }

  async shutdown(): Promise<void> {
    if (!this.exitError) await this.request({ kind: 'shutdown' }).catch(() => undefined);
    await this.endpoint.stop();
  }

  /** Always resolves: a dead host answers every request with a 'backend_exited' error envelope. */
  private request(message: DistributiveOmit<HostRequest, 'id'>): Promise<ApiResult<unknown>> {
    if (this.exitError) return Promise.resolve(exitedResult(this.exitError));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      try {
        this.endpoint.post({ ...message, id } as HostRequest);
      } catch (error) {
        // The channel closed between the exit and its event: answer as the exit would.
        this.fail(error as Error);
      }
    });
  }

  private settle(message: HostResponse): void {
    this.pending.get(message.id)?.resolve(message.result);
    this.pending.delete(message.id);
  }

  private fail(error: Error): void {
    this.exitError ??= error;
    for (const { resolve } of this.pending.values()) resolve(exitedResult(this.exitError));
    this.pending.clear();
  }
}

function exitedResult(error: Error): ApiResult<never> {
  return { ok: false, error: { code: 'backend_exited', message: error.message } };
}
