// `npm run builder:check [-- --require-build]`: validates electron-builder.yml offline, before a
// long `npm run dist:win` finds the problem. Three layers:
//   1. electron-builder's own loader and JSON-schema validation (app-builder-lib getConfig +
//      validateConfiguration: the same code `electron-builder` runs first; no downloads),
//   2. GridDesk's invariants the app code relies on (resource layout, sql.js unpacked, Windows targets,
//      Electron fuses),
//   3. every file the config references exists (icons, resource folders and their contents).
// With --require-build, the build outputs (dist-electron, dist/renderer) must exist too.
// --config FILE checks another configuration against this repository (the tests use it).
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const configArg = process.argv.indexOf('--config');
const configFile = configArg > 0 ? path.resolve(process.argv[configArg + 1]) : path.join(root, 'electron-builder.yml');
const requireBuild = process.argv.includes('--require-build');
/**
 * Electron fuses and the value each must have in the installed app. A missing one keeps Electron's
 * default, which for most of these is the unsafe one (ELECTRON_RUN_AS_NODE, NODE_OPTIONS and
 * --inspect respected; app code loadable from outside the asar, unchecked).
 */
const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
  grantFileProtocolExtraPrivileges: false,
};
const HOW_TO_MAKE = { 'resources/demo/workspace': 'npm run demo:build', 'resources/tiles': 'node scripts/build-offline-tiles.mjs' };

const require = createRequire(import.meta.url);
const appBuilderDir = path.dirname(require.resolve('app-builder-lib/package.json'));
const fromAppBuilder = createRequire(path.join(appBuilderDir, 'package.json'));
const { getConfig, validateConfiguration } = fromAppBuilder('./out/util/config/config.js');
const { DebugLogger } = fromAppBuilder('builder-util');
const { minimatch } = fromAppBuilder('minimatch');

const problems = [];
const notes = [];
const ok = (message) => console.log(`  ✓ ${message}`);
const fail = (message) => {
  problems.push(message);
  console.log(`  ✗ ${message}`);
};
const check = (condition, message, failure = message) => (condition ? ok(message) : fail(failure));
const exists = (relative) => fs.existsSync(path.join(root, relative));

// ── 1. electron-builder's loader and schema ─────────────────────────────────────────────────
console.log(`electron-builder.yml — schema (app-builder-lib ${fromAppBuilder('./package.json').version})`);
let config;
try {
  config = await getConfig(root, configFile, null);
  await validateConfiguration(config, new DebugLogger(false));
  ok('loads and matches electron-builder’s configuration schema');
} catch (error) {
  fail(`invalid configuration: ${error instanceof Error ? error.message : String(error)}`);
}

if (config) {
  // ── 2. Invariants the app relies on ─────────────────────────────────────────────────────
  console.log('GridDesk invariants');
  check(config.appId === 'cn.griddesk.console', 'appId is cn.griddesk.console (= app.setAppUserModelId in electron/main)');
  const extra = [config.extraResources ?? []].flat().map((entry) => (typeof entry === 'string' ? { from: entry, to: entry } : entry));
  for (const wanted of ['resources/demo/workspace', 'resources/tiles']) {
    check(
      extra.some((entry) => entry.from === wanted && entry.to === wanted),
      `extraResources copies ${wanted} → <resourcesPath>/${wanted} (read via process.resourcesPath/resources)`,
    );
  }
  const unpack = [config.asarUnpack ?? []].flat();
  check(
    config.asar !== false && unpack.some((pattern) => minimatch('node_modules/sql.js/dist/sql-wasm.wasm', pattern)),
    'asarUnpack keeps node_modules/sql.js/dist/*.wasm outside the asar',
  );
  const fileFilters = [config.files ?? []].flat().flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry.filter ?? [])));
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  for (const shipped of [pkg.main, 'dist-electron/preload.cjs', 'dist-electron/backend-host.mjs', 'dist/renderer/index.html']) {
    check(isIncluded(shipped, fileFilters), `files includes ${shipped}`);
  }
  const targets = [config.win?.target ?? []].flat().map((target) => (typeof target === 'string' ? target : target.target));
  check(targets.includes('nsis') && targets.includes('portable'), 'win targets: nsis and portable');
  check(
    config.nsis?.oneClick === false && config.nsis?.perMachine === false && config.nsis?.allowToChangeInstallationDirectory === true,
    'nsis: assisted, per-user installer with a choosable folder',
  );

  const fuses = config.electronFuses ?? {};
  for (const [name, wanted] of Object.entries(REQUIRED_FUSES)) {
    check(fuses[name] === wanted, `electronFuses.${name}: ${wanted}`, `electronFuses.${name} must be ${wanted} (is ${fuses[name] ?? 'not set'})`);
  }
  // Integrity is checked on app.asar only: without an asar, onlyLoadAppFromAsar would leave nothing to load.
  check(config.asar !== false && config.asar?.disableIntegrity !== true, 'asar on, with its integrity hash (the fuses check it)');

  // ── 3. Referenced files exist ───────────────────────────────────────────────────────────
  console.log('Referenced files');
  const icons = [config.win?.icon, config.nsis?.installerIcon, config.nsis?.uninstallerIcon, config.linux?.icon].filter(Boolean);
  for (const icon of new Set(icons)) check(exists(icon), `icon ${icon}`, `icon ${icon} is missing`);
  if (config.win?.icon && exists(config.win.icon)) {
    const sizes = icoSizes(path.join(root, config.win.icon));
    check(sizes.includes(256), `${config.win.icon} holds 256×256 (sizes: ${sizes.join(', ')})`, `${config.win.icon} needs a 256×256 image (has ${sizes.join(', ')})`);
  }
  if (config.directories?.buildResources) check(exists(config.directories.buildResources), `buildResources ${config.directories.buildResources}`);
  for (const entry of extra) {
    if (!exists(entry.from)) {
      fail(`extraResources ${entry.from} is missing${HOW_TO_MAKE[entry.from] ? ` (${HOW_TO_MAKE[entry.from]})` : ''}`);
      continue;
    }
    const patterns = [entry.filter ?? ['**/*']].flat();
    const files = listFiles(path.join(root, entry.from));
    const matched = files.filter((file) => isIncluded(file, patterns));
    check(matched.length > 0, `extraResources ${entry.from}: ${matched.join(', ')}`, `extraResources ${entry.from} has no file matching ${patterns.join(' ')}`);
    for (const literal of patterns.filter((p) => !/[*?{[!]/.test(p))) {
      check(files.includes(literal), `  ${entry.from}/${literal}`, `extraResources ${entry.from}/${literal} is missing`);
    }
  }
  const wasm = ['node_modules/sql.js/dist/sql-wasm.wasm'];
  for (const file of wasm) check(exists(file), `${file} (asarUnpack target)`, `${file} is missing (npm install)`);

  // electron-builder ships only `dependencies`; a bundle importing a devDependency at load time
  // (ESM imports are hoisted, even for code that never runs) fails only in the installed app.
  console.log('Runtime imports of the packaged bundles');
  const shippedPackages = new Set([...Object.keys(pkg.dependencies ?? {}), 'electron']);
  for (const bundle of [pkg.main, 'dist-electron/backend-host.mjs']) {
    if (!exists(bundle)) continue;
    const imported = bareImports(fs.readFileSync(path.join(root, bundle), 'utf8'));
    const unshipped = imported.filter((name) => !shippedPackages.has(name));
    check(
      unshipped.length === 0,
      `${bundle} imports only production dependencies (${imported.join(', ') || 'none'})`,
      `${bundle} imports ${unshipped.join(', ')} — not in package.json "dependencies", so missing from the installed app`,
    );
  }

  // Build outputs are not configuration, but dist:win packages whatever is there.
  const outputs = [pkg.main, 'dist-electron/preload.cjs', 'dist-electron/backend-host.mjs', 'dist/renderer/index.html'];
  const missing = outputs.filter((file) => !exists(file));
  if (missing.length === 0) ok('build outputs present');
  else if (requireBuild) fail(`build outputs missing: ${missing.join(', ')} (npm run build)`);
  else notes.push(`not built yet: ${missing.join(', ')} — npm run dist:win builds them first`);
}

for (const note of notes) console.log(`  · ${note}`);
if (problems.length > 0) {
  console.error(`\nbuilder:check found ${problems.length} problem(s).`);
  process.exit(1);
}
console.log('\nbuilder:check: electron-builder.yml is valid.');

/** electron-builder semantics: a path is in if the last matching pattern is positive. */
function isIncluded(file, patterns) {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (minimatch(file, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

function listFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative) : [relative];
  });
}

/** Package names a bundle imports (static and literal dynamic imports), built-ins excluded. */
function bareImports(source) {
  const names = new Set();
  for (const match of source.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)) {
    const specifier = match[1] ?? match[2];
    if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...names].sort();
}

/** Image sizes in an .ico (a 0 byte means 256). */
function icoSizes(file) {
  const data = fs.readFileSync(file);
  if (data.readUInt16LE(2) !== 1) return [];
  return Array.from({ length: data.readUInt16LE(4) }, (_, i) => data[6 + 16 * i] || 256);
}
