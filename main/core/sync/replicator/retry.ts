import { setTimeout as sleep } from 'node:timers/promises';
import { backoffFunction, type BackoffOptions } from '../backoff';
import { isTransient, SyncFailure } from './failures';

export interface RetryPolicy {
  /**
   * Consecutive failed tries with no progress in between before giving up. Progress resets the count, so a run
   * that moves documents between cuts never gives up, however many cuts the day has.
   */
  maxFailuresWithoutProgress: number;
  backoff?: BackoffOptions;
  signal?: AbortSignal;
  onRetry?(error: unknown, delayMs: number): void;
}

const ANSWERED_FAILURE_WEIGHT = 0.25;

/** Monotonic counters the retry loop compares before and after a failure. */
export interface RunMarks {
  /** Batches completed. */
  progress(): number;
  /** Requests the server answered. */
  answered(): number;
  /** Whether the last failure made the work smaller (smaller batches and feed pages after a cut). */
  shrank?(): boolean;
}

/**
 * Runs `task` until it succeeds, retrying transient failures (cuts, time-outs, 5xx) after a back-off that
 * starts over whenever a request got through since the last failure — a link that came back is used at once,
 * not after the grown delay of a bad hour. Anything else (401, 403, a missing database, a bug) ends the run.
 */
export async function retrying<T>(task: () => Promise<T>, marks: RunMarks, policy: RetryPolicy): Promise<T> {
  const nextDelay = backoffFunction(policy.backoff);
  let delay = 0;
  let failures = 0;
  let progressSeen = marks.progress();
  let answeredSeen = marks.answered();
  for (;;) {
    try {
      return await task();
    } catch (e) {
      if (policy.signal?.aborted) throw new SyncFailure('interrupted', 'the sync was stopped');
      if (!isTransient(e)) throw e;
      // A failure counts towards giving up unless something moved since the last one, or the batches just got
      // smaller — which may be all it takes on a line that drops faster than a full batch crosses it (batches only
      // halve a few times, so a dead line still ends the run).
      // A try in which head office answered something (a revs_diff, a feed page) before the cut took the upload
      // shows a live line that drops faster than the batch crosses it: it counts a quarter, so such a line gets
      // four times the tries of a dead one, and a batch too big to ever cross still ends the run.
      const answered = marks.answered() !== answeredSeen;
      if (marks.progress() !== progressSeen) failures = 1;
      else if (!marks.shrank?.()) failures += answered ? ANSWERED_FAILURE_WEIGHT : 1;
      progressSeen = marks.progress();
      if (failures >= policy.maxFailuresWithoutProgress) throw e;
      delay = answered ? nextDelay(0) : nextDelay(delay);
      answeredSeen = marks.answered();
      policy.onRetry?.(e, delay);
      try {
        await sleep(delay, undefined, { signal: policy.signal });
      } catch {
        throw new SyncFailure('interrupted', 'the sync was stopped');
      }
    }
  }
}
