import fs from 'node:fs';
import path from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { restoreBounds, parseWindowState, type WindowState } from './window-bounds';

const FILE_NAME = 'window-state.json';

/**
 * The main window's size, position and maximized flag, kept as JSON in the userData folder and
 * restored within the displays that exist now (the placement rules are in window-bounds.ts).
 */
export class WindowStateStore {
  private readonly file: string;

  constructor(configDir: string) {
    this.file = path.join(configDir, FILE_NAME);
  }

  /** What to open the window with: restored bounds plus whether to maximize. */
  initial(): { bounds: Rectangle; isMaximized: boolean } {
    const saved = this.read();
    const bounds = restoreBounds(
      saved?.bounds,
      screen.getAllDisplays().map((display) => display.workArea),
      screen.getPrimaryDisplay().workArea,
    );
    return { bounds, isMaximized: saved?.isMaximized ?? false };
  }

  /** Saves when the window closes (not on every move: closing is the state the user expects back). */
  track(window: BrowserWindow): void {
    window.on('close', () => this.save(window));
  }

  save(window: BrowserWindow): void {
    if (window.isDestroyed()) return;
    const state: WindowState = {
      version: 1,
      // Normal bounds even when maximized/fullscreen, so un-maximizing after restart looks right.
      bounds: window.getNormalBounds(),
      isMaximized: window.isMaximized() || window.isFullScreen(),
    };
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.tmp`;
      fs.writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
      fs.renameSync(temp, this.file);
    } catch (error) {
      // Losing the window position is not worth bothering the user about.
      console.warn(`[GridDesk] could not save window state: ${String(error)}`);
    }
  }

  private read(): WindowState | undefined {
    try {
      return parseWindowState(JSON.parse(fs.readFileSync(this.file, 'utf8')));
    } catch {
      return undefined;
    }
  }
}
