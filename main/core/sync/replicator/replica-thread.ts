import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WriteGate } from '../../../../db/adapter/handle';
import type { SeqRange } from '../../../../db/adapter/replica-seqs';
import { noteWrittenElsewhere, shareWriteLock } from '../../../../db/adapter/sqlite-adapter';
import { NetworkError } from '../http/errors';
import type { KnownRevs } from './known-revs';
import type { HostMessage, PassCall, PassMessage, PassState } from './pull-thread-protocol';
import type { Doc } from './types';

/** What the thread needs to open the store as the branch host did (openBranchStore: same file, key, projections). */
export interface ReplicaThreadData {
  path: string;
  key: Uint8Array | null;
  previousKeys?: readonly Uint8Array[];
}

/** What the thread is started with: the store, and the memory through which the host's writes go first. */
export interface ReplicaThreadStart extends ReplicaThreadData {
  gate: SharedArrayBuffer;
}

export interface ReplicaSlice {
  id: number;
  docs: Doc[];
}

/** One answer per bulkDocs result; errors as plain fields (an Error's own properties do not cross threads). */
export interface WriteResult {
  ok?: boolean;
  id?: string;
  rev?: string;
  error?: unknown;
  name?: string;
  reason?: string;
  message?: string;
  status?: number;
}

/** How a pass call on the thread ended: its state, and the error (as plain fields) when it failed. */
export type PassOutcome = Extract<PassMessage, { op: 'done' | 'failed' }>;

export type SliceAnswer = { id: number; results: WriteResult[]; maxSeq: number; docCountDelta: number; replicaSeqs: SeqRange[] } | { id: number; error: string };

/** Stores replicated revisions (`new_edits=false`, no per-commit fsync) in one transaction per call. */
export interface ReplicaWriter {
  write(docs: Doc[]): Promise<WriteResult[]>;
}

const OPTIONS = { new_edits: false, replica: true } as PouchDB.Core.BulkDocsOptions;

/** Beside this module from source; in the compiled CLI this module sits in dist/cli/chunks/ and so does the entry. */
function workerEntry(): URL {
  const beside = new URL('./replica-thread-worker-entry.mjs', import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : new URL('../replica-thread-worker-entry.mjs', import.meta.url);
}

/**
 * Pulled revisions are stored by a thread of their own, on a connection of its own to the same file (WAL: the
 * counter's reads never wait for it): merging revision trees, writing bodies and keeping the projections is the
 * bulk of a pull's processor time, and on the thread that serves the counter's screens a slice of it delayed
 * every request that arrived meanwhile — by far more than the slice itself on a machine whose cores are busy.
 * Each call is still one short transaction (LocalDb.write slices a batch), so a teller's save waits for at most
 * one slice's lock; the replicator writes its checkpoint only after the thread answered, i.e. after the commit.
 *
 * When the thread cannot start or dies, slices are written on this thread as before (a replicated revision stored
 * twice is stored once: `new_edits=false` is idempotent).
 */
export class ReplicaThread implements ReplicaWriter {
  private worker: Promise<Worker | null> | null = null;
  private broken = false;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(a: SliceAnswer): void; reject(e: Error): void }>();
  private readonly passCalls = new Map<number, { batch(s: PassState): void; resolve(m: PassOutcome): void; reject(e: Error): void }>();
  /** Revisions committed on the thread join the known ones of their connection (the newest only: older ones ended). */
  private known: { connId: number; revs: KnownRevs } | null = null;

  constructor(
    private readonly pouch: PouchDB.Database<object>,
    private readonly data: ReplicaThreadData,
    private readonly log: (level: 'warn', message: string, detail?: unknown) => void = () => {},
  ) {}

  async write(docs: Doc[]): Promise<WriteResult[]> {
    const worker = this.broken ? null : await this.start();
    if (worker) {
      try {
        const answer = await this.send(worker, docs);
        if ('error' in answer) throw Object.assign(new Error(answer.error), { fromThread: true });
        noteWrittenElsewhere(this.pouch, answer);
        return answer.results;
      } catch (e) {
        // A refusal of the whole slice by the store is the store's answer, here as on this thread.
        if ((e as { fromThread?: boolean }).fromThread) throw e;
        this.log('warn', 'sync: the replica thread stopped; pulled documents are stored on the main thread', e);
      }
    }
    return (await this.pouch.bulkDocs(docs as PouchDB.Core.PutDocument<object>[], OPTIONS)) as WriteResult[];
  }

  /**
   * Runs one call of a pull pass on the thread (pull-thread-protocol.ts): `batch` hears of each completed batch.
   * Null when there is no thread — the caller then runs the pass itself. A thread that dies meanwhile fails the
   * call as the link would (worth another try, which then runs on this thread).
   */
  async runPass(call: Omit<PassCall, 'op' | 'id'>, known: KnownRevs, signal: AbortSignal | undefined, batch: (s: PassState) => void): Promise<PassOutcome | null> {
    const worker = this.broken ? null : await this.start();
    if (!worker) return null;
    if (this.known?.connId !== call.plan.connId) this.known = { connId: call.plan.connId, revs: known };
    const id = this.nextId++;
    const abort = () => worker.postMessage({ op: 'abort', id } satisfies HostMessage);
    signal?.addEventListener('abort', abort, { once: true });
    try {
      return await new Promise<PassOutcome>((resolve, reject) => {
        this.passCalls.set(id, { batch, resolve, reject });
        worker.postMessage({ op: 'pass', id, ...call } satisfies HostMessage);
        if (signal?.aborted) abort();
      });
    } finally {
      signal?.removeEventListener('abort', abort);
      this.passCalls.delete(id);
    }
  }

  /** Ends the thread after the slice it is writing; later writes go on this thread. */
  async close(): Promise<void> {
    this.broken = true;
    const worker = await this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise((r) => worker.once('exit', r));
    worker.postMessage('close');
    await exited;
  }

  private start(): Promise<Worker | null> {
    this.worker ??= new Promise((resolve) => {
      let w: Worker;
      try {
        // The host's own writes (a teller's save, a checkpoint) never queue behind a run of pulled slices.
        const gate = new WriteGate('first');
        shareWriteLock(this.pouch, gate);
        w = new Worker(workerEntry(), { workerData: { ...this.data, gate: gate.shared } satisfies ReplicaThreadStart });
      } catch (e) {
        this.fail(e);
        return resolve(null);
      }
      w.once('message', (m: 'ready' | { failed: string }) => {
        if (m === 'ready') return resolve(w);
        this.fail(new Error(m.failed));
        void w.terminate();
        resolve(null);
      });
      w.on('message', (m: SliceAnswer | PassMessage | 'ready') => {
        if (m === 'ready') return;
        if ('op' in m) return this.onPassMessage(m);
        if (!('id' in m)) return;
        this.pending.get(m.id)?.resolve(m);
        this.pending.delete(m.id);
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', () => {
        this.fail(new Error('the replica thread exited'));
        resolve(null);
      });
      // The thread never keeps the process alive: a host that is closing has already stopped replication.
      w.unref();
    });
    return this.worker;
  }

  private send(worker: Worker, docs: Doc[]): Promise<SliceAnswer> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, docs } satisfies ReplicaSlice);
    });
  }

  private onPassMessage(m: PassMessage): void {
    if (m.op === 'committed') {
      // Counters first, then the known revisions: the push that the (coalesced) change notice wakes passes them by.
      noteWrittenElsewhere(this.pouch, m);
      if (this.known && this.known.connId === m.connId) for (const [id, rev] of m.revs) this.known.revs.add(id, rev);
      return;
    }
    const call = this.passCalls.get(m.id);
    if (!call) return;
    if (m.op === 'batch') call.batch(m);
    else call.resolve(m);
  }

  private fail(e: unknown): void {
    if (!this.broken) this.log('warn', 'sync: no replica thread; pulled documents are stored on the main thread', e);
    this.broken = true;
    for (const p of this.pending.values()) p.reject(e instanceof Error ? e : new Error(String(e)));
    this.pending.clear();
    for (const c of this.passCalls.values()) c.reject(new NetworkError('replica-thread', `the replica thread stopped: ${e instanceof Error ? e.message : String(e)}`));
    this.passCalls.clear();
  }
}
