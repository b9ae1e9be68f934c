// The process the sync kill test SIGKILLs: one workstation's workspace, opened from its files as the
// app opens it, doing one push, pull or package receive. It kills itself at the point it was given
// (inside the hub transaction after a batch, between a local apply and the cursor or ack that
// follows it, after a page), or the parent kills it at a random moment. Bundled by sync-kill.test.ts.
import fs from 'node:fs';
import pg from 'pg';
import { ExchangeRepository } from '../../../electron/services/exchange/exchange.repository';
import { ExchangeService } from '../../../electron/services/exchange/exchange.service';
import { HubCursorRepository } from '../../../electron/services/hub/hub-cursor.repository';
import { HubSyncService } from '../../../electron/services/hub/hub-sync.service';
import { SyncRepository } from '../../../electron/services/sync/sync.repository';
import { SyncService } from '../../../electron/services/sync/sync.service';
import { Workspace } from '../../../electron/services/workspace/workspace';
import type { KillChildMessage, KillChildTask } from './sync-kill-protocol';

const task = JSON.parse(process.argv[2]!) as KillChildTask;
const send = (message: KillChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
const die = (point: string) => {
  if (task.killAt === point) process.kill(process.pid, 'SIGKILL');
};

const clock = () => task.now;
const workspace = await Workspace.open(task.dir);
const sync = new SyncService(new SyncRepository(workspace.db), clock);
let applies = 0;
let pages = 0;
// Between a committed apply and what follows it (the pull cursor, the package's ack).
const applyThenMaybeDie: SyncService['apply'] = (changes) => {
  const report = SyncService.prototype.apply.call(sync, changes);
  die(`apply:${++applies}`);
  return report;
};
sync.apply = applyThenMaybeDie;
await send({ kind: 'ready' });

if (task.op === 'receive') {
  const exchange = new ExchangeService(new ExchangeRepository(workspace.db), sync, clock);
  exchange.receivePackage(fs.readFileSync(task.packageFile!));
  await send({ kind: 'received' });
} else {
  const client = new pg.Client({ connectionString: task.hubUrl, application_name: 'griddesk-sync-kill' });
  await client.connect();
  const hub = new HubSyncService(sync, new HubCursorRepository(workspace.db), {
    hub: 'test-hub', clock, batchSize: task.batchSize, pageSize: task.pageSize,
    afterPushBatch: (sent) => die(`batch:${sent}`),
    afterPulledPage: async (seq) => {
      await send({ kind: 'page', seq });
      die(`page:${++pages}`);
    },
  });
  if (task.op === 'push') {
    await hub.push(client);
    await send({ kind: 'pushed' });
  } else {
    await hub.pull(client);
    await send({ kind: 'pulled' });
  }
  await client.end();
}
die('end');
await workspace.close({ checkpoint: false });
await send({ kind: 'closed' });
process.disconnect();
