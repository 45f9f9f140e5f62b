import type { Checkpointer, Seq } from './checkpointer';
import { isTransient } from './failures';
import type { KnownRevs } from './known-revs';
import type { LocalDb, PassKind } from './local-db';
import type { RemoteDb } from './remote-db';
import type { Doc, WriteError } from './types';

export type Direction = 'push' | 'pull';

/** Batches never shrink below this share of the tuned size (and never below one document). */
const MIN_SCALE = 1 / 64;
/**
 * A pass starts with batches of this share and doubles them with each one that goes through (TCP's slow start):
 * the first upload leaves after a small revs_diff instead of waiting for the answer about a thousand documents.
 */
const START_SCALE = 1 / 16;
/** A pass by name: `push-docs`, `pull-blobs`, `pull-all`... */
export type PassName = `${Direction}-${PassKind}`;

/** What one pass moved; `docs` counts revisions the other side stored. */
export interface PassStats {
  docs: number;
  byType: Record<string, number>;
  writeFailures: number;
  /** Revisions the other side refused (validation or permissions); the rest still went through. */
  denied: { id: string; reason: string }[];
}

export const emptyStats = (): PassStats => ({ docs: 0, byType: {}, writeFailures: 0, denied: [] });

/**
 * How a pass cuts its work. A batch is what one round of revs_diff + upload (or bulk_get + write) carries;
 * batches are bounded by bytes as well as documents, so a batch of scans is a few seconds on a weak link, like a
 * batch of records. Checkpoints are written every few batches or seconds, not after every batch: between them a
 * cut costs a re-read of the feed and a revs_diff, never a re-send.
 */
export interface PassTuning {
  batchDocs: number;
  batchBytes: number;
  /** Rows read from a changes feed per request. */
  feedRows: number;
  /** Batches being prepared at once: the next batch's revs_diff runs while this one uploads (uploads queue, see Uplink). */
  concurrency: number;
  checkpointEveryMs: number;
  checkpointEveryBatches: number;
}

/**
 * Push batches are large (the server stores a whole batch in one transaction); pull groups are smaller, because
 * each `_bulk_get` answer is parsed on the thread that also serves the counter's screens.
 */
export const TUNING: Record<Direction, Record<PassKind, PassTuning>> = {
  push: {
    docs: { batchDocs: 1000, batchBytes: 512 * 1024, feedRows: 2000, concurrency: 2, checkpointEveryMs: 15_000, checkpointEveryBatches: 20 },
    blobs: { batchDocs: 50, batchBytes: 1024 * 1024, feedRows: 100, concurrency: 2, checkpointEveryMs: 15_000, checkpointEveryBatches: 20 },
    all: { batchDocs: 500, batchBytes: 1024 * 1024, feedRows: 1000, concurrency: 2, checkpointEveryMs: 15_000, checkpointEveryBatches: 20 },
  },
  pull: {
    docs: { batchDocs: 200, batchBytes: Infinity, feedRows: 2000, concurrency: 2, checkpointEveryMs: 15_000, checkpointEveryBatches: 20 },
    blobs: { batchDocs: 5, batchBytes: Infinity, feedRows: 50, concurrency: 2, checkpointEveryMs: 15_000, checkpointEveryBatches: 20 },
    all: { batchDocs: 100, batchBytes: Infinity, feedRows: 1000, concurrency: 2, checkpointEveryMs: 15_000, checkpointEveryBatches: 20 },
  },
};

export interface PassContext {
  direction: Direction;
  kind: PassKind;
  local: LocalDb;
  remote: RemoteDb;
  /** Selector of this pass, sent with the remote feed when the server evaluates it (pull). */
  selector?: object;
  checkpointer: Checkpointer;
  tuning: PassTuning;
  known: KnownRevs;
  /** A pull limited to these document types (enforced here too when the server cannot filter). */
  pullTypes?: readonly string[];
  /** Called after each completed batch (progress, the run's "made progress" mark). */
  onBatch(): void;
}

/** `type` of a replicated document for the summary; tombstones carry no body, so their id prefix names them. */
export function docTypeOf(doc: { _id?: string; type?: unknown }): string {
  if (typeof doc.type === 'string' && doc.type) return doc.type;
  if (doc._id?.startsWith('_design/')) return '_design';
  const prefix = doc._id?.split(':')[0];
  return prefix && prefix !== doc._id ? prefix : 'other';
}

/** Numeric part of a sequence: integers here, "123-g1AAAA..." on CouchDB 2+; only for progress estimates. */
export function seqNumber(seq: unknown): number {
  if (typeof seq === 'number') return seq;
  if (typeof seq === 'string') {
    const n = parseInt(seq, 10);
    return Number.isFinite(n) ? n : 0;
  }
  return 0;
}

/**
 * State of one replication pass that survives retries within a run: where it is (`cursor`, the seq below which
 * everything is done) and what it moved. A retry after a cut resumes from the cursor, not from the last
 * checkpoint written, so nothing done in this run is walked again.
 */
export abstract class Pass {
  readonly stats = emptyStats();
  cursor: Seq = 0;
  protected started = false;
  private lastCheckpointAt = Date.now();
  private batchesSinceCheckpoint = 0;
  /**
   * Share of the tuned batch size in use. A cut halves it, each completed batch doubles it back: a link that
   * drops more often than a full batch takes still moves smaller batches between drops (and loses less per drop).
   */
  private scale = START_SCALE;
  /** The last failure made the batches smaller: another try is worth it even though nothing moved. */
  shrankOnFailure = false;

  constructor(protected readonly ctx: PassContext) {}

  /** Reads the checkpoints (once per run): afterwards `cursor` is where this pass resumes. */
  async start(): Promise<void> {
    if (this.started) return;
    this.cursor = await this.ctx.checkpointer.start();
    this.started = true;
  }

  /**
   * Brings the target up to the source's current end. Throws on failure with its state kept for the retry.
   * `live` (continuous sync, which catches up again and again): a catch-up that completed no batch — a push passing
   * over what was just pulled — leaves the checkpoint to the next batch or `checkpointEveryMs`, instead of writing
   * it on both sides every few hundred milliseconds of a big pull (a local write that waits for the replica thread's
   * slice, on the thread serving the counter). The cursor is where the pass goes on from either way.
   */
  async catchUp(signal: AbortSignal, live = false): Promise<void> {
    await this.start();
    try {
      await this.walk(signal);
    } catch (e) {
      const before = this.scale;
      if (isTransient(e)) this.scale = Math.max(MIN_SCALE, this.scale / 2);
      this.shrankOnFailure = this.scale < before;
      throw e;
    }
    if (live && this.batchesSinceCheckpoint === 0 && Date.now() - this.lastCheckpointAt < this.ctx.tuning.checkpointEveryMs) return;
    await this.ctx.checkpointer.save(this.cursor);
    this.lastCheckpointAt = Date.now();
    this.batchesSinceCheckpoint = 0;
  }

  protected abstract walk(signal: AbortSignal): Promise<void>;

  /** The batch limits now: the tuned ones, smaller after cuts (never below one document). */
  protected limits(): { docs: number; bytes: number } {
    const t = this.ctx.tuning;
    return { docs: Math.max(1, Math.floor(t.batchDocs * this.scale)), bytes: Math.max(16 * 1024, t.batchBytes * this.scale) };
  }

  /** Rows asked of a remote feed now: fewer after cuts, so one page's answer fits between two cuts. */
  protected feedRows(): number {
    return Math.max(10, Math.floor(this.ctx.tuning.feedRows * this.scale));
  }

  /** A batch went through: batches grow back, and the run counts it as progress. */
  protected completed(): void {
    this.scale = Math.min(1, this.scale * 2);
    this.ctx.onBatch();
  }

  /** Marks everything up to `seq` done; writes the checkpoint when enough batches or seconds went by. */
  protected async advance(seq: Seq): Promise<void> {
    this.cursor = seq;
    this.batchesSinceCheckpoint++;
    const t = this.ctx.tuning;
    if (this.batchesSinceCheckpoint >= t.checkpointEveryBatches || Date.now() - this.lastCheckpointAt >= t.checkpointEveryMs) {
      await this.ctx.checkpointer.save(seq);
      this.lastCheckpointAt = Date.now();
      this.batchesSinceCheckpoint = 0;
    }
  }

  /** Counts the revisions the other side stored and remembers them as held by both sides. */
  protected count(docs: Doc[], refused: WriteError[]): void {
    const bad = new Set(refused.map((r) => `${r.id}@${r.rev ?? ''}`));
    for (const doc of docs) {
      if (bad.has(`${doc._id}@${doc._rev}`) || bad.has(`${doc._id}@`)) continue;
      this.ctx.known.add(doc._id, doc._rev);
      this.stats.docs++;
      const type = docTypeOf(doc);
      this.stats.byType[type] = (this.stats.byType[type] ?? 0) + 1;
    }
  }
}

/**
 * Cuts rows into batches of at most `docs` rows and about `bytes` bytes (a single large row makes its own batch),
 * asking for the limits anew for each batch: after a cut the next batches are smaller at once.
 */
export function* batchesOf<T>(rows: readonly T[], weight: (row: T) => number, limits: () => { docs: number; bytes: number }): Generator<T[]> {
  let i = 0;
  while (i < rows.length) {
    const { docs, bytes } = limits();
    const batch: T[] = [];
    let sum = 0;
    while (i < rows.length && batch.length < docs && (batch.length === 0 || sum + weight(rows[i]!) <= bytes)) {
      sum += weight(rows[i]!);
      batch.push(rows[i++]!);
    }
    yield batch;
  }
}
