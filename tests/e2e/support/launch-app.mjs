// Starts GridDesk for one spec and hands back a Playwright page on its main window.
// Browser mode (default): the HTTP bridge on a fresh copy of the demo workspace + headless Chromium.
// Electron mode (GRIDDESK_E2E_ELECTRON=1): the real app through Playwright's _electron driver.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const VIEWPORT = { width: 1600, height: 1000 };
const BRIDGE_START_TIMEOUT_MS = 180_000;

/**
 * @typedef {object} LaunchedApp
 * @property {import('playwright-core').Page} page
 * @property {string} url        the URL the window opened
 * @property {string} workspace  the workspace folder (a fresh temp copy of the demo)
 * @property {() => Promise<void>} close  stops everything launchApp started
 */

/** The demo's documented accounts share this password (docs/accounts.md). */
export const DEMO_PASSWORD = 'griddesk2026';

/**
 * Signs in through the sign-in screen (as a person would) and waits for the app's header.
 * `user: null` leaves the sign-in screen up (specs of the sign-in itself).
 */
export async function signIn(page, user = 'admin', password = DEMO_PASSWORD) {
  // Element Plus puts the attributes of <el-input> on its inner <input>.
  await page.locator('input[data-testid="sign-in-username"]').waitFor({ timeout: 120_000 });
  await page.locator('input[data-testid="sign-in-username"]').fill(user);
  await page.locator('input[data-testid="sign-in-password"]').fill(password);
  await page.locator('[data-testid="sign-in-submit"]').click();
  await page.locator('[data-testid="user-name"]').waitFor({ timeout: 60_000 });
}

/**
 * `present`: the demo's history moved to end today, as on a user's first start; by default the
 * demo keeps its built dates (GRIDDESK_DEMO_AS_BUILT=1), so specs can pin months and counts.
 * `user`: the demo account signed in before the spec runs (default admin; null: nobody).
 * `empty`: a new empty workspace instead of the demo (no accounts yet: the first-administrator screen).
 * `env`: more environment for the app (a setting a spec needs, such as a lower database limit).
 * @returns {Promise<LaunchedApp>}
 */
export async function launchApp({ present = false, user = 'admin', empty = false, env = {} } = {}) {
  const demoEnv = { ...(present ? {} : { GRIDDESK_DEMO_AS_BUILT: '1' }), ...env };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-e2e-'));
  const workspace = path.join(scratch, 'workspace');
  const configDir = path.join(scratch, 'config');
  fs.mkdirSync(configDir);
  const cleanup = () => fs.rmSync(scratch, { recursive: true, force: true });
  let app;
  try {
    if (process.env.GRIDDESK_E2E_ELECTRON === '1') {
      // Electron creates the demo in a new folder: the bridge makes the empty workspace first.
      if (empty) await (await startBridge({ workspace, configDir, demoEnv, empty })).stop();
      app = await launchElectron({ workspace, configDir, cleanup, demoEnv });
    } else {
      app = await launchBrowser({ workspace, configDir, cleanup, demoEnv, empty });
    }
  } catch (error) {
    cleanup();
    throw error;
  }
  try {
    if (user) await signIn(app.page, user);
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}

async function launchElectron({ workspace, configDir, cleanup, demoEnv }) {
  const { _electron } = await import('playwright-core');
  // electron/main/index.ts: GRIDDESK_WORKSPACE is opened, or the demo district created in it
  // when the folder is new; GRIDDESK_CONFIG_DIR keeps recent-workspace settings out of userData.
  const app = await _electron.launch({
    args: ['.'],
    cwd: repoRoot,
    env: { ...process.env, ...demoEnv, GRIDDESK_WORKSPACE: workspace, GRIDDESK_CONFIG_DIR: configDir },
  });
  const page = await app.firstWindow();
  await page.setViewportSize(VIEWPORT).catch(() => undefined);
  return {
    page,
    url: page.url(),
    workspace,
    // Specs that must reach main (its native dialogs) evaluate there; absent in browser mode.
    electron: app,
    close: async () => {
      await app.close().catch(() => undefined);
      cleanup();
    },
  };
}

async function launchBrowser({ workspace, configDir, cleanup, demoEnv, empty }) {
  const bridge = await startBridge({ workspace, configDir, demoEnv, empty });
  let browser;
  try {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    // The browser runs in UTC on purpose: the app must show Beijing time whatever the machine's zone.
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await context.newPage();
    await page.goto(bridge.url, { waitUntil: 'domcontentloaded' });
    return {
      page,
      url: bridge.url,
      workspace: bridge.workspace,
      close: async () => {
        await browser.close().catch(() => undefined);
        await bridge.stop();
        cleanup();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await bridge.stop();
    throw error;
  }
}

/** Spawns the bridge on a new demo (or `empty`) workspace and waits for its one JSON line {url, workspace}. */
async function startBridge({ workspace, configDir, demoEnv, empty = false }) {
  const script = process.env.GRIDDESK_E2E_BRIDGE ?? path.join(repoRoot, 'dist-electron', 'bridge.mjs');
  // GRIDDESK_E2E_WORKSPACE_FROM: copy an existing workspace instead of the bundled demo (development aid).
  const template = process.env.GRIDDESK_E2E_WORKSPACE_FROM;
  if (template) fs.cpSync(template, workspace, { recursive: true, filter: (src) => !/\.lock$/.test(src) });
  const args = [script, '--workspace', workspace, ...(template || empty ? [] : ['--demo'])];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...demoEnv, GRIDDESK_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const lines = readline.createInterface({ input: child.stdout });
  const firstLine = new Promise((resolve) => lines.once('line', resolve));
  const timeout = new Promise((resolve) => setTimeout(() => resolve(undefined), BRIDGE_START_TIMEOUT_MS));
  const winner = await Promise.race([firstLine, exited.then(() => undefined), timeout]);
  if (typeof winner !== 'string') {
    await stop();
    throw new Error(`Bridge did not start (${script}):\n${Buffer.concat(stderr).toString().slice(-2000)}`);
  }
  lines.on('line', (line) => process.stdout.write(`    [bridge] ${line}\n`));
  child.stderr.on('data', (chunk) => process.stderr.write(`    [bridge] ${chunk}`));
  const { url, workspace: opened } = JSON.parse(winner);
  return { url, workspace: opened, stop };
}
