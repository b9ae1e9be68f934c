import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/app-error';
import { SNAPSHOT_FILE } from '../db/durable-database';
import { MANIFEST_FILE } from './workspace-files';

/** Where the bundled demo district lives inside resources/ (built by `npm run demo:build`). */
export function demoWorkspaceDir(resourcesDir: string): string {
  return path.join(resourcesDir, 'demo', 'workspace');
}

/** Copies the bundled demo district into a new workspace folder. */
export function copyDemoWorkspace(resourcesDir: string, targetDir: string): void {
  const source = demoWorkspaceDir(resourcesDir);
  if (!fs.existsSync(path.join(source, SNAPSHOT_FILE))) {
    throw new AppError('demo_missing', `演示工作区尚未生成（${source}）：请先运行 npm run demo:build`);
  }
  if (fs.existsSync(targetDir) && fs.readdirSync(targetDir).length > 0) {
    throw new AppError('folder_not_empty', `新工作区的文件夹必须为空：${targetDir}`);
  }
  fs.mkdirSync(targetDir, { recursive: true });
  // The demo is closed with a final snapshot, so the snapshot and the manifest are the whole of it.
  for (const file of [SNAPSHOT_FILE, MANIFEST_FILE]) fs.copyFileSync(path.join(source, file), path.join(targetDir, file));
}
