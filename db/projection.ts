import type { Database } from 'better-sqlite3';
import { handleOf } from './adapter/sqlite-adapter';

/**
 * A query table kept in step with the winning revisions. `apply` runs inside
 * the same SQLite transaction as the write that changed the winner, so a
 * projection can never disagree with the documents it is built from.
 */
export interface Projection {
  /** e.g. 'customers'; also the key under which the built version is recorded. */
  name: string;
  /** Bump to drop this projection's tables, re-run `ddl` and rebuild from all winners at next open. */
  version: number;
  /** CREATE TABLE/INDEX statements for this projection's own tables. */
  ddl: string[];
  /**
   * `doc` is the new winning revision (with `_id`, `_rev`, attachment stubs
   * but no attachment bodies), or null when the winner is deleted or purged.
   * Must not mutate `doc`; throwing aborts the whole write.
   */
  apply(sql: Database, id: string, doc: Record<string, unknown> | null): void;
}

/** The SQLite connection behind a PouchDB database opened with the jingwei-sqlite adapter. */
export function getSqlite(db: PouchDB.Database<object>): Database {
  return handleOf(db).db;
}

/** Ids of live documents that have conflicting revisions, in id order. */
export function listConflicts(db: PouchDB.Database<object>): string[] {
  const h = handleOf(db);
  const rows = h.prep('SELECT id FROM docs WHERE conflict_count > 0 ORDER BY id').all() as { id: string }[];
  return rows.map((r) => r.id);
}
