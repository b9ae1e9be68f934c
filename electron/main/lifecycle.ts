import { app, dialog, type BrowserWindow } from 'electron';

/** How long quitting waits for the database's final snapshot before giving up (the journal keeps the data anyway). */
const SHUTDOWN_TIMEOUT_MS = 15_000;

/**
 * Runs `shutdown` (close the workspace: final snapshot, release the lock, stop the worker) once
 * before the process exits. `will-quit` comes after all windows closed; it is cancelled until the
 * shutdown settles, then quit is requested again and let through.
 */
export function shutdownBeforeQuit(shutdown: () => Promise<void>): void {
  let finished = false;
  let running: Promise<void> | undefined;
  app.on('will-quit', (event) => {
    if (finished) return;
    event.preventDefault();
    running ??= withTimeout(shutdown(), SHUTDOWN_TIMEOUT_MS)
      .catch((error: unknown) => console.error(`[GridDesk] shutdown: ${String(error)}`))
      .finally(() => {
        finished = true;
        app.quit();
      });
  });
}

/** Memoized, so quit, Windows session end and a failed start share one shutdown. */
export function once(task: () => Promise<void>): () => Promise<void> {
  let promise: Promise<void> | undefined;
  return () => (promise ??= task());
}

/** Windows ends the session (log-off, shutdown) without `will-quit`: close the workspace as far as time allows. */
export function shutdownOnSessionEnd(window: BrowserWindow, shutdown: () => Promise<void>): void {
  window.on('session-end', () => void shutdown());
}

/** Start failed (usually the database worker): say so and leave — there is nothing to show without it. */
export function failStartup(error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`[GridDesk] startup failed: ${detail}`);
  dialog.showErrorBox('GridDesk 无法启动', `启动失败（多为数据库进程未能启动）。\n\n${detail}`);
  app.exit(1);
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
