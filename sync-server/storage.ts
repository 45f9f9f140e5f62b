import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import PouchDB from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import { createPouch } from '../db/pouchdb';
import { bulkGetText } from '../db/adapter/sqlite-adapter';

export type Json = Record<string, unknown>;

export interface ChangesFeed {
  on(event: 'change', fn: (change: Json) => void): ChangesFeed;
  on(event: 'complete' | 'error', fn: (arg: unknown) => void): ChangesFeed;
  cancel(): void;
}

/**
 * The slice of a PouchDB database the HTTP layer uses. Any PouchDB adapter satisfies it, which is what lets the
 * storage be a single constructor choice (memory while developing, the foundation's SQLite adapter in production).
 */
export interface Store {
  info(): Promise<{ doc_count: number; update_seq: number | string; [k: string]: unknown }>;
  get(id: string, opts?: Json): Promise<unknown>;
  put(doc: Json, opts?: Json): Promise<{ ok: boolean; id: string; rev: string }>;
  bulkDocs(docs: Json[], opts?: Json): Promise<Json[]>;
  allDocs(opts?: Json): Promise<Json>;
  bulkGet(opts: Json): Promise<Json>;
  revsDiff(diff: Record<string, string[]>): Promise<Json>;
  changes(opts: Json): ChangesFeed & Promise<{ results: Json[]; last_seq: number | string }>;
  getAttachment(id: string, name: string, opts?: Json): Promise<Buffer>;
  putAttachment(id: string, name: string, rev: string, data: Buffer, type: string): Promise<Json>;
  removeAttachment(id: string, name: string, rev: string): Promise<Json>;
  compact(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): Promise<unknown>;
}

/** Where databases live. `open` creates on first use; `list` returns what survived a restart. */
export interface Storage {
  readonly kind: 'memory' | 'sqlite';
  open(name: string): Store;
  list(): string[];
  destroy(name: string, store: Store): Promise<void>;
}

/** Database names may contain `/` and other characters unsafe in file names; encode them reversibly. */
export const fileNameOf = (dbName: string) => encodeURIComponent(dbName).replace(/\*/g, '%2A');
const SQLITE_SUFFIX = '.sqlite';

type PouchCtor = new (name: string, opts?: Json) => unknown;

export function memoryStorage(): Storage {
  const Pouch = PouchDB.plugin(memoryAdapter) as unknown as PouchCtor;
  // The memory adapter shares stores between instances of the same name inside one process: a per-server
  // prefix keeps two servers in one test process apart.
  const prefix = `jw-${randomUUID()}/`;
  const names = new Set<string>();
  return {
    kind: 'memory',
    open(name) {
      names.add(name);
      return new Pouch(prefix + name, { adapter: 'memory' }) as Store;
    },
    list: () => [...names],
    async destroy(name, store) {
      names.delete(name);
      await store.destroy();
    },
  };
}

/** One SQLite file per database under `dataDir`, through the foundation's `jingwei-sqlite` adapter. */
export function sqliteStorage(dataDir: string): Storage {
  mkdirSync(dataDir, { recursive: true });
  return {
    kind: 'sqlite',
    open: (name) => createPouch(join(dataDir, fileNameOf(name) + SQLITE_SUFFIX)) as unknown as Store,
    list: () =>
      readdirSync(dataDir)
        .filter((f) => f.endsWith(SQLITE_SUFFIX))
        .map((f) => decodeURIComponent(f.slice(0, -SQLITE_SUFFIX.length))),
    async destroy(name, store) {
      await store.destroy();
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, fileNameOf(name) + SQLITE_SUFFIX + suffix), { force: true });
    },
  };
}

/**
 * `_bulk_get`'s reply as JSON text read straight from a SQLite store's bodies, for the replication batches that path
 * answers (one named revision per document, no attachments); null for every other request and for memory stores,
 * which then take `Store.bulkGet`.
 */
export function bulkGetReplyText(store: Store, opts: { docs: { id: string; rev?: string }[]; revs: boolean; latest: boolean }): string | null {
  return bulkGetText(store, { docs: opts.docs, revs: opts.revs, latest: opts.latest, attachments: false });
}

export function createStorage(kind: 'memory' | 'sqlite', dataDir: string): Storage {
  return kind === 'memory' ? memoryStorage() : sqliteStorage(dataDir);
}
