#!/usr/bin/env node
// End-to-end runner: every tests/e2e/**/*.spec.mjs exports `async function run(ctx)`.
// Each spec gets its own app (bridge + Chromium on a fresh demo workspace, or Electron with
// GRIDDESK_E2E_ELECTRON=1). Usage: node tests/e2e/run.mjs [name-filter…]
// Prints "N passed, M failed" last and exits non-zero on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchApp } from './support/launch-app.mjs';
import { invokeInPage } from './support/page-api.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const screenshotDir = path.join(here, 'screenshots');
const SPEC_TIMEOUT_MS = Number(process.env.GRIDDESK_E2E_TIMEOUT_MS ?? 180_000);

function findSpecs(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'screenshots' || entry.name === 'node_modules' ? [] : findSpecs(full);
      return entry.name.endsWith('.spec.mjs') ? [full] : [];
    })
    .sort();
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runSpec(file) {
  const name = path.relative(here, file);
  const started = Date.now();
  const spec = await import(pathToFileURL(file).href);
  if (typeof spec.run !== 'function') throw new Error(`${name} does not export run()`);
  // A spec may ask for launch options (`export const launch = { present: true }`: the demo moved to today).
  const app = await launchApp(spec.launch);
  const pageErrors = [];
  app.page.on('pageerror', (error) => pageErrors.push(String(error)));
  app.page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${message.text()}`);
  });
  const screenshot = async (fileName) => {
    const target = path.join(screenshotDir, fileName.endsWith('.png') ? fileName : `${fileName}.png`);
    await app.page.screenshot({ path: target });
    console.log(`    screenshot ${path.relative(process.cwd(), target)}`);
    return target;
  };
  const ctx = {
    page: app.page,
    url: app.url,
    workspace: app.workspace,
    /** Playwright's ElectronApplication in Electron mode, else undefined. */
    electron: app.electron,
    screenshot,
    invoke: (channel, input) => invokeInPage(app.page, channel, input),
    log: (...args) => console.log(`    [${((Date.now() - started) / 1000).toFixed(1)} s]`, ...args),
    pageErrors,
  };
  try {
    await withTimeout(spec.run(ctx), SPEC_TIMEOUT_MS, name);
    // An uncaught error or a CSP violation in the page fails the spec even if its checks passed.
    if (pageErrors.length) throw new Error(`${pageErrors.length} error(s) in the page`);
    console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    await screenshot(`FAILED-${path.basename(file, '.spec.mjs')}.png`).catch(() => undefined);
    if (pageErrors.length) console.error(`    page errors:\n      ${pageErrors.slice(0, 10).join('\n      ')}`);
    throw error;
  } finally {
    await app.close();
  }
}

const filters = process.argv.slice(2);
const specs = findSpecs(here).filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
fs.mkdirSync(screenshotDir, { recursive: true });
// Failure shots from an earlier run would be mistaken for this run's.
for (const file of fs.readdirSync(screenshotDir)) if (file.startsWith('FAILED-')) fs.rmSync(path.join(screenshotDir, file));
console.log(`GridDesk e2e: ${specs.length} spec(s), ${process.env.GRIDDESK_E2E_ELECTRON === '1' ? 'Electron' : 'bridge + Chromium'}`);

let passed = 0;
let failed = 0;
for (const file of specs) {
  try {
    await runSpec(file);
    passed++;
  } catch (error) {
    failed++;
    console.error(`  ✗ ${path.relative(here, file)}\n    ${String(error?.stack ?? error).replace(/\n/g, '\n    ')}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || specs.length === 0 ? 1 : 0);
