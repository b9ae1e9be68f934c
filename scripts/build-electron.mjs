// Bundles the Node side (main, preload, services, CLI, bridge, tools) with esbuild.
// Dependencies stay external (resolved from node_modules at run time) so sql.js finds its WASM.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.join(root, 'dist-electron');
const present = (entries) =>
  Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(path.join(root, file))));

const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  loader: { '.sql': 'text' },
};

await build({
  ...common,
  entryPoints: present({
    main: 'electron/main/index.ts',
    'backend-host': 'electron/services/backend/backend.host.ts',
    cli: 'electron/cli.ts',
    hub: 'electron/hub-cli.ts',
    bridge: 'electron/services/backend/bridge.main.ts',
    'demo-build': 'electron/services/demo/demo-build.main.ts',
    bench: 'tests/bench/bench.main.ts',
  }),
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  packages: 'external',
});

// A sandboxed preload must be CommonJS; electron is its only import.
await build({
  ...common,
  entryPoints: present({ preload: 'electron/preload/index.ts' }),
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  external: ['electron'],
});
