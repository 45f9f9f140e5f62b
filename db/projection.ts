import type { Database, Statement } from './sqlite';
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
export function getSqlite<T extends object>(db: PouchDB.Database<T>): Database {
  return handleOf(db).db;
}

/** Ids of live documents that have conflicting revisions, in id order (served by a partial index). */
export function listConflicts<T extends object>(db: PouchDB.Database<T>): string[] {
  const h = handleOf(db);
  const rows = h.prep('SELECT id FROM docs WHERE conflict_count > 0 ORDER BY id').all() as { id: string }[];
  return rows.map((r) => r.id);
}

const statementCache = new WeakMap<Database, Map<string, Statement>>();

/**
 * A prepared statement cached per connection and SQL text. `apply` runs once
 * per written document, and preparing a statement costs more than running it.
 */
export function cachedStatement(sql: Database, text: string): Statement {
  let perDb = statementCache.get(sql);
  if (!perDb) {
    perDb = new Map();
    statementCache.set(sql, perDb);
  }
  let stmt = perDb.get(text);
  if (!stmt) {
    stmt = sql.prepare(text);
    perDb.set(text, stmt);
  }
  return stmt;
}
