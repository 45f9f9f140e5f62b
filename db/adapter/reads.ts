import { collectConflicts, collectLeaves, latest as latestRev } from 'pouchdb-merge';
import type { RevTree } from 'pouchdb-merge';
import { createError, MISSING_DOC } from 'pouchdb-errors';
import { filterChange } from 'pouchdb-utils';
import type { Handle } from './handle';
import { decodeBody } from './codec';
import type { AttachmentMeta, DocBody } from './codec';
import { loadMetadata } from './bulk-docs';

/**
 * PouchDB's "missing" error, made directly: replication asks for the revision tree of every document the other side
 * offers, and for new documents the answer is this error — thousands per batch — while pouchdb-errors' createError
 * (a new constructor and a copy of the template's properties each call) cost tens of microseconds apiece. Same
 * prototype and own properties as createError(MISSING_DOC, reason) gives, without the template's stack.
 */
const POUCH_ERROR = Object.getPrototypeOf(MISSING_DOC) as object;
function missing(reason?: string): Error {
  return Object.assign(Object.create(POUCH_ERROR) as Error, { status: 404, name: 'not_found', message: 'missing', error: true, ...(reason === undefined ? {} : { reason }) });
}

/** Rows fetched per round trip by the changes feed; between pages the event loop runs. */
const CHANGES_PAGE = 500;

export function getDoc(h: Handle, id: string, opts: { rev?: string; latest?: boolean }) {
  const metadata = loadMetadata(h, id);
  if (!metadata) throw missing('missing');
  let rev: string;
  if (!opts.rev) {
    if (metadata.deleted) throw missing('deleted');
    rev = metadata.winningRev;
  } else {
    rev = opts.latest ? latestRev(opts.rev, metadata) : opts.rev;
  }
  const row = h.prep('SELECT json FROM revs WHERE doc_id = ? AND rev = ?').get(id, rev) as { json: string } | undefined;
  if (!row) throw missing('missing');
  return { doc: decodeBody(row.json, id, rev), metadata };
}

export function getRevisionTree(h: Handle, id: string): RevTree {
  const row = h.prep('SELECT rev_tree FROM docs WHERE id = ?').get(id) as { rev_tree: string } | undefined;
  if (!row) throw missing();
  return JSON.parse(row.rev_tree) as RevTree;
}

export function readAttachment(h: Handle, digest: string, type: string | undefined, binary: boolean): Buffer | string {
  const row = h.prep('SELECT body FROM attachments WHERE digest = ?').get(digest) as { body: Buffer } | undefined;
  // Bodies (even empty ones) are kept while any revision references them, so
  // a missing row is damage; report it rather than hand out empty data.
  if (!row) throw createError(MISSING_DOC, `attachment body ${digest} is missing from the store`);
  const body = row.body;
  if (!binary) return body.toString('base64');
  // PouchDB's Node adapters return Buffers tagged with the content type.
  return Object.assign(body, { type });
}

/** Replaces attachment stubs by their bodies, or marks them as stubs. */
export function inlineAttachments(h: Handle, doc: DocBody, withData: boolean, binary: boolean): void {
  const atts = doc._attachments;
  if (!atts) return;
  for (const name of Object.keys(atts)) {
    const att = atts[name]!;
    if (withData) {
      const data = readAttachment(h, att.digest, att.content_type, binary);
      const out: AttachmentMeta = { content_type: att.content_type, digest: att.digest, data };
      if (att.revpos !== undefined) out.revpos = att.revpos;
      atts[name] = out;
    } else {
      att.stub = true;
    }
  }
}

interface AllDocsOpts {
  keys?: string[];
  key?: string;
  startkey?: string;
  endkey?: string;
  inclusive_end?: boolean;
  descending?: boolean;
  skip?: number;
  limit?: number;
  include_docs?: boolean;
  conflicts?: boolean;
  attachments?: boolean;
  binary?: boolean;
  update_seq?: boolean;
}

interface AllDocsRow {
  id: string;
  winning_rev: string;
  deleted: number;
  rev_tree?: string;
  json?: string;
}

export function allDocs(h: Handle, opts: AllDocsOpts) {
  const includeDocs = !!opts.include_docs;
  const cols =
    'd.id, d.winning_rev, d.deleted' + (includeDocs && opts.conflicts ? ', d.rev_tree' : '') + (includeDocs ? ', r.json' : '');
  const from = includeDocs ? 'docs d JOIN revs r ON r.seq = d.winning_seq' : 'docs d';
  const rows: unknown[] = [];

  const toRow = (r: AllDocsRow) => {
    const out: { id: string; key: string; value: { rev: string; deleted?: boolean }; doc?: unknown } = {
      id: r.id,
      key: r.id,
      value: { rev: r.winning_rev },
    };
    if (r.deleted) {
      out.value.deleted = true;
      if (includeDocs) out.doc = null;
      return out;
    }
    if (includeDocs && r.json !== undefined) {
      const doc = decodeBody(r.json, r.id, r.winning_rev);
      if (opts.conflicts && r.rev_tree) {
        const conflicts = collectConflicts({ rev_tree: JSON.parse(r.rev_tree) as RevTree });
        if (conflicts.length) doc._conflicts = conflicts;
      }
      inlineAttachments(h, doc, !!opts.attachments, !!opts.binary);
      out.doc = doc;
    }
    return out;
  };

  if (opts.keys) {
    // Core already applied skip/limit/descending to the key list.
    const one = h.prep(`SELECT ${cols} FROM ${from} WHERE d.id = ?`);
    for (const key of opts.keys) {
      const r = one.get(key) as AllDocsRow | undefined;
      rows.push(r ? toRow(r) : { key, error: 'not_found' });
    }
  } else if (opts.limit !== 0) {
    const where = ['d.deleted = 0'];
    const args: unknown[] = [];
    const desc = !!opts.descending;
    if (opts.key !== undefined) {
      where.push('d.id = ?');
      args.push(opts.key);
    } else {
      if (opts.startkey !== undefined && opts.startkey !== null) {
        where.push(`d.id ${desc ? '<=' : '>='} ?`);
        args.push(opts.startkey);
      }
      if (opts.endkey !== undefined && opts.endkey !== null) {
        const inclusive = opts.inclusive_end !== false;
        where.push(`d.id ${desc ? '>' : '<'}${inclusive ? '=' : ''} ?`);
        args.push(opts.endkey);
      }
    }
    const limit = typeof opts.limit === 'number' && opts.limit >= 0 ? opts.limit : -1;
    const sql = `SELECT ${cols} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY d.id ${desc ? 'DESC' : 'ASC'} LIMIT ? OFFSET ?`;
    for (const r of h.prep(sql).all(...args, limit, opts.skip ?? 0) as AllDocsRow[]) rows.push(toRow(r));
  }

  const result: { total_rows: number; offset: number | undefined; rows: unknown[]; update_seq?: number } = {
    total_rows: h.docCount,
    offset: opts.skip,
    rows,
  };
  if (opts.update_seq) result.update_seq = h.updateSeq;
  return result;
}

export interface ChangesOpts {
  since?: number | string;
  descending?: boolean;
  limit?: number;
  include_docs?: boolean;
  attachments?: boolean;
  binary?: boolean;
  conflicts?: boolean;
  style?: string;
  doc_ids?: string[];
  filter?: unknown;
  /**
   * Decides a row from its stored JSON text when it can — true keep, false drop — before the body is decoded;
   * undefined: decode it and ask `filter` as usual. Head office's feed for a pull pass selects on `_attachments`
   * alone, which the text answers for nearly every row (decoding each row's body was ~6 % of its request thread).
   */
  textFilter?: (json: string) => boolean | undefined;
  return_docs?: boolean;
  cancelled?: boolean;
  processChange(doc: unknown, metadata: unknown, opts: unknown): { seq?: number; doc?: DocBody } & Record<string, unknown>;
  onChange(change: unknown): void;
  complete(err: unknown, res?: unknown): void;
}

interface ChangeRow {
  id: string;
  rev_tree: string;
  max_seq: number;
  winning_rev: string;
  deleted: number;
  json: string | null;
  /** `rev_tree` parsed, once for every feed that reads the row from the same cached page. */
  tree?: RevTree;
}

const ROW_COLUMNS = 'd.id, d.rev_tree, d.max_seq, d.winning_rev, d.deleted';
/** The winning body is only read (and its row touched) when someone will look at it. */
const bodyFrom = (needBody: boolean) => (needBody ? 'r.json FROM docs d JOIN revs r ON r.seq = d.winning_seq' : 'NULL AS json FROM docs d');
/** The ascending feed's query; the same text wherever a page is read, since cached pages are shared (changesPage). */
function feedSql(needBody: boolean): string {
  return `SELECT ${ROW_COLUMNS}, ${bodyFrom(needBody)} WHERE d.max_seq > ? ORDER BY d.max_seq ASC LIMIT ?`;
}

/** A row of the feed as replication walks it: every leaf revision (style all_docs), no body. */
export interface LeafRow {
  id: string;
  seq: number;
  changes: { rev: string }[];
  deleted?: true;
}

/**
 * One page of the feed after `since` as replication walks it — what `changes({ style: 'all_docs' })` gives for
 * these rows, without a change object, filter and event per row per feed: the push passes walk every revision a
 * big pull stored, on the thread that serves the counter. Shares cached pages with the live feeds.
 */
export function leafPage(h: Handle, since: number, size: number): { rows: LeafRow[]; lastSeq: number; end: boolean } {
  const page = changesPage(h, feedSql(false), since, size, false, false);
  const rows = page.map((row): LeafRow => {
    const leaves = collectLeaves((row.tree ??= JSON.parse(row.rev_tree) as RevTree)).map((l) => ({ rev: l.rev }));
    return row.deleted ? { id: row.id, seq: row.max_seq, changes: leaves, deleted: true } : { id: row.id, seq: row.max_seq, changes: leaves };
  });
  return { rows, lastSeq: page.length ? page.at(-1)!.max_seq : since, end: page.length < size };
}

/**
 * Pages of the feed read lately, per store: the live feeds of a branch host (sessions, sync, screens) wake together
 * after a write and each reads the same rows from the same place, so after a big pull one query and one parse of
 * each revision tree serve them all. A page is used only while the store's seq is what it was when the page was
 * read; rows from another thread's commit not yet announced are simply read later, as by a feed that asked a moment
 * earlier.
 */
const recentPages = new WeakMap<Handle, { cursor: number; size: number; needBody: boolean; seq: number; rows: ChangeRow[] }[]>();
const RECENT_PAGES = 4;

function changesPage(h: Handle, sql: string, cursor: number, size: number, needBody: boolean, descending: boolean): ChangeRow[] {
  if (descending) return h.prep(sql).all(cursor, size) as ChangeRow[];
  let pages = recentPages.get(h);
  const hit = pages?.find((p) => p.cursor === cursor && p.size === size && p.needBody === needBody && p.seq === h.updateSeq);
  if (hit) return hit.rows;
  const rows = h.prep(sql).all(cursor, size) as ChangeRow[];
  pages = (pages ?? []).filter((p) => p.seq === h.updateSeq).slice(-(RECENT_PAGES - 1));
  pages.push({ cursor, size, needBody, seq: h.updateSeq, rows });
  recentPages.set(h, pages);
  return rows;
}

/**
 * One-shot changes feed, ordered by each document's latest seq (as CouchDB).
 * Reads pages of rows and yields to the event loop between pages so a large
 * feed never blocks the process for long.
 */
export function changes(h: Handle, opts: ChangesOpts): void {
  const descending = !!opts.descending;
  // CouchDB ignores `since` when descending.
  const since = descending ? 0 : Number(opts.since) || 0;
  const limit = typeof opts.limit === 'number' && opts.limit > 0 ? opts.limit : Infinity;
  const filter = filterChange(opts);
  // What `filter` does for a row the text already kept (include_docs, attachment stubs), without asking `opts.filter`.
  const kept = opts.textFilter ? filterChange({ ...opts, filter: undefined }) : filter;
  const docIds = opts.doc_ids ? new Set(opts.doc_ids) : null;
  const needBody = !!opts.include_docs || typeof opts.filter === 'function';
  const sql = descending ? `SELECT ${ROW_COLUMNS}, ${bodyFrom(needBody)} WHERE d.max_seq < ? ORDER BY d.max_seq DESC LIMIT ?` : feedSql(needBody);
  const results: unknown[] = [];
  let lastSeq = since;
  let cursor = descending ? Number.MAX_SAFE_INTEGER : since;
  let emitted = 0;
  // Without a filter every row read is emitted, so a limited feed reads no more rows than it still owes: a
  // replication batch asks for 100 changes, and reading a full page of 500 (each with its revision tree) made the
  // server's answer to a pull's `_changes` several times dearer.
  const everyRowEmitted = !docIds && typeof opts.filter !== 'function';
  const pageSize = () => (everyRowEmitted && limit !== Infinity ? Math.min(CHANGES_PAGE, Math.max(1, limit - emitted)) : CHANGES_PAGE);

  const step = (): void => {
    if (opts.cancelled) return;
    let rows: ChangeRow[];
    const size = pageSize();
    try {
      if (!h.db.open) throw new Error('database is closed');
      rows = changesPage(h, sql, cursor, size, needBody, descending);
    } catch (err) {
      return opts.complete(err);
    }
    for (const row of rows) {
      if (opts.cancelled) return;
      cursor = row.max_seq;
      if (docIds && !docIds.has(row.id)) continue;
      lastSeq = row.max_seq;
      const verdict = opts.textFilter && row.json !== null ? opts.textFilter(row.json) : undefined;
      if (verdict === false) continue;
      const doc: DocBody = row.json !== null && (verdict === undefined || opts.include_docs)
        ? decodeBody(row.json, row.id, row.winning_rev)
        : { _id: row.id, _rev: row.winning_rev };
      const metadata = { id: row.id, rev_tree: (row.tree ??= JSON.parse(row.rev_tree) as RevTree) };
      const change = opts.processChange(doc, metadata, opts);
      change.seq = row.max_seq;
      const keep = verdict === true ? kept(change) : filter(change);
      if (typeof keep === 'object') return opts.complete(keep);
      if (!keep) continue;
      if (opts.include_docs && opts.attachments && change.doc) {
        inlineAttachments(h, change.doc, true, !!opts.binary);
      }
      emitted++;
      if (opts.return_docs) results.push(change);
      opts.onChange(change);
      if (emitted >= limit) return opts.complete(null, { results, last_seq: lastSeq });
    }
    if (rows.length < size) {
      return opts.complete(null, { results, last_seq: lastSeq });
    }
    setImmediate(step);
  };
  queueMicrotask(step);
}
