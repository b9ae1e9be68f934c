import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../backend/app-error';
import { SNAPSHOT_FILE } from '../db/durable-database';
import { MANIFEST_FILE } from './workspace-files';

/**
 * Copies the bundled demo district (built by `npm run demo:build` into resources/demo/workspace)
 * into a new workspace folder. When the bundle has not been built yet (a fresh clone), builds it.
 */
export async function copyDemoWorkspace(resourcesDir: string, targetDir: string): Promise<void> {
  const source = path.join(resourcesDir, 'demo', 'workspace');
  if (!fs.existsSync(path.join(source, SNAPSHOT_FILE))) {
    const { buildDemoWorkspace } = await import('../demo/demo-builder');
    await buildDemoWorkspace({ outDir: source });
  }
  if (fs.existsSync(targetDir) && fs.readdirSync(targetDir).length > 0) {
    throw new AppError('folder_not_empty', `新工作区的文件夹必须为空：${targetDir}`);
  }
  fs.mkdirSync(targetDir, { recursive: true });
  for (const file of [SNAPSHOT_FILE, MANIFEST_FILE]) fs.copyFileSync(path.join(source, file), path.join(targetDir, file));
}
