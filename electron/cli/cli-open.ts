import type { Backend } from '../services/backend/backend';

/** A held lock: a command that only reads may still read, without the lock, and says so. */
const HELD_ELSEWHERE = new Set(['workspace_locked', 'workspace_locked_elsewhere', 'workspace_not_writable']);

/**
 * Opens --workspace for a CLI command. `--read-only` opens without the writer lock (beside a
 * running app). A command that only reads (`readsOnly`) falls back to read-only when the lock is
 * held, with a notice on stderr (stdout stays the command's JSON). A damaged journal is never
 * fallen back from silently: `open-check` explains it, `salvage`/`restore` resolve it.
 */
export async function openForCli(backend: Backend, dir: string, options: { readOnly: boolean; readsOnly: boolean }): Promise<void> {
  if (options.readOnly) {
    await backend.openWorkspace(dir, { readOnly: true });
    return;
  }
  try {
    await backend.openWorkspace(dir);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (!options.readsOnly || typeof code !== 'string' || !HELD_ELSEWHERE.has(code)) throw error;
    const message = `${(error as Error).message} 此命令只读取数据，已改为只读打开。`;
    process.stderr.write(`${JSON.stringify({ notice: { code: 'opened_read_only', message } })}\n`);
    await backend.openWorkspace(dir, { readOnly: true });
  }
}
