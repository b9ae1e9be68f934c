import path from 'node:path';

/**
 * Where the app's files are, in development and when packaged (pure, unit-tested).
 *
 * - Code and the built renderer live in the app folder (`app.getAppPath()`): the repository root
 *   in development, `resources/app.asar` when packaged (electron-builder `files`).
 * - Data files (demo workspace, offline tile archives) are NOT in the asar: electron-builder's
 *   `extraResources` copies the repository's `resources/demo/workspace` and `resources/tiles` to
 *   `<install>/resources/resources/...`, i.e. `process.resourcesPath + '/resources'`. Keeping the
 *   same `resources/` layout in both cases means the services see one folder shape
 *   (`<resourcesDir>/demo/workspace`, `<resourcesDir>/tiles`), and archives stay plain files that
 *   sql.js and the tile readers can open with ordinary fs calls.
 */
export interface AppPaths {
  /** The built renderer (vite output), served as app://griddesk/. */
  rendererDir: string;
  /** The sandboxed preload (CommonJS bundle). */
  preload: string;
  /** The database worker's entry (runs as a worker thread). */
  backendHost: string;
  /** Demo workspace bundle and offline tiles: `<resourcesDir>/demo/workspace`, `<resourcesDir>/tiles`. */
  resourcesDir: string;
  /** The window icon (development only; a packaged app shows the .exe's icon). */
  icon: string | undefined;
}

export interface AppLocation {
  isPackaged: boolean;
  /** `app.getAppPath()`. */
  appPath: string;
  /** `process.resourcesPath`. */
  resourcesPath: string;
}

export function resolveAppPaths({ isPackaged, appPath, resourcesPath }: AppLocation): AppPaths {
  const built = path.join(appPath, 'dist-electron');
  return {
    rendererDir: path.join(appPath, 'dist', 'renderer'),
    preload: path.join(built, 'preload.cjs'),
    backendHost: path.join(built, 'backend-host.mjs'),
    resourcesDir: isPackaged ? path.join(resourcesPath, 'resources') : path.join(appPath, 'resources'),
    icon: isPackaged ? undefined : path.join(appPath, 'resources', 'icons', 'icon-256.png'),
  };
}
