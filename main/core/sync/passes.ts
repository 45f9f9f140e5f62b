import type { BackoffOptions } from './backoff';

/**
 * Replication runs as separate passes so that large binaries never hold back small documents:
 *
 * - the `docs` pass carries every document without attachments (customers, audit entries, tombstones...). Its
 *   batches are pure JSON and finish in seconds even on a 64 kbit/s village link;
 * - the `blobs` pass carries documents with attachments (scans, recordings), one document per batch, so each
 *   finished attachment is written and checkpointed on its own and a cut costs at most the one in flight.
 *
 * The two passes are independent replications with their own checkpoints (PouchDB's replication id includes
 * the selector), so while a 5 MB scan crawls up the blobs pass, the docs pass keeps delivering. A document that
 * gains or loses attachments simply moves to the other pass; revs_diff keeps either pass from sending a revision
 * the other side already has.
 */
export type PassKind = 'docs' | 'blobs';
export type Direction = 'push' | 'pull';

export const PASS_KINDS: readonly PassKind[] = ['docs', 'blobs'];

/** Mango selectors, evaluated by the source: locally for push, by the server (`filter=_selector`) for pull. */
export const PASS_SELECTORS: Record<PassKind, Record<string, unknown>> = {
  docs: { _attachments: { $exists: false } },
  blobs: { _attachments: { $exists: true } },
};

/**
 * Fallback for servers without `_selector` on `_changes` (express-pouchdb 4): the same split done on this side.
 * It costs the document bodies in the changes feed, so it is only used when the server refuses the selector.
 * Kept as plain functions: PouchDB derives the checkpoint id from their source text.
 */
export const PASS_FILTERS: Record<PassKind, (doc: { _attachments?: unknown }) => boolean> = {
  docs: function (doc) {
    return !doc._attachments;
  },
  blobs: function (doc) {
    return !!doc._attachments;
  },
};

/**
 * Batch sizes for weak links. A batch is one revs_diff + bulk_get + bulk_docs round and ends with a checkpoint,
 * so its size is the most work a cut can throw away. 50 small documents are ~50 KB: a few seconds at 64 kbit/s,
 * well inside proxy and server time-outs, yet large enough that round trips do not dominate on 200 ms latency.
 * `batches_limit` 2 keeps only one batch read ahead, because read-ahead is lost when the link drops.
 * Blobs go one document per batch (see above).
 */
export const BATCHES: Record<PassKind, { batch_size: number; batches_limit: number }> = {
  docs: { batch_size: 50, batches_limit: 2 },
  blobs: { batch_size: 1, batches_limit: 1 },
};

export interface PassSettings {
  batches?: Partial<Record<PassKind, { batch_size: number; batches_limit: number }>>;
  backoff?: BackoffOptions;
}

/** Replication options of one pass; `selectorOnServer` says whether the remote evaluates `_selector`. */
export function passOptions(kind: PassKind, direction: Direction, selectorOnServer: boolean, settings: PassSettings = {}): Record<string, unknown> {
  const batch = settings.batches?.[kind] ?? BATCHES[kind];
  const split = direction === 'push' || selectorOnServer ? { selector: PASS_SELECTORS[kind] } : { filter: PASS_FILTERS[kind] };
  return { ...batch, ...split };
}

/** `type` of a replicated document for the summary; tombstones carry no body, so their id prefix names them. */
export function docTypeOf(doc: { _id?: string; type?: unknown; _deleted?: boolean }): string {
  if (typeof doc.type === 'string' && doc.type) return doc.type;
  const prefix = doc._id?.split(':')[0];
  if (doc._id?.startsWith('_design/')) return '_design';
  return prefix && prefix !== doc._id ? prefix : 'other';
}

/** Numeric part of a sequence: integers here, "123-g1AAAA..." on CouchDB 2+; used only for progress estimates. */
export function seqNumber(seq: unknown): number {
  if (typeof seq === 'number') return seq;
  if (typeof seq === 'string') {
    const n = parseInt(seq, 10);
    return Number.isFinite(n) ? n : 0;
  }
  return 0;
}

/** Servers that do not know `filter=_selector` answer 400/404 (or 500 from express-pouchdb's design-doc lookup). */
export async function remoteSupportsSelector(remote: PouchDB.Database<object>): Promise<boolean> {
  // A missing database also answers 404; it must surface as itself, not as "no selector support".
  await remote.info();
  try {
    await remote.changes({ selector: PASS_SELECTORS.docs, limit: 1 } as PouchDB.Core.ChangesOptions);
    return true;
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 400 || status === 404 || status === 500) return false;
    throw e;
  }
}
