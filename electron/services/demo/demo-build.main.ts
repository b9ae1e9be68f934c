/**
 * `npm run demo:build` → node dist-electron/demo-build.mjs [--out DIR] [--cases N] [--seed S] [--data DIR]
 * Rebuilds the bundled demo workspace (default resources/demo/workspace, relative to the repo root).
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildDemoWorkspace } from './demo-builder';
import { DEFAULT_CASE_COUNT, DEFAULT_SEED } from './patterns';

function parseArgs(argv: string[]): { out: string; cases: number; seed: number; data?: string } {
  const args = { out: 'resources/demo/workspace', cases: DEFAULT_CASE_COUNT, seed: DEFAULT_SEED, data: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined || !['--out', '--cases', '--seed', '--data'].includes(flag)) {
      throw new Error(`Usage: demo-build [--out DIR] [--cases N] [--seed S] [--data SHARED_DATA_DIR] (bad argument ${flag})`);
    }
    i++;
    if (flag === '--out') args.out = value;
    else if (flag === '--data') args.data = value;
    else {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 0) throw new Error(`${flag} needs a non-negative integer, got ${value}`);
      if (flag === '--cases') args.cases = number;
      else args.seed = number;
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const outDir = path.resolve(process.cwd(), args.out);
  if (outDir === path.parse(outDir).root || outDir === process.cwd()) throw new Error(`Refusing to delete ${outDir}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  const result = await buildDemoWorkspace({
    outDir,
    seed: args.seed,
    caseCount: args.cases,
    sharedDataDir: args.data ? path.resolve(process.cwd(), args.data) : undefined,
    log: (message) => console.log(`  ${message}`),
  });
  const c = result.counts;
  console.log(`Demo workspace written to ${outDir} (seed ${result.seed}) in ${result.seconds.toFixed(1)} s`);
  console.log(`  regions: ${c.districts} district, ${c.streets} streets, ${c.communities} communities, ${c.grids} grids; ${c.streetLines} street lines`);
  console.log(`  ${c.departments} departments, ${c.staff} staff, ${c.duties} duty assignments, ${c.categories} categories`);
  console.log(`  ${c.cases} cases (${c.openCases} open), ${c.caseEvents} events, ${c.whistles} whistles, ${c.whistleReports} whistle reports`);
  console.log(`  snapshot ${(result.snapshotBytes / 1024 / 1024).toFixed(1)} MB`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
