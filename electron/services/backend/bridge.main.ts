import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RESOLVABLE_OPEN_CODES } from '../../contract/workspace';
import { Backend } from './backend';
import { demoTodayFromEnv } from '../demo/demo-present';
import { ensureDemoWorkspace } from '../demo/ensure-demo';
import { HttpBridge } from './http-bridge';

/**
 * `npm run dev:web [-- --workspace DIR [--demo] --port N]`: the app in any browser, on loopback.
 * Without --workspace it opens (creating on first use) the demo workspace in the config folder.
 * Prints one JSON line {"url": ...} so scripts and tests can find it.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const { values } = parseArgs({
  options: { workspace: { type: 'string' }, demo: { type: 'boolean', default: false }, port: { type: 'string', default: '0' } },
});

const configDir = process.env.GRIDDESK_CONFIG_DIR ?? path.join(os.homedir(), '.griddesk');
const resourcesDir = path.join(repoRoot, 'resources');
const backend = new Backend({ configDir, resourcesDir, demoToday: demoTodayFromEnv() });
const workspace = values.workspace ?? path.join(configDir, 'demo-workspace');
const demo = values.demo || values.workspace === undefined;
if (fs.existsSync(path.join(workspace, 'workspace.json'))) {
  // A damaged journal or a held lock is for the page's start screen to resolve with the user.
  await backend.openWorkspace(workspace).catch((error: unknown) => {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !RESOLVABLE_OPEN_CODES.has(code)) throw error;
    process.stderr.write(`[GridDesk] ${(error as Error).message}\n`);
  });
}
else {
  if (demo) await ensureDemoWorkspace(resourcesDir);
  await backend.createWorkspace(workspace, demo);
}

const bridge = new HttpBridge(backend, path.join(repoRoot, 'dist', 'renderer'));
const url = await bridge.start(Number(values.port));
process.stdout.write(`${JSON.stringify({ url, workspace: path.resolve(workspace) })}\n`);

async function shutdown(): Promise<void> {
  await bridge.stop();
  await backend.closeWorkspace();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
