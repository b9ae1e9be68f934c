// Opening a workspace safely: a journal damaged in the middle is refused with its file and record
// and three ways out (read-only up to the damage, a backup, salvage); a lock held by another
// computer names who and since when and offers read-only. Screenshots at 1600×1000 and 1366×768.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot } from './support/launch-app.mjs';

const HAN = /[\u4e00-\u9fff]/;
const SIZES = [
  { width: 1600, height: 1000 },
  { width: 1366, height: 768 },
];

/** A second bridge on `dir`, as `npm run dev:web -- --workspace DIR` starts one. */
async function startBridge(dir, configDir) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist-electron', 'bridge.mjs'), '--workspace', dir], {
    cwd: repoRoot,
    env: { ...process.env, GRIDDESK_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bridge exited (${code})`)));
  });
  return { url: JSON.parse(line).url, stop: () => child.kill('SIGTERM') };
}

async function shoot(page, screenshot, name) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await screenshot(`workspace-recovery-${name}-${size.width}x${size.height}`);
  }
  await page.setViewportSize(SIZES[0]);
}

/** Nobody signed in: failed sign-ins are what fills the journal below (a signed-in desk refuses another sign-in). */
export const launch = { user: null };

/** @param {{ page: import('playwright-core').Page, workspace: string, invoke: Function, screenshot: Function, log: Function }} ctx */
export async function run({ page, workspace, invoke, screenshot, log }) {
  await page.waitForSelector('[data-testid="auth-screen"]');
  // Six committed transactions in the open workspace's journal (each failed sign-in is logged).
  for (let i = 0; i < 6; i++) await invoke('auth:signIn', { username: `nobody-${i}`, password: 'x' }).catch(() => undefined);

  // A copy of it with a byte flipped in the middle of the journal: damage, not a torn tail.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-e2e-recovery-'));
  const copy = path.join(scratch, '东城区（损坏）');
  fs.cpSync(workspace, copy, { recursive: true, filter: (src) => !path.basename(src).startsWith('.griddesk.lock') });
  fs.copyFileSync(path.join(copy, 'griddesk.db'), path.join(copy, 'backups', 'griddesk-2026-11-20.db'));
  const journalDir = path.join(copy, 'journal');
  const journal = path.join(journalDir, fs.readdirSync(journalDir).find((name) => name.endsWith('.journal')));
  const bytes = fs.readFileSync(journal);
  log(`journal ${path.basename(journal)}: ${bytes.length} bytes`);
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  fs.writeFileSync(journal, bytes);

  const bridge = await startBridge(copy, path.join(scratch, 'config'));
  try {
    await page.goto(bridge.url);
    const dialog = page.locator('[data-testid="workspace-recovery"]');
    await dialog.waitFor({ timeout: 30_000 });
    assert.equal(await dialog.getAttribute('data-code'), 'journal_damaged');
    const text = await dialog.innerText();
    assert.match(text, /日志文件已损坏/);
    assert.ok(text.includes(path.basename(journal)), 'names the journal file');
    assert.match(text, /第 \d+ 条/, 'names the record');
    for (const way of ['way-read-only', 'way-restore', 'way-salvage']) assert.ok(await page.locator(`[data-testid="${way}"]`).isVisible(), way);
    await page.locator('[data-testid="way-restore"] button').click();
    await page.locator('[data-testid="backup-list"]').waitFor();
    assert.match(await page.locator('[data-testid="backup-list"]').innerText(), /每日备份/);
    await shoot(page, screenshot, 'damaged');

    // Way 1: read-only up to the damage; the status line says so.
    await page.locator('[data-testid="way-read-only"] button').click();
    await page.locator('[data-testid="status-read-only"]').waitFor({ timeout: 30_000 });
    assert.match(await page.locator('[data-testid="status-read-only"]').innerText(), /只读/);
    const recent = await invoke('workspace:recent', {});
    await shoot(page, screenshot, 'read-only');

    // Another computer takes the lock: opening for writing names it and offers read-only.
    fs.writeFileSync(path.join(copy, '.griddesk.lock'), JSON.stringify({ pid: 4242, host: 'GRID-PC-07', user: 'wangfang', app: 'app', since: Date.UTC(2026, 11, 4, 1, 30), nonce: 'e2e' }));
    await invoke('workspace:open', { recent: recent[0].id, mode: 'write' }).catch(() => undefined);
    await page.reload();
    await dialog.waitFor({ timeout: 30_000 });
    assert.equal(await dialog.getAttribute('data-code'), 'workspace_locked_elsewhere');
    const locked = await dialog.innerText();
    assert.match(locked, /GRID-PC-07/);
    assert.match(locked, /wangfang/);
    assert.match(locked, /2026-12-04 09:30/);
    assert.ok(await page.locator('[data-testid="way-read-only"]').isVisible());
    await shoot(page, screenshot, 'locked');

    // That computer lets go; retrying for writing meets the damage again; salvage reports what it did.
    fs.rmSync(path.join(copy, '.griddesk.lock'));
    await page.locator('[data-testid="way-retry"] button').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="workspace-recovery"]')?.getAttribute('data-code') === 'journal_damaged');
    await page.locator('[data-testid="way-salvage"] button').click();
    await page.locator('[data-testid="salvage-report"]').waitFor({ timeout: 30_000 });
    const report = await page.locator('[data-testid="salvage-report"]').innerText();
    assert.match(report, /已重做 \d+ 个事务/);
    assert.match(report, /quarantine/);
    await shoot(page, screenshot, 'salvaged');
    await page.locator('[data-testid="salvage-continue"]').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="workspace-recovery"]'), null, { timeout: 30_000 });
    const info = await invoke('workspace:info', {});
    assert.equal(info.readOnly, false);
    // The salvaged workspace asks who is there (nobody signed in yet): the sign-in screen, in Chinese.
    await page.locator('[data-testid="auth-screen"], [data-testid="sign-in"]').first().waitFor({ timeout: 30_000 });
    assert.match(await page.locator('body').innerText(), HAN);
    await shoot(page, screenshot, 'after-salvage');
  } finally {
    bridge.stop();
  }
}
