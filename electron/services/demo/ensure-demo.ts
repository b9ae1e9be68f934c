import fs from 'node:fs';
import path from 'node:path';
import { SNAPSHOT_FILE } from '../db/durable-database';
import { migrations } from '../db/migrations';
import { demoWorkspaceDir } from '../workspace/demo-workspace';
import { DEMO_BUILD, WORKSPACE_FILE, buildDemoWorkspace } from './demo-builder';

/**
 * Development tools (CLI, browser mode) build the demo on first use, so a fresh clone needs no
 * extra step. The installed app ships it prebuilt and never imports the generator.
 * Built beside the target and renamed into place, so two processes starting at once cannot
 * leave a half-built demo behind.
 */
export async function ensureDemoWorkspace(resourcesDir: string): Promise<void> {
  const dir = demoWorkspaceDir(resourcesDir);
  const snapshot = path.join(dir, SNAPSHOT_FILE);
  if (fs.existsSync(snapshot) && schemaVersionOf(snapshot) >= migrations.length && buildOf(dir) >= DEMO_BUILD) return;
  // A demo built before the newest migration would be upgraded (and backed up) in every copy.
  process.stderr.write(`Building the demo workspace in ${dir} (first use, or a newer schema)…\n`);
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

/** PRAGMA user_version without opening the database: the big-endian integer at byte 60 of the header. */
function schemaVersionOf(file: string): number {
  const header = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, header, 0, 4, 60) === 4 ? header.readInt32BE(0) : 0;
  } finally {
    fs.closeSync(fd);
  }
}

/** The generator build that wrote the demo (workspace.json `build`; 1 before it was recorded). */
function buildOf(dir: string): number {
  try {
    const build = (JSON.parse(fs.readFileSync(path.join(dir, WORKSPACE_FILE), 'utf8')) as { build?: unknown }).build;
    return typeof build === 'number' ? build : 1;
  } catch {
    return 0;
  }
}
