// The long crash test (nightly-style): 200 SIGKILL trials against a process writing a workspace
// (journal appends, snapshots, backups, deferred index rebuilds); `npm test` runs 60 of them.
// Usage: npm run crash-test [-- TRIALS]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const trials = process.argv[2] ?? '200';
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', 'tests/integration/crash-durability.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, GRIDDESK_CRASH_TRIALS: trials },
});
process.exit(result.status ?? 1);
