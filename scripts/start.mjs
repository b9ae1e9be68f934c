// `npm start [-- --skip-build] [-- --web]`: builds GridDesk and runs it.
//   1. builds the Node side (scripts/build-electron.mjs) and the renderer (vite build),
//   2. builds the demo bundle if resources/demo/workspace/griddesk.db is missing,
//   3. launches Electron — or, when the Electron binary is not installed (e.g. installed with
//      ELECTRON_SKIP_BINARY_DOWNLOAD=1, or --web), the same app in a browser through the local
//      HTTP bridge (dist-electron/bridge.mjs).
// Runs until the app exits or Ctrl+C, then stops its child cleanly.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const STOP_GRACE_MS = 10_000;

let child;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(signal));

try {
  if (!args.has('--skip-build')) await build();
  await ensureDemoBundle();
  const electron = args.has('--web') ? undefined : electronBinary();
  if (electron) {
    console.log('启动 GridDesk（Electron）…');
    runElectron(electron);
  } else {
    if (!args.has('--web')) {
      console.log(
        'Electron 可执行文件未安装（node_modules/electron/dist 不存在，例如安装时设置了 ELECTRON_SKIP_BINARY_DOWNLOAD），' +
          '改用浏览器模式。\n(The Electron binary is not installed; falling back to the web bridge.)',
      );
    }
    await runBridge();
  }
} catch (error) {
  console.error(`\n启动失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

async function build() {
  console.log('构建主进程与服务（scripts/build-electron.mjs）…');
  await run(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')]);
  console.log('构建界面（vite build）…');
  const vitePackage = require.resolve('vite/package.json');
  const viteBin = path.join(path.dirname(vitePackage), require(vitePackage).bin.vite);
  await run(process.execPath, [viteBin, 'build', '--logLevel', 'warn']);
}

async function ensureDemoBundle() {
  if (fs.existsSync(path.join(root, 'resources', 'demo', 'workspace', 'griddesk.db'))) return;
  console.log('生成演示数据（东城区，首次约需数十秒）…');
  await run(process.execPath, [path.join(root, 'dist-electron', 'demo-build.mjs')]);
}

/**
 * The Electron executable, or undefined if it is not installed. `require('electron')` returns the
 * path — but when the binary is missing it tries to download it, which cannot work offline, so
 * it is only called once the binary (or ELECTRON_OVERRIDE_DIST_PATH) is known to be there.
 */
function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return require('electron');
  const packageDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(packageDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return undefined;
  const binary = path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? require('electron') : undefined;
}

function runElectron(binary) {
  const env = { ...process.env };
  // Inherited from some tools; it would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  child = spawn(binary, ['.'], { cwd: root, env, stdio: 'inherit', windowsHide: false });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function runBridge() {
  child = spawn(process.execPath, [path.join(root, 'dist-electron', 'bridge.mjs')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`浏览器模式的服务已退出（${signal ?? code}）。`);
    process.exit(code ?? (signal ? 1 : 0));
  });
  const url = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const announced = parseUrl(line);
      if (announced) resolve(announced);
      else console.log(line);
    });
    child.once('exit', () => reject(new Error('dist-electron/bridge.mjs exited before printing its URL')));
  });
  console.log(`GridDesk 已在浏览器模式启动：${url}`);
  console.log('按 Ctrl+C 停止。');
  openInBrowser(url);
}

function parseUrl(line) {
  try {
    const message = JSON.parse(line);
    return typeof message?.url === 'string' ? message.url : undefined;
  } catch {
    return undefined;
  }
}

/** Only where a browser can actually appear: a desktop session with an opener command. */
function openInBrowser(url) {
  let command;
  if (process.platform === 'win32') command = ['cmd', ['/c', 'start', '""', url]];
  else if (process.platform === 'darwin') command = ['open', [url]];
  else if ((process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && onPath('xdg-open')) command = ['xdg-open', [url]];
  if (!command) {
    console.log('（未检测到图形界面，请在浏览器中手动打开上面的地址。）');
    return;
  }
  const opener = spawn(command[0], command[1], { stdio: 'ignore', detached: true, windowsVerbatimArguments: process.platform === 'win32' });
  opener.on('error', () => console.log('（无法自动打开浏览器，请手动打开上面的地址。）'));
  opener.unref();
}

function onPath(name) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, name)));
}

/**
 * Ctrl+C reaches the child too (same console); a `kill` of this script does not, so the signal is
 * passed on — both children shut down idempotently. On Windows, kill() terminates at once, so the
 * child first gets a few seconds to finish its own Ctrl+C shutdown (final database snapshot).
 */
function stop(signal) {
  if (stopping) return;
  stopping = true;
  if (!child || child.exitCode !== null || child.signalCode !== null) process.exit(0);
  console.log('\n正在停止 GridDesk…');
  if (process.platform === 'win32') setTimeout(() => child.kill(), 3000);
  else child.kill(signal);
  setTimeout(() => {
    console.error('子进程未在规定时间内退出，强制结束。');
    child.kill('SIGKILL');
  }, STOP_GRACE_MS);
}

function run(command, commandArgs) {
  return new Promise((resolve, reject) => {
    const step = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
    step.on('error', reject);
    step.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(commandArgs[0] ?? command)} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}
