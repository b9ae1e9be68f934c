import { Workspace } from '../../electron/services/workspace/workspace';

/**
 * One racer of the lock race test (tests/integration/workspace-lock-race.test.ts), run as its own
 * process: on 'go' it waits for the shared start instant, then opens the workspace for writing
 * and holds it until 'release'.
 */
type Message = { type: 'go'; trial: number; dir: string; at: number } | { type: 'release'; trial: number };

let open: Workspace | undefined;

process.on('message', (message: Message) => {
  void handle(message).then((reply) => process.send!(reply));
});

async function handle(message: Message): Promise<unknown> {
  if (message.type === 'release') {
    await open?.close({ checkpoint: false });
    open = undefined;
    return { trial: message.trial, released: true };
  }
  while (Date.now() < message.at) {
    // Spin to the start instant: all racers leave together.
  }
  try {
    open = await Workspace.open(message.dir, { app: 'cli' });
    return { trial: message.trial, won: true, pid: process.pid };
  } catch (error) {
    return { trial: message.trial, won: false, pid: process.pid, code: (error as { code?: string }).code ?? String(error) };
  }
}
process.send!({ ready: true });
