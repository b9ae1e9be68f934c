/**
 * Rows of a long server-side list, fetched in fixed blocks (offset/limit) as they come into view.
 *
 * The cache is for one query (filter and sort): reset() drops every row and starts a new generation;
 * reload() starts a new generation for the same query but keeps showing the old rows until their
 * block comes back. A response from an older generation is ignored, so a slow answer for the last
 * filter never lands in this one's list. Each block is asked for once per generation.
 */
export interface BlockPage<R> {
  total: number;
  rows: R[];
}

export type FetchBlock<Q, R> = (query: Q, offset: number, limit: number) => Promise<BlockPage<R>>;

export class BlockCache<Q, R> {
  total = 0;
  /** True from a reset or reload until its first block is back. */
  loading = false;
  error: string | null = null;

  private blocks = new Map<number, R[]>();
  private fresh = new Set<number>();
  private pending = new Set<number>();
  private generation = 0;
  private wanted = { first: 0, last: 0 };

  constructor(
    private query: Q,
    private readonly fetch: FetchBlock<Q, R>,
    /** Called whenever rows, total, loading or error change. */
    private readonly changed: () => void,
    readonly blockSize = 100,
    /** Blocks kept in memory; the farthest from the newest is dropped first. */
    readonly maxBlocks = 60,
  ) {}

  rowAt(index: number): R | undefined {
    return this.blocks.get(Math.floor(index / this.blockSize))?.[index % this.blockSize];
  }

  /** How many blocks are held (for tests and diagnostics). */
  get size(): number {
    return this.blocks.size;
  }

  /** Fetches the blocks holding rows first…last that are neither fresh nor on their way. */
  ensure(first: number, last: number): Promise<void> {
    this.wanted = { first, last };
    const jobs: Promise<void>[] = [];
    const from = Math.floor(Math.max(0, first) / this.blockSize);
    const to = Math.floor(Math.max(0, last) / this.blockSize);
    for (let b = from; b <= to; b++) if (!this.fresh.has(b) && !this.pending.has(b)) jobs.push(this.load(b));
    return Promise.all(jobs).then(() => undefined);
  }

  /** Same query, new data (after an edit): the rows last asked for are fetched again. */
  reload(): Promise<void> {
    this.generation++;
    this.pending = new Set();
    this.fresh = new Set();
    this.loading = true;
    this.error = null;
    this.changed();
    return this.ensure(this.wanted.first, this.wanted.last);
  }

  /** A new query: nothing of the old rows stays, and the list starts at its top. */
  reset(query: Q): Promise<void> {
    this.query = query;
    this.blocks = new Map();
    this.wanted = { first: 0, last: 0 };
    return this.reload();
  }

  private async load(block: number): Promise<void> {
    const generation = this.generation;
    this.pending.add(block);
    try {
      const page = await this.fetch(this.query, block * this.blockSize, this.blockSize);
      if (generation !== this.generation) return;
      this.blocks.set(block, page.rows);
      this.fresh.add(block);
      if (this.blocks.size > this.maxBlocks) {
        const farthest = [...this.blocks.keys()].reduce((a, b) => (Math.abs(b - block) > Math.abs(a - block) ? b : a));
        this.blocks.delete(farthest);
        this.fresh.delete(farthest);
      }
      this.total = page.total;
      this.error = null;
    } catch (e) {
      if (generation === this.generation) this.error = e instanceof Error ? e.message : String(e);
    } finally {
      if (generation === this.generation) {
        this.pending.delete(block);
        this.loading = false;
        this.changed();
      }
    }
  }
}
