// Paths and small helpers shared by the tile tests. The archives are the real public files in
// shared/data/tiles (beside the repository; provenance in shared/data/README.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
export const tilesDir = path.resolve(repoRoot, '..', 'shared', 'data', 'tiles');
export const beijingDir = path.resolve(repoRoot, '..', 'shared', 'data', 'beijing');
export const bundledBasemap = path.join(repoRoot, 'resources', 'tiles', 'beijing-offline.mbtiles');
export const fixture = (name: string) => path.join(tilesDir, name);

const made: string[] = [];
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-tiles-'));
  made.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export const hasMagic = (data: Uint8Array, bytes: number[], at = 0) => bytes.every((b, i) => data[at + i] === b);
export const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const isWebp = (d: Uint8Array) => hasMagic(d, [0x52, 0x49, 0x46, 0x46]) && hasMagic(d, [0x57, 0x45, 0x42, 0x50], 8);

export function decodePng(data: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(data));
}

/** Web Mercator XYZ tile holding a WGS84 point. */
export function tileAt(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [x, y];
}
