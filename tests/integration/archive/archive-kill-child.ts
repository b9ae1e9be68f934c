// The process the archive kill test SIGKILLs: opens the workspace from its files as the app does and
// archives with six months kept, reporting each part as it is written. Bundled by archive-kill.test.ts.
import { ArchiveRepository } from '../../../electron/services/archive/archive.repository';
import { ArchiveService } from '../../../electron/services/archive/archive.service';
import { SyncRepository } from '../../../electron/services/sync/sync.repository';
import { Workspace } from '../../../electron/services/workspace/workspace';

const dir = process.argv[2]!;
const send = (message: string) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
const workspace = await Workspace.open(dir);
const sync = new SyncRepository(workspace.db);
const archive = new ArchiveService(new ArchiveRepository(workspace.db), dir, () => sync.identity().id, Date.now, () => workspace.db.compact());
await send('ready');
const run = await archive.run(6);
await send(`done:${run.cases}`);
await workspace.close();
process.exit(0);
