import { backoffFunction } from './backoff';
import { checkpointSeq, replicationIds } from './checkpoints';
import { docTypeOf, passOptions, remoteSupportsSelector, seqNumber, type Direction, type PassKind, type PassSettings } from './passes';
import type { TransferMeter } from './transfer-meter';

export type SyncPhase = `${Direction}-${PassKind}`;
/** Push before pull so that this branch's day is safe at head office first; small documents before blobs. */
export const END_OF_DAY_PHASES: readonly SyncPhase[] = ['push-docs', 'pull-docs', 'push-blobs', 'pull-blobs'];

export interface OneShotProgress {
  phase: SyncPhase;
  phaseIndex: number;
  phaseCount: number;
  /** Changes scanned so far and in all, across the phases (an estimate from sequence numbers). */
  done: number;
  total: number;
  docsSent: number;
  docsReceived: number;
  bytesSent: number;
  bytesReceived: number;
}

export interface DirectionSummary {
  docs: number;
  bytes: number;
  byType: Record<string, number>;
  writeFailures: number;
  /** Documents the other side refused (validation or permissions); the rest still went through. */
  denied: { id: string; reason: string }[];
}

export interface OneShotResult {
  up: DirectionSummary;
  down: DirectionSummary;
  requests: number;
  selectorOnServer: boolean;
}

/** Why a one-shot sync stopped before finishing; the CLI maps each to an exit code and a bilingual message. */
export type SyncFailureKind = 'unreachable' | 'unauthorized' | 'forbidden' | 'not-found' | 'interrupted' | 'failed';

export class SyncFailure extends Error {
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    readonly partial?: OneShotResult,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

export function classifyError(e: unknown): SyncFailureKind {
  const err = e as { status?: number; name?: string; code?: string; message?: string };
  if (err.status === 401 || err.name === 'unauthorized') return 'unauthorized';
  if (err.status === 403 || err.name === 'forbidden') return 'forbidden';
  if (err.status === 404) return 'not-found';
  if (err.status && err.status >= 500) return 'failed';
  return 'unreachable';
}

const fatal = (kind: SyncFailureKind) => kind === 'unauthorized' || kind === 'forbidden' || kind === 'not-found';

export interface OneShotOptions {
  local: PouchDB.Database<object>;
  remote: PouchDB.Database<object>;
  /** The meter whose fetch `remote` was created with. */
  meter: TransferMeter;
  phases?: readonly SyncPhase[];
  settings?: PassSettings;
  /** Tries per phase on network errors; each retry resumes from that phase's checkpoint. */
  attempts?: number;
  onProgress?(p: OneShotProgress): void;
  /** Aborting cancels the replication in flight; the run fails as `interrupted`. */
  signal?: AbortSignal;
}

const emptySummary = (): DirectionSummary => ({ docs: 0, bytes: 0, byType: {}, writeFailures: 0, denied: [] });

/**
 * Push and pull to completion, phase by phase, with progress. Each phase is an ordinary PouchDB replication
 * (checkpointed per batch), so an interrupted run resumes where it stopped the next time.
 */
export async function runOneShot(opts: OneShotOptions): Promise<OneShotResult> {
  const { local, remote, meter } = opts;
  const phases = opts.phases ?? END_OF_DAY_PHASES;
  const attempts = opts.attempts ?? 5;
  const nextDelay = backoffFunction(opts.settings?.backoff);
  const up = emptySummary();
  const down = emptySummary();
  const startBytes = meter.snapshot();
  let selectorOnServer = false;
  const result = (): OneShotResult => {
    const now = meter.snapshot();
    up.bytes = now.bytesSent - startBytes.bytesSent;
    down.bytes = now.bytesReceived - startBytes.bytesReceived;
    return { up, down, requests: now.requests - startBytes.requests, selectorOnServer };
  };
  const fail = (e: unknown): never => {
    if (e instanceof SyncFailure) throw e;
    const kind = opts.signal?.aborted ? 'interrupted' : classifyError(e);
    throw new SyncFailure(kind, (e as Error).message ?? String(e), result());
  };

  try {
    selectorOnServer = await remoteSupportsSelector(remote);
  } catch (e) {
    fail(e);
  }
  // Progress is measured in changes scanned: each phase runs from its checkpoint to the source's current seq.
  const ids = await replicationIds(local, remote, selectorOnServer).catch(() => null);
  const [localInfo, remoteInfo] = await Promise.all([local.info(), remote.info()]).catch((e: unknown) => fail(e));
  const ranges: number[] = [];
  const starts: number[] = [];
  for (const phase of phases) {
    const start = seqNumber(await checkpointSeq(local, ids?.[phase]));
    const end = seqNumber(phase.startsWith('push') ? localInfo.update_seq : remoteInfo.update_seq);
    starts.push(start);
    ranges.push(Math.max(0, end - start));
  }
  const total = ranges.reduce((a, b) => a + b, 0);
  const done = ranges.map(() => 0);

  const report = (phaseIndex: number) => {
    const bytes = meter.snapshot();
    opts.onProgress?.({
      phase: phases[phaseIndex]!, phaseIndex, phaseCount: phases.length,
      done: done.reduce((a, b) => a + b, 0), total,
      docsSent: up.docs, docsReceived: down.docs,
      bytesSent: bytes.bytesSent - startBytes.bytesSent, bytesReceived: bytes.bytesReceived - startBytes.bytesReceived,
    });
  };

  for (const [i, phase] of phases.entries()) {
    const [direction, kind] = phase.split('-') as [Direction, PassKind];
    const summary = direction === 'push' ? up : down;
    const repOpts = { ...passOptions(kind, direction, selectorOnServer, opts.settings), retry: false };
    report(i);
    let delay = 0;
    for (let attempt = 1; ; attempt++) {
      if (opts.signal?.aborted) fail(new Error('interrupted'));
      const rep = direction === 'push' ? local.replicate.to(remote, repOpts) : local.replicate.from(remote, repOpts);
      const onAbort = () => rep.cancel();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      rep.on('change', (info) => {
        const docs = (info as { docs?: { _id?: string; type?: unknown; _deleted?: boolean }[] }).docs ?? [];
        summary.docs += docs.length;
        for (const doc of docs) {
          const type = docTypeOf(doc);
          summary.byType[type] = (summary.byType[type] ?? 0) + 1;
        }
        done[i] = Math.min(ranges[i]!, Math.max(0, seqNumber(info.last_seq) - starts[i]!));
        report(i);
      });
      rep.on('denied', (err) => {
        const e = err as { id?: string; reason?: string; message?: string };
        summary.denied.push({ id: String(e.id ?? ''), reason: String(e.reason ?? e.message ?? '') });
      });
      try {
        const res = (await rep) as PouchDB.Replication.ReplicationResultComplete<object> & { status?: string };
        summary.writeFailures += res.doc_write_failures;
        if (res.status === 'cancelled' || opts.signal?.aborted) fail(new Error('interrupted'));
        break;
      } catch (e) {
        if (e instanceof SyncFailure) throw e;
        const kind = opts.signal?.aborted ? 'interrupted' : classifyError(e);
        if (fatal(kind) || kind === 'interrupted' || attempt >= attempts) fail(e);
        delay = nextDelay(delay);
        await new Promise((r) => setTimeout(r, delay));
      } finally {
        opts.signal?.removeEventListener('abort', onAbort);
      }
    }
    done[i] = ranges[i]!;
    report(i);
  }
  return result();
}
