import type { ImportProgress } from '../../electron/contract';
import type { Backend } from '../../electron/services/backend/backend';

/** Polls an import job through the channels until it stops running. */
export async function analysedJob(backend: Backend, jobId: string): Promise<ImportProgress> {
  let progress = await backend.call('import:progress', { jobId });
  while (progress.state === 'running') {
    // The job runs on timers; a loop of resolved promises alone would never let it advance.
    await new Promise((resolve) => setTimeout(resolve, 20));
    progress = await backend.call('import:progress', { jobId });
  }
  return progress;
}
