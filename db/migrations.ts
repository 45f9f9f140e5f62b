import type { Database } from './sqlite';

/**
 * Versioned schema of the document store. The version lives in
 * `PRAGMA user_version` (atomic with the DDL because each step runs in its own
 * transaction), so a crash half-way through an upgrade leaves the file at the
 * last completed version and the next open resumes from there.
 *
 * Never edit a released migration: append a new one.
 */
export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'document store: docs, revisions by seq, attachments by digest, local docs, projection state',
    up(db) {
      db.exec(`
        CREATE TABLE meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) WITHOUT ROWID;

        -- One row per document id: its revision tree and the cached winner, so
        -- reads never recompute the tree and SQL can join the winning body.
        -- A rowid table (not WITHOUT ROWID) because long-lived documents grow
        -- rev trees far larger than WITHOUT ROWID rows should be.
        CREATE TABLE docs (
          id             TEXT PRIMARY KEY,
          rev_tree       TEXT NOT NULL,
          winning_rev    TEXT NOT NULL,
          winning_seq    INTEGER,
          deleted        INTEGER NOT NULL,
          max_seq        INTEGER NOT NULL,
          conflict_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX docs_by_max_seq ON docs(max_seq);
        CREATE INDEX docs_live_by_id ON docs(deleted, id);
        CREATE INDEX docs_conflicted ON docs(id) WHERE conflict_count > 0;

        -- Every stored revision body; seq is the changes-feed sequence.
        -- AUTOINCREMENT so a seq is never reused after compaction deletes rows.
        CREATE TABLE revs (
          seq     INTEGER PRIMARY KEY AUTOINCREMENT,
          doc_id  TEXT NOT NULL,
          rev     TEXT NOT NULL,
          deleted INTEGER NOT NULL,
          json    TEXT NOT NULL
        );
        CREATE UNIQUE INDEX revs_by_doc_rev ON revs(doc_id, rev);

        -- Attachment bodies are stored once per digest; attachment_refs counts
        -- the revisions that use each body, so compaction can drop orphans.
        CREATE TABLE attachments (
          digest TEXT PRIMARY KEY,
          body   BLOB NOT NULL
        );
        CREATE TABLE attachment_refs (
          digest TEXT NOT NULL,
          seq    INTEGER NOT NULL,
          PRIMARY KEY (digest, seq)
        ) WITHOUT ROWID;
        CREATE INDEX attachment_refs_by_seq ON attachment_refs(seq);

        CREATE TABLE local_docs (
          id   TEXT PRIMARY KEY,
          rev  TEXT NOT NULL,
          json TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE projection_state (
          name    TEXT PRIMARY KEY,
          version INTEGER NOT NULL,
          tables  TEXT NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Brings the file up to SCHEMA_VERSION; returns the version it found. */
export function migrate(db: Database): number {
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > SCHEMA_VERSION) {
    throw new Error(
      `database schema version ${found} is newer than this program supports (${SCHEMA_VERSION}); upgrade the application`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= found) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return found;
}
