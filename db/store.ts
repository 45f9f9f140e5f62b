import type { Database, StoreKey } from './sqlite';
import { createPouch } from './pouchdb';
import { getSqlite } from './projection';
import type { Projection } from './projection';
import type { SynchronousMode } from './adapter/handle';

export interface StoreOptions {
  /** Database file path (created if missing), or ':memory:' for a throwaway store. */
  path: string;
  /**
   * Required so that no caller forgets it: every store on a branch PC is encrypted with a key from the device
   * secrets; null only where a plain file is meant (in-memory stores, tests of the storage layer itself).
   */
  key: StoreKey;
  /** Older generations of the key (device secrets' keyring), for a store whose re-keying was interrupted. */
  previousKeys?: readonly Uint8Array[];
  projections?: readonly Projection[];
  synchronous?: SynchronousMode;
  revs_limit?: number;
  auto_compaction?: boolean;
}

export interface Store {
  pouch: PouchDB.Database<object>;
  /** The same SQLite connection the adapter writes through; use it for read-only queries on projection tables. */
  sql: Database;
  close(): Promise<void>;
}

/** Opens the store and waits until migrations and projection rebuilds are done. */
export async function openStore(opts: StoreOptions): Promise<Store> {
  const { path, ...rest } = opts;
  const pouch = createPouch(path, rest);
  // PouchDB opens lazily; info() resolves once the adapter is ready or
  // rejects with the open error (bad file, failed migration or rebuild).
  await pouch.info();
  const sql = getSqlite(pouch);
  let closed = false;
  return {
    pouch,
    sql,
    async close() {
      if (closed) return;
      closed = true;
      await pouch.close();
    },
  };
}
