/**
 * Runs `work` over `items` with up to `concurrency` at a time and reports completions in the items' order, so a
 * checkpoint never claims a batch whose predecessor is still in flight. On the first failure the rest is cancelled
 * through the signal, every started task is waited for, and that first error is thrown — no promise is ever left
 * to reject unobserved.
 */
export async function orderedPool<T, R>(
  /** Taken one at a time as a lane frees up, so a generator can size each item when it is needed. */
  items: Iterable<T>,
  concurrency: number,
  work: (item: T, signal: AbortSignal) => Promise<R>,
  done: (result: R, item: T, index: number) => void | Promise<void>,
  outer?: AbortSignal,
): Promise<void> {
  const abort = new AbortController();
  const cancel = () => abort.abort();
  outer?.addEventListener('abort', cancel, { once: true });
  const results = new Map<number, { result: R; item: T }>();
  const source = items[Symbol.iterator]();
  let next = 0;
  let reported = 0;
  let failure: { error: unknown } | null = null;

  const report = async () => {
    while (!failure && results.has(reported)) {
      const { result, item } = results.get(reported)!;
      results.delete(reported);
      await done(result, item, reported);
      reported++;
    }
  };

  const lane = async () => {
    while (!failure && !abort.signal.aborted) {
      const taken = source.next();
      if (taken.done) return;
      const index = next++;
      try {
        results.set(index, { result: await work(taken.value, abort.signal), item: taken.value });
        await report();
      } catch (error) {
        failure ??= { error };
        abort.abort();
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    outer?.removeEventListener('abort', cancel);
  }
  if (failure) throw (failure as { error: unknown }).error;
  if (outer?.aborted) throw outer.reason ?? new Error('aborted');
}
