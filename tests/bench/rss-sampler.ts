import { Worker } from 'node:worker_threads';

/**
 * The process's peak RSS, sampled from a worker thread: a sampler on the main thread's timers
 * never runs while synchronous work (a commit, an index build) holds it, which is when memory peaks.
 */
export class RssSampler {
  private readonly peakBytes = new Float64Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;

  constructor(intervalMs = 20) {
    this.worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const peak = new Float64Array(workerData);
       setInterval(() => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; }, ${intervalMs});`,
      { eval: true, workerData: this.peakBytes.buffer },
    );
    this.restart();
  }

  /** Starts a new measurement from now. */
  restart(): void {
    this.peakBytes[0] = process.memoryUsage.rss();
  }

  /** The peak since the last restart, in MiB. */
  peakMiB(): number {
    return Math.max(this.peakBytes[0]!, process.memoryUsage.rss()) / 2 ** 20;
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}
