import type { BackoffOptions } from './backoff';
import type { CouchHttp } from './http/couch-http';
import { DeviceRevokedError } from './http/errors';
import { connect, openPass, type Connection } from './replicator/connection';
import { classifyError, SyncFailure } from './replicator/failures';
import type { PassKind } from './replicator/local-db';
import { seqNumber, type Direction, type Pass, type PassName, type PassStats, type PassTuning } from './replicator/pass';
import type { ReplicaThread } from './replicator/replica-thread';
import { retrying } from './replicator/retry';

/** A pass of a sync: the branch database has four (records and blobs, each way); one-pass databases use `-all`. */
export type SyncPhase = PassName;
/** Push before pull so that this branch's day is safe at head office first; small documents before blobs. */
export const END_OF_DAY_PHASES: readonly SyncPhase[] = ['push-docs', 'pull-docs', 'push-blobs', 'pull-blobs'];

export interface OneShotProgress {
  phase: SyncPhase;
  phaseIndex: number;
  phaseCount: number;
  /** Changes walked so far and in all, across the phases (an estimate from sequence numbers). */
  done: number;
  total: number;
  docsSent: number;
  docsReceived: number;
  bytesSent: number;
  bytesReceived: number;
}

export interface DirectionSummary extends PassStats {
  bytes: number;
}

export interface OneShotResult {
  up: DirectionSummary;
  down: DirectionSummary;
  requests: number;
  selectorOnServer: boolean;
  /** Tries that failed on the link and were resumed. */
  retries: number;
}

export interface OneShotOptions {
  local: PouchDB.Database<object>;
  /** Head office's branch database (see remote.ts `openRemote`). */
  http: CouchHttp;
  phases?: readonly SyncPhase[];
  /**
   * Consecutive failed tries without any progress before the run gives up (exit 3 in the CLI). While documents
   * keep moving between cuts the run never gives up.
   */
  attempts?: number;
  backoff?: BackoffOptions;
  tuning?: Partial<Record<PassKind, Partial<PassTuning>>>;
  onProgress?(p: OneShotProgress): void;
  onRetry?(error: unknown, delayMs: number): void;
  /** Pull only documents of these types (a queue device); push is never filtered. */
  pullTypes?: readonly string[];
  /** Stores pulled revisions off the thread that serves the counter (replicator/replica-thread.ts). */
  writer?: ReplicaThread;
  /** Head office answered: both databases are known (their ids name the checkpoints). */
  onConnected?(conn: Connection): void;
  /** Aborting stops the run; it fails as `interrupted` and resumes from its checkpoints next time. */
  signal?: AbortSignal;
}

export const DEFAULT_ATTEMPTS = 5;

/**
 * Runs the first pass alone (in an end of day: this branch's records are safe at head office before anything else
 * happens), then the other pushes and the other pulls as two lines of work side by side, each in its order. A pull
 * uses the line's down direction while a push fills the up direction, so on a weak line the pull costs no time of
 * its own. The first failure stops the other line and is thrown.
 */
export async function runPhases(
  phases: readonly SyncPhase[],
  run: (index: number, signal: AbortSignal) => Promise<void>,
  outer: AbortSignal,
): Promise<void> {
  const inner = new AbortController();
  const stop = () => inner.abort();
  if (outer.aborted) inner.abort();
  else outer.addEventListener('abort', stop, { once: true });
  const rest = phases.map((_, i) => i).slice(1);
  const pushes = rest.filter((i) => phases[i]!.startsWith('push'));
  const pulls = rest.filter((i) => !phases[i]!.startsWith('push'));
  let failure: { error: unknown } | null = null;
  const line = async (chain: number[], after?: Promise<void>) => {
    try {
      await after;
      for (const i of chain) {
        if (inner.signal.aborted) return;
        await run(i, inner.signal);
      }
    } catch (error) {
      failure ??= { error };
      inner.abort();
    }
  };
  try {
    const first = phases.length ? line([0]) : Promise.resolve();
    await Promise.all([first, line(pushes, first), line(pulls, first)]);
  } finally {
    outer.removeEventListener('abort', stop);
  }
  if (failure) throw (failure as { error: unknown }).error;
}

/**
 * Push and pull to completion (the phases as `runPhases` orders them), with progress: what `jingwei sync`, the end-of-day screen and
 * the benchmarks run. Each phase resumes from its checkpoints; within the run, a retry after a cut resumes where
 * the phase stood, and the run only gives up after `attempts` failures in a row with nothing moving.
 */
export async function runOneShot(opts: OneShotOptions): Promise<OneShotResult> {
  const { http } = opts;
  const phases = opts.phases ?? END_OF_DAY_PHASES;
  const signal = opts.signal ?? new AbortController().signal;
  const start = http.meter.snapshot();
  let batches = 0;
  let retries = 0;
  const passes: Pass[] = [];
  let selectorOnServer = false;
  const side = (p: Pass[]): DirectionSummary => {
    const out: DirectionSummary = { docs: 0, byType: {}, writeFailures: 0, denied: [], bytes: 0 };
    for (const { stats } of p) {
      out.docs += stats.docs;
      out.writeFailures += stats.writeFailures;
      out.denied.push(...stats.denied);
      for (const [t, n] of Object.entries(stats.byType)) out.byType[t] = (out.byType[t] ?? 0) + n;
    }
    return out;
  };
  const result = (): OneShotResult => {
    const now = http.meter.snapshot();
    const up = side(passes.filter((_, i) => phases[i]!.startsWith('push')));
    const down = side(passes.filter((_, i) => phases[i]!.startsWith('pull')));
    up.bytes = now.bytesSent - start.bytesSent;
    down.bytes = now.bytesReceived - start.bytesReceived;
    return { up, down, requests: now.requests - start.requests, selectorOnServer, retries };
  };
  let answeredAtRetry = -1;
  const policy = {
    maxFailuresWithoutProgress: opts.attempts ?? DEFAULT_ATTEMPTS,
    backoff: opts.backoff,
    signal,
    onRetry: (e: unknown, ms: number) => {
      // Two passes running side by side both fail at one cut: it is counted and told once.
      const answered = http.meter.snapshot().answered;
      if (answered === answeredAtRetry) return;
      answeredAtRetry = answered;
      retries++;
      opts.onRetry?.(e, ms);
    },
  };
  /** Passes running now and finished (indexes into `passes`); progress shows the first running push, else pull. */
  const running = new Set<number>();
  const finishedPasses = new Set<number>();
  const current = () => {
    const now = [...running];
    return now.find((i) => phases[i]!.startsWith('push')) ?? now[0] ?? Math.min(phases.length - 1, finishedPasses.size);
  };
  const marks = { progress: () => batches, answered: () => http.meter.snapshot().answered };
  const marksOf = (i: number) => ({ ...marks, shrank: () => passes[i]!.shrankOnFailure });
  const fail = (e: unknown): never => {
    // Not a failure of this run: the device must stop and wipe itself (devices/revocation.ts).
    if (e instanceof DeviceRevokedError) throw e;
    const kind = signal.aborted ? 'interrupted' : classifyError(e);
    throw new SyncFailure(kind, e instanceof Error ? e.message : String(e), result());
  };
  const conn = await retrying(() => connect(opts.local, http, signal, { pullTypes: opts.pullTypes, writer: opts.writer }), marks, policy).catch(fail);
  selectorOnServer = conn.selectorOnServer;
  opts.onConnected?.(conn);
  const starts: number[] = [];
  const ranges: number[] = [];
  try {
    const localSeq = await conn.local.updateSeq();
    for (const phase of phases) {
      const [direction, kind] = phase.split('-') as [Direction, PassKind];
      passes.push(openPass(conn, direction, kind, () => {
        batches++;
        report();
      }, opts.tuning?.[kind]));
    }
    // All checkpoints in one round trip's time rather than one after another.
    await retrying(() => Promise.all(passes.map((p) => p.start())), marks, policy);
    for (const [i, pass] of passes.entries()) {
      starts.push(seqNumber(pass.cursor));
      ranges.push(Math.max(0, seqNumber(phases[i]!.startsWith('push') ? localSeq : conn.remoteSeq) - seqNumber(pass.cursor)));
    }
  } catch (e) {
    fail(e);
  }
  const total = ranges.reduce((a, b) => a + b, 0);
  let finished = false;
  const report = () => {
    if (!opts.onProgress || !ranges.length) return;
    const bytes = http.meter.snapshot();
    const walked = (p: Pass, i: number) =>
      finishedPasses.has(i) ? ranges[i]! : running.has(i) ? Math.min(ranges[i]!, Math.max(0, seqNumber(p.cursor) - starts[i]!)) : 0;
    const done = finished ? total : passes.reduce((n, p, i) => n + walked(p, i), 0);
    const r = result();
    const shown = current();
    opts.onProgress({
      phase: phases[shown]!, phaseIndex: shown, phaseCount: phases.length, done, total,
      docsSent: r.up.docs, docsReceived: r.down.docs,
      bytesSent: bytes.bytesSent - start.bytesSent, bytesReceived: bytes.bytesReceived - start.bytesReceived,
    });
  };

  await runPhases(phases, async (i, passSignal) => {
    running.add(i);
    report();
    await retrying(() => passes[i]!.catchUp(passSignal), marksOf(i), { ...policy, signal: passSignal });
    running.delete(i);
    finishedPasses.add(i);
  }, signal).catch(fail);
  finished = true;
  report();
  return result();
}
