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
  const { trees, wanted, bodies } = readBatch(h, opts);
  return {
    results: opts.docs.map(({ id, rev }, i) => {
      const at = wanted[i];
      const json = at ? bodies.get(`${at}\u0000${id}`) : undefined;
      const tree = trees.get(id);
      if (!at || json === undefined || !tree) return { id, docs: [{ missing: rev! }] };
      const doc = decodedRevision(tree, json, id, at, opts.revs);
      return { id, docs: [doc ? { ok: doc } : { missing: rev! }] };
    }),
  };
}

function decodedRevision(tree: RevTree, json: string, id: string, at: string, revs: boolean | undefined): DocBody | null {
  const doc = markStubs(decodeBody(json, id, at));
  if (isDeleted({ rev_tree: tree }, at)) doc._deleted = true;
  if (revs) {
    const revisions = revisionsOf(tree, at);
    if (!revisions) return null;
    doc._revisions = revisions;
  }
  return doc;
}

/** Names whose presence in a stored body sends that document down the decoding path (their values are rewritten). */
const DECODED_FIELDS = /"_(?:attachments|deleted|revisions|id|rev)"/;

/**
 * {@link bulkGet}'s answer as the JSON text of `{"results": […]}`, the stored bodies spliced in as they are instead
 * of parsed and serialised again (a twentieth of head office's CPU in an end of day went to that). Same members,
 * same values; only their order inside a document may differ. Null — ask {@link bulkGet} or PouchDB instead — when a
 * document of the batch has attachments (the caller may want their bodies) or an entry cannot be read; a deleted
 * revision, or a body naming a member this function would have to rewrite, is decoded as {@link bulkGet} does.
 */
export function bulkGetJson(h: Handle, opts: BulkGetOpts): string | null {
  const { trees, wanted, bodies } = readBatch(h, opts);
  const parts: string[] = [];
  for (const [i, { id }] of opts.docs.entries()) {
    const at = wanted[i];
    const json = at ? bodies.get(`${at}\u0000${id}`) : undefined;
    const tree = trees.get(id);
    if (!at || json === undefined || !tree || json.includes('"_attachments"')) return null;
    let doc: string;
    if (DECODED_FIELDS.test(json) || isDeleted({ rev_tree: tree }, at)) {
      const decoded = decodedRevision(tree, json, id, at, opts.revs);
      if (!decoded) return null;
      doc = JSON.stringify(decoded);
    } else {
      const revisions = opts.revs ? revisionsOf(tree, at) : undefined;
      if (revisions === null) return null;
      // A stored body is JSON.stringify of an object without _id and _rev (codec.ts): `{}` or `{"…":…}`.
      const rest = json.length > 2 ? `,${json.slice(1, -1)}` : '';
      doc = `{"_id":${JSON.stringify(id)},"_rev":${JSON.stringify(at)}${rest}${revisions ? `,"_revisions":${JSON.stringify(revisions)}` : ''}}`;
    }
    parts.push(`{"id":${JSON.stringify(id)},"docs":[{"ok":${doc}}]}`);
  }
  return `{"results":[${parts.join(',')}]}`;
}

/** The documents' trees, the revision each entry resolves to, and those revisions' stored bodies: two queries. */
function readBatch(h: Handle, opts: BulkGetOpts) {
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
  return { trees, wanted, bodies };
}
