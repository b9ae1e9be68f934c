import { describe, expect, it } from 'vitest';
import { useBusy } from '../../../../renderer/src/composables/useBusy';

/** A promise settled from outside, so the test can look at the state while the work is under way. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useBusy', () => {
  it('is busy while the work runs, clears the previous error and returns the answer', async () => {
    const { busy, error, run } = useBusy();
    error.value = 'required';
    const work = deferred<number>();
    const running = run(() => work.promise);
    expect(busy.value).toBe(true);
    expect(error.value).toBeNull();
    work.resolve(42);
    expect(await running).toBe(42);
    expect(busy.value).toBe(false);
    expect(error.value).toBeNull();
  });

  it('turns a failure into its message and undefined, and is no longer busy', async () => {
    const { busy, error, run } = useBusy();
    expect(await run(() => Promise.reject(new Error('账号已锁定')))).toBeUndefined();
    expect(error.value).toBe('账号已锁定');
    expect(busy.value).toBe(false);
  });

  it('shows what was thrown when it is not an Error', async () => {
    const { error, run } = useBusy();
    await run(async () => {
      throw 'offline';
    });
    expect(error.value).toBe('offline');
  });

  it('gives each caller its own state', async () => {
    const a = useBusy();
    const b = useBusy();
    await a.run(() => Promise.reject(new Error('a failed')));
    expect(b.error.value).toBeNull();
  });
});
