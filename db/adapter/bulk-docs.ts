import { parseDoc, preprocessAttachments, processDocs } from 'pouchdb-adapter-utils';
import type { DocInfo, WriteDoc } from 'pouchdb-adapter-utils';
import { collectConflicts, compactTree, isLocalId } from 'pouchdb-merge';
import type { DocMetadata, RevTree } from 'pouchdb-merge';
import { createError, MISSING_STUB } from 'pouchdb-errors';
import type { Handle } from './handle';
import { encodeBody, decodeBody, markStubs } from './codec';
import type { AttachmentMeta } from './codec';
import { applyProjections } from './projections';
import { deleteRevRows } from './revisions';
import { putLocalInTx, removeLocalInTx } from './local-docs';

interface StoredMeta extends DocMetadata {
  winningRev: string;
  deleted: boolean;
  seq: number;
}

interface DocRow {
  id: string;
  rev_tree: string;
  winning_rev: string;
  deleted: number;
  max_seq: number;
}

export function loadMetadata(h: Handle, id: string): StoredMeta | undefined {
  const row = h.prep('SELECT id, rev_tree, winning_rev, deleted, max_seq FROM docs WHERE id = ?').get(id) as
    | DocRow
    | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    rev_tree: JSON.parse(row.rev_tree) as RevTree,
    winningRev: row.winning_rev,
    rev: row.winning_rev,
    deleted: row.deleted === 1,
    seq: row.max_seq,
  };
}

export interface BulkDocsApi {
  __opts: Record<string, unknown>;
  auto_compaction?: boolean;
}

export interface BulkDocsResult {
  results: unknown[];
  /** Docs whose write committed; the caller notifies change listeners when > 0. */
  written: number;
}

interface BatchOutcome extends BulkDocsResult {
  /** The first seq this batch took (0 when it stored no revision); its seqs run from here to maxSeq. */
  minSeq: number;
  maxSeq: number;
  docCountDelta: number;
}

/**
 * Writes a whole bulkDocs request in ONE SQLite transaction: revision rows,
 * the doc rows, attachment bodies and refs, local docs and every projection.
 * Any throw (including from a projection) rolls everything back.
 *
 * PouchDB's processDocs/updateDoc do the revision-tree merging; they are
 * callback-shaped but run synchronously here because every storage call is
 * synchronous, which is what lets them live inside a better-sqlite3 transaction.
 */
export function bulkDocs(
  h: Handle,
  api: BulkDocsApi,
  revsLimit: number | undefined,
  req: { docs: Record<string, unknown>[] },
  opts: Record<string, unknown>,
  callback: (err: unknown, res?: BulkDocsResult) => void,
): void {
  const newEdits = opts.new_edits as boolean;
  let docInfos: DocInfo[];
  try {
    docInfos = req.docs.map((doc) => {
      if (typeof doc._id === 'string' && isLocalId(doc._id)) return doc as unknown as DocInfo;
      return parseDoc(doc, newEdits, api.__opts);
    });
  } catch (err) {
    return callback(err);
  }
  const infoError = docInfos.find((d) => d.error);
  if (infoError) return callback(infoError);
  if (!docInfos.length) return callback(null, { results: [], written: 0 });

  // Base64 decoding and md5 of attachments happen before the transaction;
  // 'blob' gives Buffers in Node, which SQLite stores as BLOBs directly.
  preprocessAttachments(docInfos, 'blob', (err) => {
    if (err) return callback(err);
    let out: BatchOutcome;
    // `replica` (see Handle.writeReplica): replicated revisions (new_edits=false) or replication checkpoints
    // (`_local/` documents only) — never a local edit.
    const replica = opts.replica === true && (!newEdits || docInfos.every((d) => typeof d._id === 'string' && isLocalId(d._id)));
    try {
      const batch = () => writeBatch(h, api, revsLimit, docInfos, opts);
      out = replica ? h.writeReplica(batch) : h.write(batch);
    } catch (e) {
      return callback(e);
    }
    // Cached counters move only after COMMIT succeeded.
    h.updateSeq = Math.max(h.updateSeq, out.maxSeq);
    h.docCount += out.docCountDelta;
    if (replica && !newEdits && out.minSeq) h.replicaSeqs?.add(out.minSeq, out.maxSeq);
    callback(null, { results: out.results, written: out.written });
  });
}

/** A doc's winner before this batch (null: a new doc), to call projections only when it changes. */
type WinnerBefore = { rev: string; deleted: boolean } | null;
type BatchWinner = { rev: string; deleted: boolean; body?: Record<string, unknown> };

/** What a batch has written so far; each stored revision adds to it. */
interface BatchState {
  results: unknown[];
  /** Metadata by doc id as processDocs merges against it: loaded before the batch, replaced by each write. */
  fetched: Map<string, DocMetadata>;
  winners: Map<string, BatchWinner>;
  docCountDelta: number;
  written: number;
  minSeq: number;
  maxSeq: number;
}

/** One revision as processDocs hands it to be stored (its WriteDoc arguments). */
interface RevisionWrite {
  docInfo: DocInfo;
  winningRev: string;
  winningRevIsDeleted: boolean;
  newRevIsDeleted: boolean;
  isUpdate: boolean;
  delta: number;
  resultsIdx: number;
}

function writeBatch(
  h: Handle,
  api: BulkDocsApi,
  revsLimit: number | undefined,
  docInfos: DocInfo[],
  opts: Record<string, unknown>,
): BatchOutcome {
  verifyStubs(h, docInfos);
  const { fetched, before } = metadataBefore(h, docInfos);
  const state: BatchState = { results: new Array(docInfos.length), fetched, winners: new Map(), docCountDelta: 0, written: 0, minSeq: 0, maxSeq: h.updateSeq };
  const statements = batchStatements(h);
  const writeDoc: WriteDoc = (docInfo, winningRev, winningRevIsDeleted, newRevIsDeleted, isUpdate, delta, resultsIdx, cb) => {
    storeRevision(h, api, statements, state, { docInfo, winningRev, winningRevIsDeleted, newRevIsDeleted, isUpdate, delta, resultsIdx });
    cb();
  };

  let finished = false;
  processDocs(revsLimit, docInfos, localDocsApi(h), fetched, null, state.results, writeDoc, opts, () => {
    finished = true;
  });
  if (!finished) {
    // Would mean PouchDB's merge code went asynchronous; committing now would
    // save half a batch, so refuse loudly instead.
    throw new Error('jingwei-sqlite: processDocs did not complete synchronously');
  }

  if (h.projections.size) projectChangedWinners(h, before, state.winners);
  const { results, written, minSeq, maxSeq, docCountDelta } = state;
  return { results, written, minSeq, maxSeq, docCountDelta };
}

/** The stored metadata of the batch's docs (`_local/` ones aside) and their winners before it. */
function metadataBefore(h: Handle, docInfos: DocInfo[]): { fetched: Map<string, DocMetadata>; before: Map<string, WinnerBefore> } {
  const fetched = new Map<string, DocMetadata>();
  const before = new Map<string, WinnerBefore>();
  for (const info of docInfos) {
    if (info._id !== undefined && isLocalId(info._id)) continue;
    const id = info.metadata.id;
    if (before.has(id)) continue;
    const meta = loadMetadata(h, id);
    if (meta) {
      fetched.set(id, meta);
      before.set(id, { rev: meta.winningRev, deleted: meta.deleted });
    } else {
      before.set(id, null);
    }
  }
  return { fetched, before };
}

function batchStatements(h: Handle) {
  return {
    insertRev: h.prep('INSERT INTO revs (doc_id, rev, deleted, json) VALUES (?, ?, ?, ?)'),
    seqOfRev: h.prep('SELECT seq FROM revs WHERE doc_id = ? AND rev = ?'),
    putAttachment: h.prep('INSERT OR IGNORE INTO attachments (digest, body) VALUES (?, ?)'),
    putRef: h.prep('INSERT OR IGNORE INTO attachment_refs (digest, seq) VALUES (?, ?)'),
    upsertDoc: h.prep(
      'INSERT INTO docs (id, rev_tree, winning_rev, winning_seq, deleted, max_seq, conflict_count) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET rev_tree = excluded.rev_tree, ' +
        'winning_rev = excluded.winning_rev, winning_seq = excluded.winning_seq, deleted = excluded.deleted, ' +
        'max_seq = excluded.max_seq, conflict_count = excluded.conflict_count',
    ),
  };
}
type BatchStatements = ReturnType<typeof batchStatements>;

/** Stores one merged revision: its body and attachments, the doc row, and what the batch reports about it. */
function storeRevision(h: Handle, api: BulkDocsApi, statements: BatchStatements, state: BatchState, w: RevisionWrite): void {
  const meta = w.docInfo.metadata;
  const data = w.docInfo.data;
  const id = meta.id;
  const rev = meta.rev;
  data._id = id;
  data._rev = rev;
  if (w.newRevIsDeleted) data._deleted = true;

  const digests = storeAttachments(statements, data, rev);
  const seq = insertRevision(h, statements, id, rev, w.newRevIsDeleted, encodeBody(data));
  for (const d of digests) statements.putRef.run(d, seq);
  state.maxSeq = seq;
  state.minSeq ||= seq;

  const toCompact = [...(w.docInfo.stemmedRevs ?? [])];
  if (w.isUpdate && api.auto_compaction) toCompact.push(...compactTree(meta));
  if (toCompact.length) deleteRevRows(h, id, toCompact);

  const winningSeq =
    w.winningRev === rev ? seq : ((statements.seqOfRev.get(id, w.winningRev) as { seq: number } | undefined)?.seq ?? null);
  const conflictCount = w.winningRevIsDeleted || isLinear(meta.rev_tree) ? 0 : collectConflicts(meta).length;
  statements.upsertDoc.run(id, JSON.stringify(meta.rev_tree), w.winningRev, winningSeq, w.winningRevIsDeleted ? 1 : 0, seq, conflictCount);

  meta.winningRev = w.winningRev;
  meta.deleted = w.winningRevIsDeleted;
  meta.seq = seq;
  state.fetched.set(id, meta);
  state.winners.set(id, { rev: w.winningRev, deleted: w.winningRevIsDeleted, body: w.winningRev === rev ? data : undefined });
  state.docCountDelta += w.delta;
  state.written++;
  state.results[w.resultsIdx] = { ok: true, id, rev };
}

/** Saves the bodies of the revision's new attachments (stubs name stored ones) and returns every digest it refers to. */
function storeAttachments(statements: BatchStatements, data: Record<string, unknown>, rev: string): string[] {
  const atts = data._attachments as Record<string, AttachmentMeta> | undefined;
  const digests: string[] = [];
  if (!atts) return digests;
  for (const name of Object.keys(atts)) {
    const att = atts[name]!;
    if (!att.stub) {
      statements.putAttachment.run(att.digest, att.data as Buffer);
      delete att.data;
      att.revpos = parseInt(rev, 10);
    }
    delete att.stub;
    digests.push(att.digest);
  }
  return digests;
}

/** The revision's row; its seq. */
function insertRevision(h: Handle, statements: BatchStatements, id: string, rev: string, deleted: boolean, json: string): number {
  try {
    return Number(statements.insertRev.run(id, rev, deleted ? 1 : 0, json).lastInsertRowid);
  } catch (e) {
    // A body for this rev can survive from before its branch was stemmed or
    // purged; replace it so the revision gets a fresh seq like any new write.
    if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw e;
    deleteRevRows(h, id, [rev]);
    return Number(statements.insertRev.run(id, rev, deleted ? 1 : 0, json).lastInsertRowid);
  }
}

/** Projections see each doc whose winner the batch changed: its new winning body, or its removal once deleted. */
function projectChangedWinners(h: Handle, before: Map<string, WinnerBefore>, winners: Map<string, BatchWinner>): void {
  for (const [id, w] of winners) {
    const b = before.get(id);
    if (b && b.rev === w.rev && b.deleted === w.deleted) continue;
    if (w.deleted) {
      if (b && !b.deleted) applyProjections(h, id, null);
      continue;
    }
    applyProjections(h, id, winningBody(h, id, w.rev, w.body));
  }
}

/**
 * One unbranched line of revisions has a single leaf, the winner, so no conflicts: almost every write, and the
 * full leaf collection (two tree walks and a sort) was a tenth of a replicated batch's write time.
 */
function isLinear(tree: RevTree): boolean {
  if (tree.length !== 1) return false;
  let node = tree[0]!.ids;
  for (;;) {
    const children = node[2];
    if (children.length === 0) return true;
    if (children.length > 1) return false;
    node = children[0]!;
  }
}

function winningBody(h: Handle, id: string, rev: string, body?: Record<string, unknown>): Record<string, unknown> {
  if (body) {
    // The batch's own revision, already stored; projections only read it (see Projection.apply), so no copy — a
    // deep copy per document was a fifth of a 20,000-document write.
    const atts = body._attachments as Record<string, AttachmentMeta> | undefined;
    if (atts) for (const a of Object.values(atts)) a.stub = true;
    return body;
  }
  const row = h.prep('SELECT json FROM revs WHERE doc_id = ? AND rev = ?').get(id, rev) as { json: string };
  return markStubs(decodeBody(row.json, id, rev));
}

function verifyStubs(h: Handle, docInfos: DocInfo[]): void {
  const exists = h.prep('SELECT 1 FROM attachments WHERE digest = ?');
  for (const info of docInfos) {
    const atts = info.data?._attachments;
    if (!atts) continue;
    for (const name of Object.keys(atts)) {
      const att = atts[name]!;
      if (att.stub && !exists.get(att.digest)) {
        throw createError(MISSING_STUB, 'unknown stub attachment with digest ' + att.digest);
      }
    }
  }
}

/** processDocs routes `_local/` docs through api._putLocal/_removeLocal with a ctx. */
function localDocsApi(h: Handle) {
  return {
    _putLocal(doc: Record<string, unknown>, _opts: unknown, cb: (err: unknown, res?: unknown) => void) {
      let res: unknown;
      try {
        res = putLocalInTx(h, doc);
      } catch (e) {
        return cb(e);
      }
      cb(null, res);
    },
    _removeLocal(doc: Record<string, unknown>, _opts: unknown, cb: (err: unknown, res?: unknown) => void) {
      let res: unknown;
      try {
        res = removeLocalInTx(h, doc);
      } catch (e) {
        return cb(e);
      }
      cb(null, res);
    },
  };
}
