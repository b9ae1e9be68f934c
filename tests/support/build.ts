import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const distElectron = path.join(repoRoot, 'dist-electron');
export const sharedData = path.resolve(repoRoot, '..', 'shared', 'data');

/** Vitest global setup: tests that start real processes run the bundles built from the current source. */
export default function setup(): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-electron.mjs')], { stdio: 'inherit' });
}
