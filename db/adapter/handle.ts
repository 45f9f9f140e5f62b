import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { migrate } from '../migrations';
import { adoptStoreFile, openSqlite, StoreKeyError, unlockPragmas, type Database, type Statement, type StoreKey } from '../sqlite';
import type { Projection } from '../projection';
import { syncProjections } from './projections';
import type { ReplicaSeqs } from './replica-seqs';
import { checkpointOffThread } from './wal-worker';

export type SynchronousMode = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

export interface OpenOptions {
  projections?: readonly Projection[];
  /** FULL by default: a committed bulkDocs survives power loss, not only a crash. */
  synchronous?: SynchronousMode;
  /**
   * The store's encryption key (db/sqlite.ts); null or absent: a plain file. A plain file opened with a key
   * (written by a version before encryption) is encrypted in place first, keeping every row.
   */
  key?: StoreKey;
  /** Older generations of `key`: a store still under one of them is re-keyed to `key` on open. */
  previousKeys?: readonly Uint8Array[];
}

/**
 * How long committed WAL frames wait before the checkpoint thread copies them into the database file (and fsyncs
 * the WAL: the bound on what a power cut can take from unsynced replica commits, see Handle.writeReplica).
 */
const WAL_WORK_MS = 1000;
/**
 * SQLite's automatic checkpoint runs inside whichever commit crosses this many WAL pages, on the store's own thread:
 * left as a backstop only (the checkpoint thread keeps the WAL far smaller), or SQLite's default when there is no
 * thread.
 */
const AUTOCHECKPOINT_PAGES = { backstop: 4096, alone: 1000 };

/**
 * fsyncs the WAL on libuv's thread pool (when the checkpoint thread is unavailable): the thread serving requests
 * never waits for the disk. Calls `done` either way: a WAL checkpointed and removed meanwhile has nothing left
 * unsynced, and a failed sync is retried by the next write's timer or the next fsynced commit.
 */
function syncWal(file: string, done: () => void): void {
  fs.open(`${file}-wal`, 'r', (err, fd) => {
    if (err) return done();
    fs.fsync(fd, () => fs.close(fd, () => done()));
  });
}

const keyId = (key: StoreKey | undefined) => (key ? createHash('sha256').update(key).digest('hex') : null);

/**
 * Two connections to one file on two threads (the branch host's and its replica thread's): SQLite's busy handler
 * polls for the write lock, so a thread writing slice after slice would leave the other's writes waiting — the
 * thread serving the counter blocked inside the handler — and failing after its timeout. The `first` side counts
 * its writes in progress in shared memory; the other side starts no transaction while the count is above zero,
 * so the first side waits at most for the slice being written.
 */
export class WriteGate {
  /** Writes of the first side waiting or in progress. */
  readonly waiting: Int32Array;

  constructor(
    readonly role: 'first' | 'second',
    shared: SharedArrayBuffer = new SharedArrayBuffer(4),
  ) {
    this.waiting = new Int32Array(shared);
  }

  get shared(): SharedArrayBuffer {
    return this.waiting.buffer as SharedArrayBuffer;
  }

  /** The second side waits (this thread only, never the one serving requests) while the first side writes. */
  yieldToFirst(): void {
    for (let n = Atomics.load(this.waiting, 0); n > 0; n = Atomics.load(this.waiting, 0)) Atomics.wait(this.waiting, 0, n, 100);
  }
}

/**
 * One SQLite connection per database file, shared by every PouchDB instance
 * opened on that file in this process (as PouchDB's LevelDB adapter shares its
 * stores). Sharing keeps the cached counters coherent and avoids SQLITE_BUSY
 * between connections of the same process.
 */
export class Handle {
  readonly db: Database;
  readonly key: string;
  refs = 0;
  updateSeq: number;
  docCount: number;
  /** Seqs of replicated revisions committed here, kept only once someone asks (trackReplicaSeqs). */
  replicaSeqs: ReplicaSeqs | null = null;
  readonly instanceId: string;
  /** Which key the file was opened with (a hash), so that a second open with another key is refused. */
  readonly keyId: string | null;
  readonly projections = new Map<string, Projection>();
  private readonly stmts = new Map<string, Statement>();
  private runInWriteTx?: (fn: () => unknown) => unknown;
  private readonly synchronous: SynchronousMode;
  private readonly file: string;
  /** Unlocks the file for the checkpoint thread's own connection (none for a plain file). */
  private readonly unlock: readonly string[];
  private walTimer: NodeJS.Timeout | undefined;
  private walWork: Promise<void> | null = null;
  private walDirty = false;

  constructor(key: string, file: string, opts: OpenOptions) {
    this.key = key;
    this.file = file;
    this.keyId = keyId(opts.key);
    this.unlock = opts.key ? unlockPragmas(opts.key) : [];
    this.synchronous = opts.synchronous ?? 'FULL';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    if (opts.key && file !== ':memory:') adoptStoreFile(file, opts.key, opts.previousKeys);
    this.db = openSqlite(file, opts.key ?? null);
    try {
      if (file !== ':memory:') {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES.backstop}`);
      }
      this.db.pragma(`synchronous = ${this.synchronous}`);
      this.db.pragma('temp_store = MEMORY');
      this.db.pragma('cache_size = -16000');
      migrate(this.db);
      const row = this.prep('SELECT value FROM meta WHERE key = ?').get('instance_id') as { value: string } | undefined;
      if (row) {
        this.instanceId = row.value;
      } else {
        this.instanceId = randomUUID();
        this.prep('INSERT INTO meta (key, value) VALUES (?, ?)').run('instance_id', this.instanceId);
      }
      // sqlite_sequence holds the highest seq ever issued, even after
      // compaction or purge removed that row, so update_seq never goes back.
      const seqRow = this.prep("SELECT seq FROM sqlite_sequence WHERE name = 'revs'").get() as { seq: number } | undefined;
      this.updateSeq = seqRow?.seq ?? 0;
      this.docCount = (this.prep('SELECT COUNT(*) AS n FROM docs WHERE deleted = 0').get() as { n: number }).n;
      this.addProjections(opts.projections ?? []);
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  /** Prepared statements are cached per SQL text for the life of the connection. */
  prep(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /**
   * Runs fn in one BEGIN IMMEDIATE transaction (nested calls become
   * savepoints); a throw rolls everything back and is rethrown.
   */
  write<T>(fn: () => T): T {
    this.runInWriteTx ??= this.db.transaction((f: () => unknown) => f()).immediate;
    const gate = this.gate;
    if (gate?.role === 'first') Atomics.add(gate.waiting, 0, 1);
    else if (gate && !this.db.inTransaction) gate.yieldToFirst();
    let result: T;
    try {
      result = this.runInWriteTx(fn) as T;
    } finally {
      if (gate?.role === 'first') {
        Atomics.sub(gate.waiting, 0, 1);
        Atomics.notify(gate.waiting, 0);
      }
    }
    this.scheduleWalWork();
    return result;
  }

  /** Shares the write lock with a connection on another thread (see WriteGate). */
  gate: WriteGate | null = null;

  /**
   * `write` whose commit is not fsynced (WAL with synchronous=NORMAL): for replicated revisions (pulled by a branch,
   * pushed to head office) and the replication checkpoints written after them. The WAL keeps commits in order, so
   * a power cut can only take the newest ones together — a checkpoint never survives the revisions it counts — and
   * the replicator, comparing both sides' checkpoint histories, simply sends them again. The fsync (10–30 ms) would
   * otherwise stall the thread that serves the counter once per pulled slice.
   */
  writeReplica<T>(fn: () => T): T {
    if (this.synchronous !== 'FULL' && this.synchronous !== 'EXTRA') return this.write(fn);
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.write(fn);
    } finally {
      this.db.pragma(`synchronous = ${this.synchronous}`);
    }
  }

  /**
   * A second after a commit the checkpoint thread copies the WAL into the database file and fsyncs it
   * (wal-worker.ts), so neither SQLite's automatic checkpoint nor an fsync ever runs inside a commit on this
   * thread. It also bounds what a power cut can take from unsynced replica commits to about a second, even when
   * no fsynced write follows (head office's copy of a branch's audit anchors, a branch that pushed and went
   * offline). One job per store at a time; a commit while one runs gets one more after it.
   */
  private scheduleWalWork(): void {
    if (this.file === ':memory:') return;
    if (this.walWork) return void (this.walDirty = true);
    if (this.walTimer) return;
    this.walTimer = setTimeout(() => {
      this.walTimer = undefined;
      if (this.db.open) this.walWork = this.runWalWork();
    }, WAL_WORK_MS);
    this.walTimer.unref();
  }

  private async runWalWork(): Promise<void> {
    try {
      await checkpointOffThread({ file: this.file, unlock: this.unlock });
    } catch {
      // No thread (or it could not open the file): SQLite checkpoints inside commits again, and the WAL of
      // replica commits is fsynced on libuv's pool.
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES.alone}`);
      await new Promise<void>((done) => syncWal(this.file, done));
    }
    this.walWork = null;
    if (this.walDirty && this.db.open) {
      this.walDirty = false;
      this.scheduleWalWork();
    }
  }

  /** Stops the pending WAL work: closing the last connection checkpoints and syncs the WAL itself. */
  cancelWalWork(): void {
    clearTimeout(this.walTimer);
    this.walTimer = undefined;
    this.walDirty = false;
  }

  /** Resolves when no checkpoint of this store is running (its files may then be removed, even on Windows). */
  walIdle(): Promise<void> {
    return this.walWork ?? Promise.resolve();
  }

  addProjections(list: readonly Projection[]): void {
    const fresh = list.filter((p) => !this.projections.has(p.name));
    if (!fresh.length) return;
    syncProjections(this, fresh);
    for (const p of fresh) this.projections.set(p.name, p);
  }
}

const open = new Map<string, Handle>();

export function fileForName(name: string): { key: string; file: string } {
  if (name === ':memory:' || name.startsWith(':memory:')) {
    // Each distinct ':memory:<tag>' name is its own in-memory database.
    return { key: name, file: ':memory:' };
  }
  const file = path.resolve(name);
  return { key: file, file };
}

export function acquire(name: string, opts: OpenOptions): Handle {
  const { key, file } = fileForName(name);
  let h = open.get(key);
  if (h) {
    if (h.keyId !== keyId(opts.key)) throw new StoreKeyError(file, 'is already open with another key');
    h.addProjections(opts.projections ?? []);
  } else {
    h = new Handle(key, file, opts);
    open.set(key, h);
  }
  h.refs++;
  return h;
}

export function release(h: Handle, force = false): void {
  h.refs--;
  if (h.refs <= 0 || force) {
    if (open.get(h.key) === h) open.delete(h.key);
    h.cancelWalWork();
    if (h.db.open) h.db.close();
  }
}
