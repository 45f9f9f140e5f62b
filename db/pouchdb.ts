import PouchDB from 'pouchdb-core';
import http from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import changesFilter from 'pouchdb-changes-filter';
import { ADAPTER_NAME, sqliteAdapter } from './adapter/sqlite-adapter';
import type { SqliteAdapterOptions } from './adapter/sqlite-adapter';

/**
 * The project's PouchDB constructor: our SQLite adapter for local files, the
 * HTTP adapter for remotes (head office, CouchDB) and the replicator.
 * Plugins are registered once, here, on import.
 */
export const JingweiPouch = PouchDB.plugin(sqliteAdapter as unknown as PouchDB.Plugin)
  .plugin(http)
  .plugin(replication)
  // Without this plugin pouchdb-core ignores `selector`/`filter` on changes and replication (only a warning);
  // sync uses selectors to send small documents ahead of attachments.
  .plugin(changesFilter as unknown as PouchDB.Plugin);

export { ADAPTER_NAME };

/** Opens (creating if missing) a local database file with the jingwei-sqlite adapter. */
export function createPouch<T extends object = object>(
  path: string,
  opts: Omit<SqliteAdapterOptions, 'adapter'> = {},
): PouchDB.Database<T> {
  return new JingweiPouch<T>(path, { ...opts, adapter: ADAPTER_NAME });
}

/** A remote CouchDB-compatible database (head office, or a test peer). */
export function createRemotePouch<T extends object = object>(
  url: string,
  opts: PouchDB.Configuration.RemoteDatabaseConfiguration = {},
): PouchDB.Database<T> {
  return new JingweiPouch<T>(url, { ...opts, adapter: 'http' });
}
