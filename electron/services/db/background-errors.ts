/**
 * Errors of the work a workspace does on its own (the idle snapshot, the daily backup, rebuilding
 * deferred indexes): nobody awaits it, so its failures are kept here for the status line and
 * logged, and each is cleared when the same task next succeeds. The task itself is retried at the
 * next idle moment.
 */
export type BackgroundTask = 'checkpoint' | 'backup' | 'index';

export interface BackgroundError {
  task: BackgroundTask;
  at: number;
  message: string;
  code: string;
}

export class BackgroundErrors {
  private readonly byTask = new Map<BackgroundTask, BackgroundError>();

  constructor(private readonly now: () => number = Date.now) {}

  failed(task: BackgroundTask, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | undefined)?.code;
    this.byTask.set(task, { task, at: this.now(), message, code: typeof code === 'string' ? code : 'internal' });
    console.error(`[GridDesk] ${task} failed: ${message}`);
  }

  succeeded(task: BackgroundTask): void {
    this.byTask.delete(task);
  }

  /** The most recent error of the tasks that have not succeeded since. */
  get latest(): BackgroundError | undefined {
    let latest: BackgroundError | undefined;
    for (const error of this.byTask.values()) if (!latest || error.at >= latest.at) latest = error;
    return latest;
  }
}
