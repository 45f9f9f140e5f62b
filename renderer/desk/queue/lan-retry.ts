/**
 * Runs an action against the queue host until it gets an answer. Only a lost connection is retried — the same
 * request id each time, so the host answers a retried "call next" with the ticket it already called instead of
 * calling another. Any real answer (success or refusal) ends the loop.
 */
export async function withLanRetry<T>(
  run: () => Promise<T>,
  opts: {
    isLanError(e: unknown): boolean;
    onAttemptFailed(attempt: number): void;
    cancelled(): boolean;
    sleep?: (ms: number) => Promise<void>;
    maxDelayMs?: number;
  },
): Promise<{ ok: true; value: T } | { ok: false; error: unknown } | { ok: false; cancelled: true }> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await run() };
    } catch (e) {
      if (!opts.isLanError(e)) return { ok: false, error: e };
      opts.onAttemptFailed(attempt);
      await sleep(Math.min(500 * 2 ** (attempt - 1), opts.maxDelayMs ?? 5000));
      if (opts.cancelled()) return { ok: false, cancelled: true };
    }
  }
}
