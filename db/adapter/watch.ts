import { handleOf, isSqliteStore, onStoreNotified } from './sqlite-adapter';

/** A document of the store that changed: its id, the seq of its newest revision, and whether it is deleted now. */
export interface DocChange {
  id: string;
  seq: number;
  deleted: boolean;
}

export interface Watch {
  cancel(): void;
}

/** Rows read per query; a longer run of matches is read on the next turns of the event loop. */
const PAGE = 500;
// The top code point sorts after every UTF-8 string with the prefix: `id >= p AND id < p||MAX` is a prefix match.
const MAX = '\u{10FFFF}';

/**
 * The host's own observers of its store — sessions ending when a staff record changes, screens told of a partner
 * statement, the sync status — from now on, without a PouchDB changes feed each. A big pull commits thousands of
 * documents; every live feed read each of them on the thread that serves the counter (its revision tree, a change
 * object, an event), four feeds per document. Here each wake-up is one query that SQLite filters by id prefix, and
 * only the documents asked about reach JavaScript.
 *
 * `onChange` hears each changed document whose id starts with one of `idPrefixes`, in seq order.
 */
export function watchDocs(db: PouchDB.Database<object>, idPrefixes: readonly string[], onChange: (change: DocChange) => void): Watch {
  if (!isSqliteStore(db)) return pouchFeed(db, (c) => {
    if (idPrefixes.some((p) => c.id.startsWith(p))) onChange({ id: c.id, seq: Number(c.seq), deleted: !!c.deleted });
  });
  const h = handleOf(db);
  const match = idPrefixes.map(() => '(id >= ? AND id < ?)').join(' OR ') || '0';
  const sql = `SELECT id, max_seq AS seq, deleted FROM docs WHERE max_seq > ? AND max_seq <= ? AND (${match}) ORDER BY max_seq LIMIT ${PAGE}`;
  const bounds = idPrefixes.flatMap((p) => [p, p + MAX]);
  let cursor = h.updateSeq;
  return wakeups(db, (again) => {
    if (!h.db.open) return;
    const upTo = h.updateSeq;
    if (upTo <= cursor) return;
    const rows = h.prep(sql).all(cursor, upTo, ...bounds) as { id: string; seq: number; deleted: number }[];
    // Everything up to `upTo` has been looked at unless the page was full.
    cursor = rows.length === PAGE ? rows.at(-1)!.seq : upTo;
    for (const r of rows) guarded(() => onChange({ id: r.id, seq: r.seq, deleted: r.deleted === 1 }));
    if (rows.length === PAGE) again();
  });
}

/**
 * Calls `onWrite` after documents of the store were written (here, or by the replica thread), once for all the
 * writes of a wake-up: for observers that only need to know that something changed (the push passes, the count of
 * documents waiting to go up), no rows are read at all.
 */
export function watchWrites(db: PouchDB.Database<object>, onWrite: () => void): Watch {
  if (!isSqliteStore(db)) return pouchFeed(db, () => onWrite());
  const h = handleOf(db);
  let seen = h.updateSeq;
  return wakeups(db, () => {
    if (h.updateSeq <= seen) return;
    seen = h.updateSeq;
    guarded(onWrite);
  });
}

/** Runs `read` on the turn after each wake-up of the store's feeds (several wake-ups meanwhile: once). */
function wakeups(db: object, read: (again: () => void) => void): Watch {
  let scheduled = false;
  let cancelled = false;
  const run = () => {
    scheduled = false;
    if (!cancelled) guarded(() => read(schedule));
  };
  const schedule = () => {
    if (scheduled || cancelled) return;
    scheduled = true;
    setImmediate(run);
  };
  const stop = onStoreNotified(db, schedule);
  return {
    cancel: () => {
      cancelled = true;
      stop();
    },
  };
}

/** An observer's failure is reported and the watch goes on (as a PouchDB feed does with a throwing listener). */
function guarded(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    console.error('Error in a store watch:', e);
  }
}

/** Another kind of PouchDB database: its own live changes feed. */
function pouchFeed(db: PouchDB.Database<object>, onChange: (c: PouchDB.Core.ChangesResponseChange<object>) => void): Watch {
  const feed = db.changes({ since: 'now', live: true, return_docs: false });
  feed.on('change', onChange);
  feed.on('error', () => {});
  return { cancel: () => feed.cancel() };
}
