import { describe, expect, it } from 'vitest';
import { BlockCache, type BlockPage } from '../../../../renderer/src/domain/block-cache';

/** A server list of `total` rows per query, answering only when told to (so the order can be chosen). */
function server(totals: Record<string, number>) {
  const calls: { query: string; offset: number; limit: number; answer: () => void; fail: (e: Error) => void }[] = [];
  const fetch = (query: string, offset: number, limit: number) =>
    new Promise<BlockPage<string>>((resolve, reject) => {
      const total = totals[query]!;
      const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => `${query}:${offset + i}`);
      calls.push({ query, offset, limit, answer: () => resolve({ total, rows }), fail: reject });
    });
  return { calls, fetch };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('BlockCache (rows of a long list, fetched in blocks)', () => {
  it('fetches each block in view once, and finds rows by their index', async () => {
    const { calls, fetch } = server({ all: 1_000_000 });
    let changes = 0;
    const cache = new BlockCache('all', fetch, () => changes++, 100);
    void cache.ensure(19_950, 20_030);
    void cache.ensure(19_960, 20_040); // the same blocks, already on their way
    expect(calls.map((c) => [c.offset, c.limit])).toEqual([[19_900, 100], [20_000, 100]]);
    calls.forEach((c) => c.answer());
    await flush();
    expect(cache.rowAt(19_999)).toBe('all:19999');
    expect(cache.rowAt(20_000)).toBe('all:20000');
    expect(cache.rowAt(20_100)).toBeUndefined();
    expect(cache.total).toBe(1_000_000);
    expect(changes).toBe(2);
    void cache.ensure(19_999, 20_000);
    expect(calls).toHaveLength(2); // cached
  });

  it('ignores an answer for the previous filter that arrives after the new one', async () => {
    const { calls, fetch } = server({ old: 5000, new: 40 });
    const cache = new BlockCache<string, string>('old', fetch, () => undefined, 100);
    void cache.ensure(0, 10);
    void cache.reset('new');
    expect(calls.map((c) => c.query)).toEqual(['old', 'new']);
    calls[1]!.answer();
    await flush();
    calls[0]!.answer(); // the slow, stale one
    await flush();
    expect(cache.total).toBe(40);
    expect(cache.rowAt(0)).toBe('new:0');
    expect(cache.loading).toBe(false);
  });

  it('a reset drops every row at once; a reload keeps the old rows until the new ones are back', async () => {
    const { calls, fetch } = server({ a: 1000, b: 1000 });
    const cache = new BlockCache<string, string>('a', fetch, () => undefined, 100);
    void cache.ensure(500, 520);
    calls.at(-1)!.answer();
    await flush();
    void cache.reload();
    expect(calls.at(-1)!.offset).toBe(500); // the rows last asked for, again
    expect(cache.rowAt(510)).toBe('a:510');
    expect(cache.loading).toBe(true);
    calls.at(-1)!.answer();
    await flush();
    expect(cache.loading).toBe(false);
    void cache.reset('b');
    expect(cache.rowAt(510)).toBeUndefined();
    expect(calls.at(-1)).toMatchObject({ query: 'b', offset: 0 });
  });

  it('keeps at most maxBlocks, dropping the farthest from the newest', async () => {
    const { calls, fetch } = server({ all: 100_000 });
    const cache = new BlockCache('all', fetch, () => undefined, 100, 3);
    for (const b of [0, 1, 2, 50]) {
      void cache.ensure(b * 100, b * 100);
      calls.at(-1)!.answer();
      await flush();
    }
    expect(cache.size).toBe(3);
    expect(cache.rowAt(0)).toBeUndefined(); // block 0 was farthest from block 50
    expect(cache.rowAt(5000)).toBe('all:5000');
    void cache.ensure(0, 0);
    expect(calls.at(-1)!.offset).toBe(0); // fetched again when it comes back into view
  });

  it('reports a failed block and asks for it again later', async () => {
    const { calls, fetch } = server({ all: 300 });
    const cache = new BlockCache('all', fetch, () => undefined, 100);
    void cache.ensure(0, 0);
    calls[0]!.fail(new Error('bridge down'));
    await flush();
    expect(cache.error).toBe('bridge down');
    void cache.ensure(0, 0);
    expect(calls).toHaveLength(2);
    calls[1]!.answer();
    await flush();
    expect(cache.error).toBeNull();
    expect(cache.rowAt(299)).toBeUndefined();
    expect(cache.rowAt(99)).toBe('all:99');
  });
});
