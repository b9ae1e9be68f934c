import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppPaths } from '../../../electron/main/app-paths';

describe('resolveAppPaths', () => {
  it('uses the repository layout in development', () => {
    const paths = resolveAppPaths({ isPackaged: false, appPath: '/repo', resourcesPath: '/electron/resources' });
    expect(paths).toEqual({
      rendererDir: path.join('/repo', 'dist', 'renderer'),
      preload: path.join('/repo', 'dist-electron', 'preload.cjs'),
      backendHost: path.join('/repo', 'dist-electron', 'backend-host.mjs'),
      resourcesDir: path.join('/repo', 'resources'),
      icon: path.join('/repo', 'resources', 'icons', 'icon-256.png'),
    });
  });

  it('reads data from process.resourcesPath/resources (extraResources) when packaged', () => {
    const asar = path.join('/app', 'resources', 'app.asar');
    const paths = resolveAppPaths({ isPackaged: true, appPath: asar, resourcesPath: path.join('/app', 'resources') });
    expect(paths.rendererDir).toBe(path.join(asar, 'dist', 'renderer'));
    expect(paths.backendHost).toBe(path.join(asar, 'dist-electron', 'backend-host.mjs'));
    expect(paths.resourcesDir).toBe(path.join('/app', 'resources', 'resources'));
    expect(paths.icon).toBeUndefined();
  });
});
