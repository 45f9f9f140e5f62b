import type { Database } from '../sqlite';
import type { Projection } from '../projection';
import type { Handle } from './handle';
import { decodeBody, markStubs } from './codec';

const CORE_TABLES = new Set(['meta', 'docs', 'revs', 'attachments', 'attachment_refs', 'local_docs', 'projection_state']);
const CREATE_TABLE = /CREATE\s+(?:TEMP(?:ORARY)?\s+)?(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[`"[]?([\w]+)[`"\]]?/gi;
const REBUILD_PAGE = 500;

function tableNames(db: Database): Set<string> {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

/**
 * Creates or rebuilds projections whose stored version differs from the code's.
 * Everything happens in one transaction, so a failed rebuild leaves the old
 * tables and version in place and the open fails loudly.
 */
export function syncProjections(h: Handle, list: readonly Projection[]): void {
  const get = h.prep('SELECT version, tables FROM projection_state WHERE name = ?');
  const put = h.prep(
    'INSERT INTO projection_state (name, version, tables) VALUES (?, ?, ?) ' +
      'ON CONFLICT(name) DO UPDATE SET version = excluded.version, tables = excluded.tables',
  );
  const stale = list.filter((p) => {
    const row = get.get(p.name) as { version: number } | undefined;
    return !row || row.version !== p.version;
  });
  if (!stale.length) return;
  h.write(() => {
    for (const p of stale) {
      const row = get.get(p.name) as { tables: string } | undefined;
      const owned = new Set<string>(row ? (JSON.parse(row.tables) as string[]) : []);
      for (const stmt of p.ddl) for (const m of stmt.matchAll(CREATE_TABLE)) owned.add(m[1]!);
      for (const t of owned) {
        if (CORE_TABLES.has(t)) throw new Error(`projection ${p.name} may not own core table ${t}`);
        h.db.exec(`DROP TABLE IF EXISTS "${t}"`);
      }
      const before = tableNames(h.db);
      for (const stmt of p.ddl) h.db.exec(stmt);
      for (const t of tableNames(h.db)) if (!before.has(t)) owned.add(t);
      rebuild(h, p);
      put.run(p.name, p.version, JSON.stringify([...owned]));
    }
  });
}

function rebuild(h: Handle, p: Projection): void {
  // Paged by id rather than iterated: better-sqlite3 forbids other statements
  // on the connection while an iterator is open, and apply() writes.
  const page = h.prep(
    'SELECT d.id, d.winning_rev, r.json FROM docs d JOIN revs r ON r.seq = d.winning_seq ' +
      'WHERE d.deleted = 0 AND d.id > ? ORDER BY d.id LIMIT ?',
  );
  let after = '';
  for (;;) {
    const rows = page.all(after, REBUILD_PAGE) as { id: string; winning_rev: string; json: string }[];
    for (const r of rows) p.apply(h.db, r.id, markStubs(decodeBody(r.json, r.id, r.winning_rev)));
    if (rows.length < REBUILD_PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
}

/** Runs inside the caller's write transaction; a throw rolls the whole write back. */
export function applyProjections(h: Handle, id: string, doc: Record<string, unknown> | null): void {
  for (const p of h.projections.values()) p.apply(h.db, id, doc);
}
