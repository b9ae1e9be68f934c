import fs from 'node:fs';
import path from 'node:path';
import { SNAPSHOT_FILE } from '../db/durable-database';
import { demoWorkspaceDir } from '../workspace/demo-workspace';
import { buildDemoWorkspace } from './demo-builder';

/**
 * Development tools (CLI, browser mode) build the demo on first use, so a fresh clone needs no
 * extra step. The installed app ships it prebuilt and never imports the generator.
 */
export async function ensureDemoWorkspace(resourcesDir: string): Promise<void> {
  const dir = demoWorkspaceDir(resourcesDir);
  if (fs.existsSync(path.join(dir, SNAPSHOT_FILE))) return;
  process.stderr.write(`Building the demo workspace in ${dir} (first use)…\n`);
  await buildDemoWorkspace({ outDir: dir });
}
