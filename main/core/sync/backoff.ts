/**
 * Retry delays for replication on a weak link: exponential growth with "decorrelated jitter", capped.
 * The retry loops call it with 0 after a request got through, so the function only needs the
 * previous delay. Jitter keeps the devices of a village branch from retrying in lock-step after the link returns.
 */
export interface BackoffOptions {
  /** First delay after a failure, ms. */
  baseMs?: number;
  /** Never wait longer than this, ms: a link that comes back is noticed within one cap. */
  capMs?: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF = { baseMs: 250, capMs: 60_000 } as const;

export function backoffFunction(opts: BackoffOptions = {}): (previousMs: number) => number {
  const base = opts.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const cap = opts.capMs ?? DEFAULT_BACKOFF.capMs;
  const random = opts.random ?? Math.random;
  return (previousMs) => {
    if (!previousMs || previousMs < base) return Math.round(base + random() * base);
    // Between base and three times the previous delay: grows about ×2 on average, never synchronised.
    const upper = Math.min(cap, previousMs * 3);
    return Math.round(Math.min(cap, base + random() * (upper - base)));
  };
}
