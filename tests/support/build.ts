import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ensureDemoWorkspace } from '../../electron/services/demo/ensure-demo';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const distElectron = path.join(repoRoot, 'dist-electron');
export const sharedData = path.resolve(repoRoot, '..', 'shared', 'data');

/**
 * Vitest global setup: tests that start real processes run the bundles built from the current
 * source, and tests on the demo district copy the bundled demo, built here once on a fresh clone.
 */
export default async function setup(): Promise<void> {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-electron.mjs')], { stdio: 'inherit' });
  await ensureDemoWorkspace(path.join(repoRoot, 'resources'));
}
