/** Builds small demo workspaces from the real shared data for the demo tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { buildDemoWorkspace, type DemoBuildResult } from '../../../../electron/services/demo/demo-builder';

export const SHARED_DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data');
export const SMALL_CASES = 3000;

export interface BuiltDemo {
  dir: string;
  result: DemoBuildResult;
  db: DurableDatabase;
}

const dirs: string[] = [];

export async function buildSmallDemo(seed: number, caseCount = SMALL_CASES): Promise<BuiltDemo> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-demo-'));
  dirs.push(parent);
  const dir = path.join(parent, 'workspace');
  const result = await buildDemoWorkspace({ outDir: dir, seed, caseCount, sharedDataDir: SHARED_DATA });
  const db = await DurableDatabase.open(dir, { migrations });
  return { dir, result, db };
}

export async function cleanup(demos: (BuiltDemo | undefined)[]): Promise<void> {
  for (const demo of demos) await demo?.db.close({ checkpoint: false });
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** 'YYYY-MM' in Asia/Shanghai of an epoch-ms column, as SQL. */
export const MONTH_SQL = (column: string) => `strftime('%Y-%m', ${column} / 1000 + 8 * 3600, 'unixepoch')`;
