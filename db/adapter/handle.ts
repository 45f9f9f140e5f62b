import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { migrate } from '../migrations';
import { adoptStoreFile, openSqlite, StoreKeyError, type Database, type Statement, type StoreKey } from '../sqlite';
import type { Projection } from '../projection';
import { syncProjections } from './projections';

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

/** How long a replicated revision may wait in the WAL unsynced (see Handle.writeReplica). */
const REPLICA_SYNC_MS = 1000;

/**
 * fsyncs the WAL on libuv's thread pool: the thread serving requests (head office's server, the branch host's
 * counter API) never waits for the disk, which on a busy shared disk takes 10–300 ms. Calls `done` either way: a WAL
 * checkpointed and removed meanwhile has nothing left unsynced, and a failed sync is retried by the next write's
 * timer or the next fsynced commit.
 */
function syncWal(file: string, done: () => void): void {
  fs.open(`${file}-wal`, 'r', (err, fd) => {
    if (err) return done();
    fs.fsync(fd, () => fs.close(fd, () => done()));
  });
}

const keyId = (key: StoreKey | undefined) => (key ? createHash('sha256').update(key).digest('hex') : null);

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
  readonly instanceId: string;
  /** Which key the file was opened with (a hash), so that a second open with another key is refused. */
  readonly keyId: string | null;
  readonly projections = new Map<string, Projection>();
  private readonly stmts = new Map<string, Statement>();
  private runInWriteTx?: (fn: () => unknown) => unknown;
  private readonly synchronous: SynchronousMode;
  private readonly file: string;
  private walSync: NodeJS.Timeout | undefined;
  private walSyncing = false;
  private walDirty = false;

  constructor(key: string, file: string, opts: OpenOptions) {
    this.key = key;
    this.file = file;
    this.keyId = keyId(opts.key);
    this.synchronous = opts.synchronous ?? 'FULL';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    if (opts.key && file !== ':memory:') adoptStoreFile(file, opts.key, opts.previousKeys);
    this.db = openSqlite(file, opts.key ?? null);
    try {
      if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
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
    return this.runInWriteTx(fn) as T;
  }

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
      this.scheduleWalSync();
    }
  }

  /**
   * Bounds what a power cut can take from unsynced replica commits to about a second, even when no fsynced write
   * follows (head office's copy of a branch's audit anchors, a branch that pushed and went offline): one fsync of
   * the WAL per second of replicated writing instead of one per commit.
   */
  private scheduleWalSync(): void {
    if (this.file === ':memory:') return;
    // A commit while a sync runs may miss it: one more sync follows, never two at once.
    if (this.walSyncing) return void (this.walDirty = true);
    if (this.walSync) return;
    this.walSync = setTimeout(() => {
      this.walSync = undefined;
      if (!this.db.open) return;
      this.walSyncing = true;
      syncWal(this.file, () => {
        this.walSyncing = false;
        if (!this.walDirty) return;
        this.walDirty = false;
        this.scheduleWalSync();
      });
    }, REPLICA_SYNC_MS);
    this.walSync.unref();
  }

  /** Stops the pending WAL sync: closing the last connection checkpoints and syncs the WAL itself. */
  cancelWalSync(): void {
    clearTimeout(this.walSync);
    this.walSync = undefined;
    this.walDirty = false;
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
    h.cancelWalSync();
    if (h.db.open) h.db.close();
  }
}
