/**
 * GridDesk's Electron main process: everything is wired here, top to bottom. The work happens
 * elsewhere — the database in a worker thread (services/backend), the page in a sandboxed
 * renderer — and main only connects them: protocol, IPC, window, menu, lifecycle.
 *
 * Environment:
 *   GRIDDESK_WORKSPACE   open this folder at start (creating the demo district in it if it holds
 *                        no workspace) instead of the most recent workspace — used by e2e tests.
 *   GRIDDESK_CONFIG_DIR  use this folder instead of userData for settings (recent workspaces,
 *                        window state), as the HTTP bridge does — lets tests start clean.
 *
 * Bundled by scripts/build-electron.mjs to dist-electron/main.mjs (ESM). ESM entry points are
 * evaluated asynchronously, so everything that must precede `ready` runs synchronously at the top
 * level below, and nothing awaits `ready` at the top level (that would hang the app).
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import { BackendClient } from '../services/backend/backend.client';
import { MANIFEST_FILE } from '../services/workspace/workspace-files';
import { showAbout } from './about';
import { resolveAppPaths } from './app-paths';
import { chooseExchangePackage, chooseImportFile } from './file-chooser';
import { registerIpc } from './ipc';
import { failStartup, once, shutdownBeforeQuit, shutdownOnSessionEnd } from './lifecycle';
import { createMainWindow, focusWindow } from './main-window';
import { installMenu } from './menu';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { guardAllWebContents, hardenSession } from './security';
import { WindowStateStore } from './window-state';
import { WorkspaceCommands, showError } from './workspace-commands';
import { openStartupWorkspace, safeCall } from './workspace-startup';

const APP_ID = 'cn.griddesk.console';
const DEMO_FOLDER = ['GridDesk', '东城区演示'];

// ── Before ready ────────────────────────────────────────────────────────────────────────────
registerAppScheme();
app.enableSandbox();
guardAllWebContents();
if (process.env.GRIDDESK_CONFIG_DIR) app.setPath('userData', path.resolve(process.env.GRIDDESK_CONFIG_DIR));
// Taskbar grouping and notifications on Windows; the same id electron-builder gives the shortcuts.
app.setAppUserModelId(APP_ID);

if (!app.requestSingleInstanceLock()) {
  // One GridDesk per user: a second one would fight over the workspace lock. The first instance
  // gets `second-instance` and comes to the front.
  app.quit();
} else {
  start();
}

function start(): void {
  const paths = resolveAppPaths({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath });
  const configDir = app.getPath('userData');

  // The database worker starts now, loading sql.js while Chromium initialises.
  const backend = BackendClient.startWorker(paths.backendHost, { configDir, resourcesDir: paths.resourcesDir });
  const shutdown = once(() => backend.shutdown());
  shutdownBeforeQuit(shutdown);

  // The startup workspace; IPC calls wait for it so the first page load sees an open workspace.
  const startup = backend.ready.then(() =>
    openStartupWorkspace(backend, {
      requestedDir: process.env.GRIDDESK_WORKSPACE ? path.resolve(process.env.GRIDDESK_WORKSPACE) : undefined,
      demoDir: path.join(app.getPath('documents'), ...DEMO_FOLDER),
      isWorkspace: (dir) => fs.existsSync(path.join(dir, MANIFEST_FILE)),
    }),
  );
  // Handled below (inside whenReady); this keeps an early worker failure from counting as unhandled.
  startup.catch(() => undefined);

  let mainWindow: BrowserWindow | undefined;
  const currentWindow = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined);

  const commands = new WorkspaceCommands({ backend, window: currentWindow, onChanged: () => void refreshMenu() });
  // The menu lists recent workspaces, so it is rebuilt whenever the open workspace changes.
  const refreshMenu = async (): Promise<void> => {
    const recent = await safeCall(() => backend.call('workspace:recent', {}));
    const backups = await safeCall(() => backend.call('workspace:backups', {}));
    installMenu({
      recent: recent.ok ? recent.value : [],
      backups: backups.ok ? backups.value : [],
      isDev: !app.isPackaged,
      actions: {
        newWorkspace: () => void commands.create(),
        openWorkspace: () => void commands.open(),
        openRecent: (item) => void commands.openRecent(item),
        restoreBackup: (backup) => void commands.restoreBackup(backup),
        reload: () => currentWindow()?.webContents.reload(),
        about: () => void showAbout(currentWindow()),
      },
    });
  };

  app.on('second-instance', () => focusWindow(currentWindow()));
  // Windows-first: closing the window ends the app (the worker and the workspace lock with it).
  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession);
      handleAppProtocol({
        rendererDir: paths.rendererDir,
        tile: (id, z, x, y) => backend.tile(id, z, x, y),
        attachment: (sha256) => backend.attachment(sha256),
      });
      registerIpc({
        backend,
        whenReady: startup,
        onWorkspaceChanged: () => void refreshMenu(),
        answeredByMain: {
          'import:choose-file': (_input, event) => chooseImportFile(BrowserWindow.fromWebContents(event.sender) ?? currentWindow(), backend),
          'exchange:choose-package': (_input, event) => chooseExchangePackage(BrowserWindow.fromWebContents(event.sender) ?? currentWindow(), backend),
        },
      });

      mainWindow = createMainWindow({ preload: paths.preload, icon: paths.icon, windowState: new WindowStateStore(configDir) });
      shutdownOnSessionEnd(mainWindow, shutdown);
      // Snapshots add daily backups while the app runs; the restore list is brought up to date on focus.
      mainWindow.on('focus', () => void refreshMenu());
      mainWindow.webContents.on('render-process-gone', (_event, details) => {
        console.error(`[GridDesk] renderer gone: ${details.reason} (exit code ${details.exitCode})`);
      });
      void refreshMenu();

      const result = await startup;
      await refreshMenu();
      if (result.problems.length > 0) {
        await showError(currentWindow(), '打开工作区时出现问题', result.problems.join('\n\n'));
      }
    })
    .catch(failStartup);
}
