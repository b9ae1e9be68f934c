import path from 'node:path';
import { Backend } from '../../electron/services/backend/backend';
import type { BenchTable } from './bench-table';

/**
 * First start on the bundled demo (issue 13): creating the demo workspace and moving its history to
 * end today (demo-present.ts), against creating it as built, in the same run. Uses the bundled
 * 50,000-case demo in resources/ (the one a user gets).
 */
export async function benchDemoPresent(table: BenchTable, repoRoot: string, scratch: string): Promise<void> {
  const resourcesDir = path.join(repoRoot, 'resources');
  const create = async (name: string, demoToday?: () => number) => {
    const backend = new Backend({ configDir: path.join(scratch, `${name}-config`), resourcesDir, demoToday });
    const started = performance.now();
    await backend.createWorkspace(path.join(scratch, name), true);
    const ms = performance.now() - started;
    await backend.closeWorkspace();
    return ms;
  };
  const asBuilt = await create('demo-as-built');
  const present = await create('demo-present', () => Date.now());
  table.add({
    issue: '#13', name: 'first start: demo workspace created and moved to today (50k cases)', value: present, unit: 'ms',
    reference: { name: 'created as built', value: asBuilt }, goal: '≤ 4000 ms more than as built', pass: present - asBuilt <= 4000,
  });
}
