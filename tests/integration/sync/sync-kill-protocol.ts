/** What the sync kill test asks its child to do, and where the child is to kill itself (if anywhere). */
export interface KillChildTask {
  dir: string;
  op: 'push' | 'pull' | 'receive';
  now: number;
  hubUrl?: string;
  packageFile?: string;
  batchSize?: number;
  pageSize?: number;
  /** `batch:<changes sent>` (inside the hub transaction), `apply:<n>` (after the n-th local apply commits), `page:<n>` (after the n-th page's cursor is stored), `end`. */
  killAt?: string;
}

/** Acknowledgements: once sent, what they name must survive any kill that follows. */
export type KillChildMessage =
  | { kind: 'ready' }
  | { kind: 'page'; seq: number }
  | { kind: 'pushed' }
  | { kind: 'pulled' }
  | { kind: 'received' }
  | { kind: 'closed' };
