/**
 * PouchDB adapter `jingwei-sqlite`: PouchDB keeps the revision-tree logic,
 * the replicator and the changes-feed semantics; this adapter is storage only,
 * on better-sqlite3-multiple-ciphers (db/sqlite.ts; schema in ../migrations.ts).
 *
 * better-sqlite3 is synchronous, so each bulkDocs request — rev-tree merge,
 * bodies, attachments, local docs and projections — runs as one transaction
 * in one turn of the event loop: nothing is ever half-saved and no write lock
 * queue is needed (unlike the LevelDB adapter this is modelled on).
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { adapterFun, changesHandler as Changes, uuid } from 'pouchdb-utils';
import { createError, NOT_OPEN } from 'pouchdb-errors';
import type { Projection } from '../projection';
import { acquire, release } from './handle';
import type { Handle, SynchronousMode, WriteGate } from './handle';
import type { StoreKey } from '../sqlite';
import { bulkDocs } from './bulk-docs';
import { allDocs, changes, getDoc, getRevisionTree, leafPage, readAttachment } from './reads';
import type { LeafRow } from './reads';
import type { ChangesOpts } from './reads';
import { getLocal, putLocalInTx, removeLocalInTx } from './local-docs';
import { ReplicaSeqs, type SeqRange } from './replica-seqs';
import { revsDiff } from './revs-diff';
import { answersFast, bulkGet, bulkGetJson } from './bulk-get';
import type { BulkGetOpts } from './bulk-get';
import { compactRevs, purgeRevs } from './maintenance';

export const ADAPTER_NAME = 'jingwei-sqlite';

export interface SqliteAdapterOptions {
  adapter?: typeof ADAPTER_NAME;
  /** Query tables kept in the same transaction as every write. */
  projections?: readonly Projection[];
  /** SQLite `PRAGMA synchronous`; FULL (default) survives power loss. */
  synchronous?: SynchronousMode;
  /** 32-byte encryption key (db/sqlite.ts); absent or null: a plain file. */
  key?: StoreKey;
  /** Older generations of the key, for a store whose re-keying was interrupted. */
  previousKeys?: readonly Uint8Array[];
  revs_limit?: number;
  auto_compaction?: boolean;
}

type Callback<T = unknown> = (err: unknown, res?: T) => void;

/** The PouchDB instance as seen from inside an adapter (`this` of the adapter constructor). */
interface AdapterApi {
  __opts: Record<string, unknown>;
  auto_compaction?: boolean;
  [key: string]: unknown;
}

interface AdapterOpts extends SqliteAdapterOptions {
  name: string;
}

// One hub for the process: live changes feeds on any instance opened on a
// file are woken by writes made through any other instance on that file.
const changesHub = new Changes();
// One listener per live feed per file; a branch host serves several screens.
changesHub.setMaxListeners(100);
const handles = new WeakMap<object, Handle>();

/** The shared SQLite handle behind a PouchDB instance of this adapter. */
export function handleOf(db: object): Handle {
  const h = handles.get(db);
  if (!h) throw new Error(`not an open ${ADAPTER_NAME} database`);
  if (!h.db.open) throw new Error('database is closed');
  return h;
}

/**
 * Live feeds wake at most this often for commits made elsewhere: a big pull commits a slice every few
 * milliseconds, and every wake-up costs each feed on the file a query of its own on the thread serving requests.
 */
const ELSEWHERE_NOTIFY_MS = 200;
const notifyTimers = new Map<string, NodeJS.Timeout>();

/**
 * Another connection (a thread of this process writing replicated revisions, main/core/sync/replicator/
 * replica-thread.ts) committed to this store: the cached counters take its writes in at once, and live changes
 * feeds on the file wake as after a write made here — once for all such commits within ELSEWHERE_NOTIFY_MS.
 * `replicaSeqs`: the seqs of the replicated revisions among them (for a store that tracks them).
 */
export function noteWrittenElsewhere(db: object, written: { maxSeq: number; docCountDelta: number; replicaSeqs?: readonly SeqRange[] }): void {
  const h = handleOf(db);
  h.updateSeq = Math.max(h.updateSeq, written.maxSeq);
  h.docCount += written.docCountDelta;
  for (const [lo, hi] of written.replicaSeqs ?? []) h.replicaSeqs?.add(lo, hi);
  const key = h.key;
  if (notifyTimers.has(key)) return;
  const timer = setTimeout(() => {
    notifyTimers.delete(key);
    changesHub.notify(key);
  }, ELSEWHERE_NOTIFY_MS);
  timer.unref();
  notifyTimers.set(key, timer);
}

/**
 * The last seq this connection knows committed: its own writes, and those of other threads once noted
 * (noteWrittenElsewhere). A row above it was committed elsewhere a moment ago and not yet told of.
 */
export function knownUpdateSeq(db: object): number {
  return handleOf(db).updateSeq;
}

/**
 * From now on, remembers the seqs of replicated revisions committed to this store (here, or elsewhere as told by
 * noteWrittenElsewhere): the same tracker for every caller of the file.
 */
export function trackReplicaSeqs(db: object): ReplicaSeqs {
  const h = handleOf(db);
  return (h.replicaSeqs ??= new ReplicaSeqs());
}

/** Whether `db` is a PouchDB instance of this adapter (open or not). */
export function isSqliteStore(db: object): boolean {
  return handles.has(db);
}

/**
 * Calls `listener` whenever the live changes feeds on this store are woken (a write here, or the coalesced notice
 * of another thread's commits); the returned function stops it. For observers that read the store their own way
 * (watch.ts) instead of through a changes feed each.
 */
export function onStoreNotified(db: object, listener: () => void): () => void {
  const key = handleOf(db).key;
  changesHub.on(key, listener);
  // pouchdb-utils' Changes overrides removeListener with its own (name, id) form; this is EventEmitter's.
  return () => void EventEmitter.prototype.removeListener.call(changesHub, key, listener);
}

/** One page of this store's feed as replication walks it (reads.ts leafPage): leaves, no bodies, no change objects. */
export function replicationPage(db: object, since: number, size: number): { rows: LeafRow[]; lastSeq: number; end: boolean } {
  return leafPage(handleOf(db), since, size);
}

/**
 * `_bulk_get`'s reply text for a replication batch straight from the stored bodies (bulk-get.ts bulkGetJson): what
 * head office answers every pull with. Null when `db` is not an open store of this adapter, the request is not one
 * {@link answersFast} takes, or the batch needs the decoded path (attachments, an unreadable entry).
 */
export function bulkGetText(db: object, req: BulkGetOpts): string | null {
  const h = handles.get(db);
  if (!h || !h.db.open || !answersFast(req)) return null;
  return bulkGetJson(h, req);
}

/** Shares this store's write lock with a connection on another thread (handle.ts WriteGate). */
export function shareWriteLock(db: object, gate: WriteGate): void {
  handleOf(db).gate = gate;
}

function run<T>(cb: Callback<T>, fn: () => T): void {
  let res: T;
  try {
    res = fn();
  } catch (err) {
    return cb(err);
  }
  cb(null, res);
}

/** One PouchDB instance of this adapter: its SQLite handle (shared by every instance on the file) and whether it was closed. */
interface Instance {
  api: AdapterApi;
  h: Handle;
  /** The file's key on the changes hub: live feeds on it wake after a write through any instance. */
  hubKey: string;
  closed: boolean;
}

function SqlitePouch(this: AdapterApi, opts: AdapterOpts, callback: Callback) {
  let h: Handle;
  try {
    h = acquire(opts.name, { projections: opts.projections, synchronous: opts.synchronous, key: opts.key, previousKeys: opts.previousKeys });
  } catch (err) {
    queueMicrotask(() => callback(err));
    return;
  }
  // PouchDB calls adapters as constructors and expects methods on `this`.
  const instance: Instance = { api: this, h, hubKey: h.key, closed: false };
  handles.set(this, h);
  this._remote = false;
  this.type = () => ADAPTER_NAME;
  addReads(instance);
  addReplicationReads(instance);
  addWrites(instance, opts.revs_limit);
  addChanges(instance);
  addLifecycle(instance);
  queueMicrotask(() => callback(null, this));
}

/** Documents, their revision trees, attachments, local docs and the store's info, straight from the handle. */
function addReads({ api, h }: Instance): void {
  api._id = (cb: Callback<string>) => cb(null, h.instanceId);

  api._info = (cb: Callback) =>
    run(cb, () => ({
      doc_count: h.docCount,
      update_seq: h.updateSeq,
      backend_adapter: 'better-sqlite3-multiple-ciphers',
      sqlite_path: h.key,
    }));

  api._get = (id: string, getOpts: { rev?: string; latest?: boolean }, cb: Callback) => run(cb, () => getDoc(h, id, getOpts));

  api._getRevisionTree = (id: string, cb: Callback) => run(cb, () => getRevisionTree(h, id));

  api._getAttachment = (
    _docId: string,
    _attId: string,
    att: { digest: string; content_type?: string },
    attOpts: { binary?: boolean },
    cb: Callback,
  ) => run(cb, () => readAttachment(h, att.digest, att.content_type, !!attOpts.binary));

  api._allDocs = (allOpts: Parameters<typeof allDocs>[1], cb: Callback) => run(cb, () => allDocs(h, allOpts));

  api._getLocal = (id: string, cb: Callback) => run(cb, () => getLocal(h, id));
}

/** What replication asks of a store in batches, answered in a query or two instead of PouchDB's per-document way. */
function addReplicationReads(instance: Instance): void {
  const { api, h } = instance;
  // PouchDB's own revsDiff reads one revision tree per document; replication asks about a hundred at a time, on
  // head office for every batch a branch pushes, so the whole question is answered in one query (revs-diff.ts).
  api.revsDiff = adapterFun('revsDiff', (req: Record<string, string[]>, diffOpts: unknown, cb?: Callback) => {
    const done = (typeof diffOpts === 'function' ? diffOpts : cb) as Callback;
    if (instance.closed) return done(createError(NOT_OPEN));
    run(done, () => revsDiff(h, req));
  });

  // Replication reads a batch of named revisions at a time (head office for every pull, a branch for every push):
  // answered in two queries (bulk-get.ts) instead of PouchDB's get-per-document shim, which stays for other asks.
  const genericBulkGet = api.bulkGet as (req: BulkGetOpts, cb: Callback) => void;
  api.bulkGet = adapterFun('bulkGet', (req: BulkGetOpts, cb: Callback) => {
    if (instance.closed) return cb(createError(NOT_OPEN));
    if (!answersFast(req)) return genericBulkGet(req, cb);
    run(cb, () => bulkGet(h, req));
  });
}

/** Document batches (one transaction each, bulk-docs.ts), local docs, compaction and purge. */
function addWrites(instance: Instance, revsLimit: number | undefined): void {
  const { api, h, hubKey } = instance;
  api._bulkDocs = (req: { docs: Record<string, unknown>[] }, reqOpts: Record<string, unknown>, cb: Callback) => {
    if (instance.closed) return cb(createError(NOT_OPEN));
    bulkDocs(h, api, revsLimit, req, reqOpts, (err, res) => {
      if (err || !res) return cb(err);
      if (res.written) changesHub.notify(hubKey);
      cb(null, res.results);
    });
  };

  api._doCompaction = (docId: string, revs: string[], cb: Callback) => run(cb, () => compactRevs(h, docId, revs));

  api._purge = (docId: string, revs: string[], cb: Callback) => run(cb, () => purgeRevs(h, docId, revs));

  api._putLocal = (doc: Record<string, unknown>, localOpts: unknown, cb?: Callback) => {
    const done = (typeof localOpts === 'function' ? localOpts : cb) as Callback;
    run(done, () => h.write(() => putLocalInTx(h, doc)));
  };

  api._removeLocal = (doc: Record<string, unknown>, localOpts: unknown, cb?: Callback) => {
    const done = (typeof localOpts === 'function' ? localOpts : cb) as Callback;
    run(done, () => h.write(() => removeLocalInTx(h, doc)));
  };
}

/** The changes feed: a live one listens on the file's hub, a one-off reads its page at once (reads.ts). */
function addChanges({ api, h, hubKey }: Instance): void {
  api._changes = (chOpts: ChangesOpts & { continuous?: boolean }) => {
    if (chOpts.continuous) {
      const id = hubKey + ':' + uuid();
      changesHub.addListener(hubKey, id, api, chOpts);
      changesHub.notify(hubKey);
      return { cancel: () => changesHub.removeListener(hubKey, id) };
    }
    changes(h, chOpts);
    return {
      cancel: () => {
        chOpts.cancelled = true;
      },
    };
  };
}

/** Closing gives the handle back (the file stays open while other instances use it); destroying deletes the file. */
function addLifecycle(instance: Instance): void {
  const { api, h, hubKey } = instance;
  api._close = (cb: Callback) => {
    if (instance.closed) return cb(createError(NOT_OPEN));
    instance.closed = true;
    handles.delete(api);
    try {
      release(h);
    } catch (err) {
      return cb(err);
    }
    // A checkpoint already under way has its own connection on the file: until it ends, the store's -wal and -shm
    // are still in use (a test's folder could not be removed; a restart would find them), so closing waits for it.
    void h.walIdle().then(() => cb(null));
  };

  api._destroy = (_destroyOpts: unknown, cb: Callback) => {
    changesHub.removeAllListeners(hubKey);
    if (!instance.closed) {
      instance.closed = true;
      handles.delete(api);
      release(h, true);
    }
    // A checkpoint still running holds the file open (Windows refuses to delete it then).
    void h.walIdle().then(() =>
      run(cb, () => {
        if (h.key !== ':memory:' && !h.key.startsWith(':memory:')) {
          for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(h.key + suffix, { force: true });
        }
        return { ok: true };
      }),
    );
  };
}

SqlitePouch.valid = () => true;
// Names are file paths, so PouchDB must not prepend its '_pouch_' prefix.
SqlitePouch.use_prefix = false;

/** PouchDB plugin: `PouchDB.plugin(sqliteAdapter)` registers the `jingwei-sqlite` adapter. */
export function sqliteAdapter(PouchDB: { adapter(name: string, fn: unknown, addToPreferred?: boolean): void }): void {
  PouchDB.adapter(ADAPTER_NAME, SqlitePouch, true);
}
