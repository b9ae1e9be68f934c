// The process the crash test kills: a workspace database doing what the app's database worker does
// (durable writes, a snapshot when the journal has grown and the queue is idle, the daily backup it
// takes, deferred index rebuilds between requests), driven over IPC. Bundled by crash-harness.ts.
import path from 'node:path';
import { DeferredIndexBuilder, DeferredIndexesRepository } from '../../../electron/services/db/deferred-indexes.repository';
import { DurableDatabase } from '../../../electron/services/db/durable-database';
import { crashMigrations, INSERT_PROBE, type ChildMessage, type ParentMessage } from './crash-protocol';

const dir = process.argv[2]!;
const send = (message: ChildMessage) => process.send!(message);

const db = await DurableDatabase.open(dir, { migrations: crashMigrations, backupsDir: path.join(dir, 'backups'), checkpointJournalBytes: 64 * 1024 });
const repo = new DeferredIndexesRepository(db);
const indexes = new DeferredIndexBuilder(repo, 5);
indexes.schedule();
let idle: ReturnType<typeof setTimeout> | undefined;
let queue = Promise.resolve();

process.on('message', (message: ParentMessage) => {
  clearTimeout(idle);
  queue = queue.then(() => {
    if (message.kind === 'write') {
      try {
        db.transaction((tx) => tx.run(INSERT_PROBE, [message.value, message.pad, message.value.length]));
        send({ kind: 'ack', id: message.id });
      } catch (error) {
        send({ kind: 'error', id: message.id, message: String(error) });
      }
    } else {
      // What a bulk import does: drop the table's indexes in a durable transaction, rebuild later.
      db.transaction((tx) => repo.defer(tx, 'crash_probe'));
      indexes.schedule();
      send({ kind: 'ack', id: message.id });
    }
    idle = setTimeout(() => {
      queue = queue.then(async () => {
        if (!db.needsCheckpoint()) return;
        send({ kind: 'snapshot', phase: 'start' });
        await db.checkpoint().catch(() => undefined);
        send({ kind: 'snapshot', phase: 'end' });
      });
    }, 1);
  });
});
send({ kind: 'ready' });
