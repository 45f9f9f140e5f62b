import { createHash } from 'node:crypto';
import { handleOf } from './adapter/sqlite-adapter';

/** One document to write, made by this process, and the revision it was read at. */
export interface Edit<D extends { _id: string }> {
  doc: D;
  /** The winning revision the edit is based on; null for a document new to the store (or deleted in it). */
  base: string | null;
  /** What makes this edit unique among the document's edits (e.g. the import's id and a digest of the content). */
  revKey: string;
}

export type EditsOutcome = { ok: true; revs: string[] } | { ok: false; conflicts: string[] };

interface AdapterBulkDocs {
  _bulkDocs(req: { docs: object[] }, opts: { new_edits: boolean }, cb: (err: unknown, res?: { ok?: boolean; error?: unknown; id?: string }[]) => void): void;
}

/**
 * Writes many documents of this process's own making in ONE transaction — for writes of tens of thousands of
 * documents (a village's household list), where PouchDB's own bulkDocs paid twice per document before storing it: a
 * deep copy of every argument (its promise wrapper), and a JSON serialisation and md5 of the whole document for the
 * revision id. Here the revision id is the md5 of `revKey`, in the format CouchDB and PouchDB use (`N-<32 hex>`),
 * and the revisions are written as the adapter writes replicated ones (new_edits=false, `_revisions` naming the base).
 *
 * All or nothing, checked inside the write transaction: when any document's winning revision is no longer its
 * `base` (another write got there first), nothing is written and the ids are returned — never a silent conflict
 * branch. The docs are taken over (their `_rev` and `_revisions` are set), not copied.
 */
export function writeEdits<D extends { _id: string }>(pouch: PouchDB.Database<object>, edits: readonly Edit<D>[]): EditsOutcome {
  const h = handleOf(pouch);
  const current = h.prep('SELECT winning_rev AS rev, deleted FROM docs WHERE id = ?');
  const adapter = pouch as unknown as AdapterBulkDocs;
  return h.write((): EditsOutcome => {
    const conflicts: string[] = [];
    const docs = edits.map(({ doc, base, revKey }) => {
      const row = current.get(doc._id) as { rev: string; deleted: number } | undefined;
      const now = row && !row.deleted ? row.rev : null;
      if (now !== base) conflicts.push(doc._id);
      const start = base ? Number.parseInt(base, 10) + 1 : 1;
      const hash = createHash('md5').update(revKey).digest('hex');
      return Object.assign(doc, { _rev: `${start}-${hash}`, _revisions: { start, ids: base ? [hash, base.slice(base.indexOf('-') + 1)] : [hash] } });
    });
    if (conflicts.length > 0) return { ok: false, conflicts };
    let answer: { err: unknown; res?: { ok?: boolean; error?: unknown; id?: string }[] } | undefined;
    // Synchronous without attachments (the adapter's storage calls all are), so the write is a savepoint of this
    // transaction; anything else would commit apart from the check above, hence the throw.
    adapter._bulkDocs({ docs }, { new_edits: false }, (err, res) => (answer = { err, res }));
    if (!answer) throw new Error('bulk-edits: the adapter answered asynchronously');
    if (answer.err) throw answer.err;
    const failed = (answer.res ?? []).find((r) => r.error);
    if (failed) throw Object.assign(new Error(`bulk-edits: ${failed.id} not written`), { cause: failed });
    return { ok: true, revs: docs.map((d) => d._rev) };
  });
}
