import { parentPort, workerData } from 'node:worker_threads';
import { validateCall } from '../../contract/validate';
import { toErrorBody } from '../shared/app-error';
import { demoTodayFromEnv } from '../demo/demo-present';
import { Backend } from './backend';
import type { HostOptions, HostRequest, HostResponse } from './backend-protocol';

/**
 * The database worker. Runs as a worker thread (Electron main) or as a forked child process
 * (crash tests). Requests run one at a time, in order: sql.js is single-threaded and so is the
 * journal. When the queue drains it takes a snapshot if the journal has grown.
 */
const send: (message: unknown) => void = parentPort
  ? (message) => parentPort!.postMessage(message)
  : (message) => process.send!(message);
const options: HostOptions = parentPort ? (workerData as HostOptions) : (JSON.parse(process.env.GRIDDESK_HOST_OPTIONS ?? '{}') as HostOptions);

const backend = new Backend({ ...options, demoToday: demoTodayFromEnv() });
let queue: Promise<void> = Promise.resolve();
let idleTimer: NodeJS.Timeout | undefined;

async function handle(request: HostRequest): Promise<HostResponse['result']> {
  switch (request.kind) {
    case 'call': {
      // Main validated already; validating again keeps the host safe when driven directly (tests).
      const call = validateCall(request.channel, request.input);
      if (!call.ok) return { ok: false, error: call.error };
      return { ok: true, value: await backend.call(call.channel, call.input) };
    }
    case 'tile':
      return { ok: true, value: await backend.tile(request.basemapId, request.z, request.x, request.y) };
    case 'attachment':
      return { ok: true, value: await backend.attachment(request.sha256) };
    case 'open-folder':
      return { ok: true, value: request.create ? await backend.createWorkspace(request.dir, request.create === 'demo') : await backend.openWorkspace(request.dir) };
    case 'shutdown':
      await backend.closeWorkspace();
      return { ok: true, value: null };
  }
}

function onMessage(request: HostRequest): void {
  clearTimeout(idleTimer);
  queue = queue.then(async () => {
    let result: HostResponse['result'];
    try {
      result = await handle(request);
    } catch (error) {
      result = { ok: false, error: toErrorBody(error) };
    }
    send({ id: request.id, result } satisfies HostResponse);
    if (request.kind === 'shutdown') setImmediate(() => process.exit(0));
    idleTimer = setTimeout(() => {
      queue = queue.then(() => backend.idle()).catch(() => undefined);
    }, options.idleCheckpointMs ?? 2000);
  });
}

if (parentPort) parentPort.on('message', onMessage);
else process.on('message', (message) => onMessage(message as HostRequest));
send({ ready: true });
