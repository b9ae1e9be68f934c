import fs from 'node:fs';
import path from 'node:path';
import { SNAPSHOT_FILE } from '../db/durable-database';
import { demoWorkspaceDir } from '../workspace/demo-workspace';
import { buildDemoWorkspace } from './demo-builder';

/**
 * Development tools (CLI, browser mode) build the demo on first use, so a fresh clone needs no
 * extra step. The installed app ships it prebuilt and never imports the generator.
 * Built beside the target and renamed into place, so two processes starting at once cannot
 * leave a half-built demo behind.
 */
export async function ensureDemoWorkspace(resourcesDir: string): Promise<void> {
  const dir = demoWorkspaceDir(resourcesDir);
  if (fs.existsSync(path.join(dir, SNAPSHOT_FILE))) return;
  process.stderr.write(`Building the demo workspace in ${dir} (first use)…\n`);
  const building = `${dir}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  await buildDemoWorkspace({ outDir: building });
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(building, dir);
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, SNAPSHOT_FILE))) throw error;
  }
}
