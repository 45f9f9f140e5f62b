import { isDeleted, latest as latestRev, rootToLeaf } from 'pouchdb-merge';
import type { RevTree } from 'pouchdb-merge';
import type { Handle } from './handle';
import { decodeBody, markStubs } from './codec';
import type { DocBody } from './codec';

export interface BulkGetOpts {
  docs: { id: string; rev?: string; atts_since?: unknown }[];
  revs?: boolean;
  latest?: boolean;
  attachments?: boolean;
  binary?: boolean;
}

type Entry = { ok: DocBody } | { missing: string };
export interface BulkGetResult {
  results: { id: string; docs: Entry[] }[];
}

/** PouchDB's isValidRev. */
const VALID_REV = /^\d+-[^-]*$/;

/**
 * Whether {@link bulkGet} answers this request exactly as PouchDB's generic `_bulk_get` would: what replication asks
 * (one named revision per document, attachments as stubs). Anything else — bodies inline, several revisions of one
 * document, the winner by omission, `_local/` ids — takes PouchDB's own path.
 */
export function answersFast(opts: BulkGetOpts): boolean {
  if (opts.attachments || !Array.isArray(opts.docs)) return false;
  const seen = new Set<string>();
  for (const d of opts.docs) {
    if (typeof d?.id !== 'string' || typeof d.rev !== 'string' || !VALID_REV.test(d.rev) || d.id.startsWith('_local/') || seen.has(d.id)) return false;
    seen.add(d.id);
  }
  return true;
}

/** `_revisions` of `rev` as PouchDB's get({revs: true}) builds it: the root-to-leaf path holding it, cut at it. */
function revisionsOf(tree: RevTree, rev: string): { start: number; ids: string[] } | null {
  const dash = rev.indexOf('-');
  const revNo = parseInt(rev.slice(0, dash), 10);
  const hash = rev.slice(dash + 1);
  let path: ReturnType<typeof rootToLeaf>[number] | null = null;
  for (const candidate of rootToLeaf(tree)) {
    const at = candidate.ids.findIndex((x) => x.id === hash);
    if (at === revNo - 1 || (!path && at !== -1)) path = candidate;
  }
  if (!path) return null;
  const ids = path.ids.slice(0, path.ids.findIndex((x) => x.id === hash) + 1).map((x) => x.id);
  ids.reverse();
  return { start: path.pos + ids.length - 1, ids };
}

/**
 * PouchDB's `_bulk_get` for replication in two queries over the whole request — the documents' trees, then the
 * asked revisions' bodies — instead of PouchDB's shim, which runs a `get` with `open_revs` (a tree read and a body
 * read, and a dozen callbacks) per document. Head office answers every pull batch with it, and a branch reads
 * every pushed revision with it. Only for requests {@link answersFast} accepts.
 */
export function bulkGet(h: Handle, opts: BulkGetOpts): BulkGetResult {
  const ids = opts.docs.map((d) => d.id);
  const trees = new Map(
    (h.prep('SELECT d.id, d.rev_tree FROM json_each(?) AS j JOIN docs AS d ON d.id = j.value').all(JSON.stringify(ids)) as { id: string; rev_tree: string }[]).map(
      (r) => [r.id, JSON.parse(r.rev_tree) as RevTree],
    ),
  );
  // The revision each entry resolves to (latest: the leaf it leads to), or null when it cannot be read.
  const wanted = opts.docs.map(({ id, rev }) => {
    const tree = trees.get(id);
    if (!tree) return null;
    if (!opts.latest) return rev!;
    try {
      return latestRev(rev!, { rev_tree: tree });
    } catch {
      return null;
    }
  });
  const pairs = opts.docs.flatMap((d, i) => (wanted[i] ? [[d.id, wanted[i]]] : []));
  const bodies = new Map(
    (
      h
        .prep("SELECT r.doc_id, r.rev, r.json FROM json_each(?) AS j JOIN revs AS r ON r.doc_id = json_extract(j.value, '$[0]') AND r.rev = json_extract(j.value, '$[1]')")
        .all(JSON.stringify(pairs)) as { doc_id: string; rev: string; json: string }[]
    ).map((r) => [`${r.rev}\u0000${r.doc_id}`, r.json]),
  );
  return {
    results: opts.docs.map(({ id, rev }, i) => {
      const at = wanted[i];
      const json = at ? bodies.get(`${at}\u0000${id}`) : undefined;
      const tree = trees.get(id);
      if (!at || json === undefined || !tree) return { id, docs: [{ missing: rev! }] };
      const doc = markStubs(decodeBody(json, id, at));
      if (isDeleted({ rev_tree: tree }, at)) doc._deleted = true;
      if (opts.revs) {
        const revisions = revisionsOf(tree, at);
        if (!revisions) return { id, docs: [{ missing: rev! }] };
        doc._revisions = revisions;
      }
      return { id, docs: [{ ok: doc }] };
    }),
  };
}
