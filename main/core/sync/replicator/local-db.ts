import { isSqliteStore, replicationPage } from '../../../../db/adapter/sqlite-adapter';
import type { ReplicaWriter, WriteResult } from './replica-thread';
import type { ChangeRow, Doc, RevsDiff, WriteError } from './types';

/** Which documents a pass carries: without attachments, with them, or everything (a database with one pass). */
export type PassKind = 'docs' | 'blobs' | 'all';

export interface LocalChange extends ChangeRow {
  /** The winning revision's JSON plus its attachments' lengths: what sending it costs, for batching by bytes. */
  bytes: number;
}

const hasAttachments = (doc: { _attachments?: object } | undefined) => !!doc?._attachments && Object.keys(doc._attachments).length > 0;

export function passCarries(kind: PassKind, doc: { _attachments?: object } | undefined): boolean {
  return kind === 'all' || (kind === 'blobs') === hasAttachments(doc);
}

/**
 * Rows scanned per read of the local feed (~0.5 ms of the thread serving the counter each, measured at 10,000
 * documents; 500 took 1.3–3.4 ms); a blobs pass may skip many record rows to find a few scans.
 */
const SCAN_ROWS = 200;
/** Bodies read per synchronous run of the store when walking the local feed. */
const BODY_SLICE = 100;
/** Documents compared per synchronous run of the store in a local revs_diff. */
const REVS_DIFF_SLICE = 100;
/**
 * A slice of a pulled batch is written in one transaction, short enough that the counter's requests are served in
 * between (a teller's search waits for at most one slice): sized from the time the previous slices took per
 * document, towards `targetMs`. Fixed small slices paid a commit (and its WAL pages) per 20 documents.
 */
export const WRITE_SLICE = { targetMs: 8, firstDocs: 20, minDocs: 5, maxDocs: 500, bytes: 256 * 1024 };
/**
 * Batches smaller than this are stored on this thread even when a writer is given: a live pull's few documents
 * cost less to write than to hand over, and a host that only ever pulls a few never starts the thread.
 */
export const WRITER_MIN_DOCS = 10;

/**
 * The device's own store as replication sees it, through PouchDB's API (so the adapter keeps its invariants):
 * the changes feed split by pass, revision reads with history, attachment bodies, and writes of replicated
 * revisions in slices — each slice one short transaction, with the event loop free between slices.
 */
export class LocalDb {
  /** Documents in the next write slice (see WRITE_SLICE). */
  private sliceDocs = WRITE_SLICE.firstDocs;

  /**
   * `writer`: stores the write slices elsewhere (the branch host's replica thread, replica-thread.ts), for batches
   * of at least `writerMinDocs` documents.
   */
  constructor(
    readonly pouch: PouchDB.Database<object>,
    private readonly writer?: ReplicaWriter,
    private readonly writerMinDocs = WRITER_MIN_DOCS,
  ) {}

  id(): Promise<string> {
    return (this.pouch as unknown as { id(): Promise<string> }).id();
  }

  async updateSeq(): Promise<number | string> {
    return (await this.pouch.info()).update_seq;
  }

  /**
   * Up to `limit` rows of this pass after `since`, and the seq up to which the feed was read. Rows whose every leaf
   * `skip` says both sides hold (what this device just pulled) are passed over without reading their bodies: after a
   * big pull the push walks thousands of such rows, and reading and measuring each body cost the thread serving
   * the counter several milliseconds per page.
   */
  async changes(
    since: number | string,
    limit: number,
    kind: PassKind,
    skip?: (row: ChangeRow) => boolean,
  ): Promise<{ rows: LocalChange[]; lastSeq: number | string; end: boolean }> {
    const rows: LocalChange[] = [];
    let cursor = since;
    for (;;) {
      const page = await this.feedPage(cursor, Math.max(limit, SCAN_ROWS));
      const wanted = page.rows.filter((r) => !skip?.(r));
      const bodies = await this.winningBodies(wanted.map((r) => r.id));
      for (const row of wanted) {
        const doc = bodies.get(row.id);
        if (!passCarries(kind, doc)) continue;
        let bytes = doc ? JSON.stringify(doc).length : 64;
        for (const att of Object.values(doc?._attachments ?? {})) bytes += att.length ?? 0;
        rows.push({ ...row, bytes });
      }
      cursor = page.lastSeq;
      if (page.end || rows.length >= limit) return { rows, lastSeq: cursor, end: page.end };
    }
  }

  /**
   * `size` rows of the feed after `since` with all their leaves. On this project's store, read straight from its
   * pages (SCAN_ROWS at a time, the event loop free between them); on another store, through its changes feed.
   */
  private async feedPage(since: number | string, size: number): Promise<{ rows: ChangeRow[]; lastSeq: number | string; end: boolean }> {
    if (!isSqliteStore(this.pouch)) {
      const page = await this.pouch.changes({ since, limit: size, style: 'all_docs', return_docs: true });
      const rows = page.results.map((r): ChangeRow => ({ id: r.id, seq: r.seq, changes: r.changes, ...(r.deleted ? { deleted: true } : {}) }));
      return { rows, lastSeq: page.last_seq, end: page.results.length < size };
    }
    const rows: ChangeRow[] = [];
    let cursor = Number(since) || 0;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const page = replicationPage(this.pouch, cursor, Math.min(SCAN_ROWS, size - rows.length));
      rows.push(...page.rows);
      cursor = page.lastSeq;
      if (page.end || rows.length >= size) return { rows, lastSeq: cursor, end: page.end };
    }
  }

  /** The winning revisions of `ids` (deleted ones absent), read in slices with the event loop free between them. */
  private async winningBodies(ids: string[]): Promise<Map<string, Doc>> {
    const out = new Map<string, Doc>();
    for (let i = 0; i < ids.length; i += BODY_SLICE) {
      if (i) await new Promise((r) => setImmediate(r));
      const res = await this.pouch.allDocs({ keys: ids.slice(i, i + BODY_SLICE), include_docs: true });
      for (const r of res.rows) if ('doc' in r && r.doc) out.set(r.id, r.doc as unknown as Doc);
    }
    return out;
  }

  /** In slices of a few hundred documents: PouchDB answers each slice in one synchronous run over the store. */
  async revsDiff(diff: Record<string, string[]>): Promise<RevsDiff> {
    const ids = Object.keys(diff);
    const out: RevsDiff = {};
    for (let i = 0; i < ids.length; i += REVS_DIFF_SLICE) {
      if (i) await new Promise((r) => setImmediate(r));
      const part = Object.fromEntries(ids.slice(i, i + REVS_DIFF_SLICE).map((id) => [id, diff[id]!]));
      Object.assign(out, await this.pouch.revsDiff(part));
    }
    return out;
  }

  /**
   * The revisions with `_revisions`; attachments as stubs with digest and length. One `bulkGet` for the whole
   * batch: the store answers it in two queries (db/adapter/bulk-get.ts) rather than a read per document.
   */
  async readRevs(wanted: { id: string; revs: string[] }[]): Promise<Doc[]> {
    if (!wanted.length) return [];
    const docs = wanted.flatMap(({ id, revs }) => revs.map((rev) => ({ id, rev })));
    const res = (await this.pouch.bulkGet({ docs, revs: true })) as unknown as { results: { docs: ({ ok: Doc } | { missing: string } | { error: unknown })[] }[] };
    return res.results.flatMap((r) => r.docs.flatMap((d) => ('ok' in d ? [d.ok] : [])));
  }

  async attachment(id: string, name: string, rev: string): Promise<Buffer> {
    return (await this.pouch.getAttachment(id, name, { rev })) as Buffer;
  }

  /** Digests of the attachment bodies this store already holds for the document (any leaf). */
  async knownDigests(id: string): Promise<Set<string>> {
    const out = new Set<string>();
    try {
      const leaves = (await this.pouch.get(id, { open_revs: 'all' })) as unknown as ({ ok: Doc } | { missing: string })[];
      for (const l of leaves) if ('ok' in l) for (const a of Object.values(l.ok._attachments ?? {})) if (a.digest) out.add(a.digest);
    } catch (e) {
      if ((e as { status?: number }).status !== 404) throw e;
    }
    return out;
  }

  /**
   * Stores replicated revisions (`new_edits=false`, so revision trees and conflicts are kept exactly). Slices keep
   * each synchronous transaction short; `replica` lets the adapter skip the per-commit fsync, because a pulled
   * revision lost to a power cut is simply pulled again (its checkpoint, written later with a full sync, cannot
   * survive without it).
   */
  async write(docs: Doc[]): Promise<WriteError[]> {
    const errors: WriteError[] = [];
    const writer = docs.length >= this.writerMinDocs ? this.writer : undefined;
    let i = 0;
    while (i < docs.length) {
      const slice: Doc[] = [];
      let bytes = 0;
      while (i < docs.length && slice.length < this.sliceDocs && (slice.length === 0 || bytes < WRITE_SLICE.bytes)) {
        const doc = docs[i++]!;
        bytes += approxBytes(doc);
        slice.push(doc);
      }
      const t0 = performance.now();
      const res = writer
        ? await writer.write(slice)
        : await this.pouch.bulkDocs(slice as PouchDB.Core.PutDocument<object>[], { new_edits: false, replica: true } as PouchDB.Core.BulkDocsOptions);
      this.resizeSlices(slice.length, performance.now() - t0);
      for (const r of res as (WriteResult | undefined)[]) {
        if (r && r.error) errors.push({ id: String(r.id ?? ''), rev: r.rev, error: String(r.name ?? r.error), reason: String(r.reason ?? r.message ?? '') });
      }
      if (i < docs.length) await new Promise((r) => setImmediate(r));
    }
    return errors;
  }

  /** Moves the slice size halfway towards what would have taken `targetMs`, so one slow slice does not swing it. */
  private resizeSlices(docs: number, ms: number): void {
    const fit = (docs * WRITE_SLICE.targetMs) / Math.max(ms, 0.1);
    this.sliceDocs = Math.round(Math.min(WRITE_SLICE.maxDocs, Math.max(WRITE_SLICE.minDocs, (this.sliceDocs + fit) / 2)));
  }

  async getLocal<T>(id: string): Promise<T | null> {
    try {
      return (await this.pouch.get(id)) as T;
    } catch (e) {
      if ((e as { status?: number }).status === 404) return null;
      throw e;
    }
  }

  /**
   * Checkpoints are written without their own fsync (like pulled revisions): one lost to a power cut only means the
   * next run walks a little again, while an fsync on a busy disk stalled the counter's requests for tens of ms.
   */
  async putLocal(doc: { _id: string }): Promise<string> {
    // Through bulkDocs: PouchDB's put hands a `_local/` document to the adapter without its options.
    const [res] = (await this.pouch.bulkDocs([doc as PouchDB.Core.PutDocument<object>], { replica: true } as PouchDB.Core.BulkDocsOptions)) as
      ({ rev?: string; error?: unknown; status?: number; name?: string; message?: string } | undefined)[];
    if (!res || res.error || !res.rev) throw Object.assign(new Error(res?.message ?? 'checkpoint not written'), { status: res?.status, name: res?.name });
    return res.rev;
  }
}

/** What a revision weighs in a write slice: its attachment bodies, plus a kilobyte for the JSON. */
function approxBytes(doc: Doc): number {
  let n = 1024;
  for (const a of Object.values(doc._attachments ?? {})) n += Buffer.isBuffer(a.data) ? a.data.length : 0;
  return n;
}
