import type { CouchHttp } from '../sync/http/couch-http';
import { RemoteDb } from '../sync/replicator/remote-db';
import type { Doc } from '../sync/replicator/types';
import { auditDocId, auditIdRange, type AuditDoc } from './chain';
import type { Anchor } from './verify';

/**
 * Anchors: after each sync a device states at head office "you now hold my chain up to entry N, whose hash is H".
 * Everything is in the document id (sync-server/validation/types/audit.ts), anchors are append-only on the server,
 * and H chains back over every earlier entry, so once an anchor is at head office nobody — not even a thief holding
 * the device key — can rewrite or cut entries 1..N without the anchor contradicting the chain.
 */
export const ANCHOR_PREFIX = 'audit-anchor:';

export const anchorId = (a: Anchor) => `${ANCHOR_PREFIX}${a.device}:${String(a.seq).padStart(10, '0')}:${a.hash}`;

export function parseAnchorId(id: string): Anchor | null {
  const m = /^audit-anchor:(.+):(\d{10}):([0-9a-f]{64})$/.exec(id);
  return m ? { device: m[1]!, seq: Number(m[2]), hash: m[3]! } : null;
}

interface RangeQuery {
  startkey: string;
  endkey: string;
  descending?: boolean;
  limit?: number;
  include_docs?: boolean;
}

/** `_all_docs` over an id range: a PouchDB database (the local store), or head office's copy (`headOfficeDb`). */
export interface DocRange {
  allDocs(query: RangeQuery): Promise<{ rows: { id: string; doc?: unknown }[] }>;
}

/** Head office's copy of the branch database as anchoring uses it: id ranges, and revisions stored as they are. */
export interface HeadOfficeDb extends DocRange {
  /** `_bulk_docs` with `new_edits=false`; the answer lists the refused documents only. */
  putAsIs(docs: object[]): Promise<{ id: string; reason?: string }[]>;
}

/** Over the sync client's connection (sync/http/couch-http.ts): only CouchDB's HTTP API, as Apache CouchDB has it. */
export function headOfficeDb(http: CouchHttp): HeadOfficeDb {
  const remote = new RemoteDb(http);
  return {
    allDocs: (q) =>
      http.json('GET', '/_all_docs', {
        query: { startkey: JSON.stringify(q.startkey), endkey: JSON.stringify(q.endkey), descending: q.descending, limit: q.limit, include_docs: q.include_docs },
      }),
    putAsIs: (docs) => remote.bulkDocs(docs as Doc[]),
  };
}

/** Anchors of one device (or of all with `device` omitted) in a database, local or head office's: ids only. */
export async function readAnchors(db: DocRange, device?: string): Promise<Anchor[]> {
  const prefix = device ? `${ANCHOR_PREFIX}${device}:` : ANCHOR_PREFIX;
  const res = await db.allDocs({ startkey: prefix, endkey: `${prefix}\uffff` });
  return res.rows.map((r) => parseAnchorId(r.id)).filter((a): a is Anchor => a !== null && (!device || a.device === device));
}

export type AnchorOutcome =
  | { status: 'anchored'; seq: number; hash: string }
  /** Head office holds none of this device's entries yet. */
  | { status: 'nothing' }
  /** Head office's last entry of this device is not the one this device has under that number. */
  | { status: 'diverged'; seq: number };

/** Head office's last entry of a device, if it holds any. */
async function lastEntryAt(db: DocRange, device: string): Promise<AuditDoc | null> {
  const { start, end } = auditIdRange(device);
  const last = await db.allDocs({ startkey: end, endkey: start, descending: true, limit: 1, include_docs: true });
  return (last.rows[0]?.doc as unknown as AuditDoc | undefined) ?? null;
}

/**
 * What head office states about a device's chain: its anchors, plus its last entry of the device (which it cannot
 * change either, so it pins the chain like an anchor). A local chain that ends before it, or differs from it, was
 * cut or rewritten after it was synced.
 */
export async function headOfficeStatements(remote: DocRange, device: string): Promise<Anchor[]> {
  const [anchors, last] = await Promise.all([readAnchors(remote, device), lastEntryAt(remote, device)]);
  return last ? [...anchors, { device, seq: last.seq, hash: last.hash }] : anchors;
}

/**
 * Anchors this device's chain at what head office holds now. It asks head office for its last entry of this device
 * (one request) rather than trusting what was pushed, compares it with the local entry of the same number, and
 * writes the anchor locally and at head office as the same revision (so the two never conflict). Only the
 * branch database's HTTP API is used: it works the same against Apache CouchDB.
 */
export async function anchorAtHeadOffice(opts: {
  local: PouchDB.Database<object>;
  remote: HeadOfficeDb;
  device: string;
  now: Date;
}): Promise<AnchorOutcome> {
  const theirs = await lastEntryAt(opts.remote, opts.device);
  if (!theirs) return { status: 'nothing' };
  let ours: AuditDoc | null = null;
  try {
    ours = (await opts.local.get(auditDocId(opts.device, theirs.seq))) as unknown as AuditDoc;
  } catch (e) {
    if ((e as { status?: number }).status !== 404) throw e;
  }
  if (!ours || ours.hash !== theirs.hash) return { status: 'diverged', seq: theirs.seq };
  const anchor = { device: opts.device, seq: theirs.seq, hash: theirs.hash };
  const id = anchorId(anchor);
  let doc: PouchDB.Core.ExistingDocument<object>;
  try {
    doc = await opts.local.get(id);
  } catch (e) {
    if ((e as { status?: number }).status !== 404) throw e;
    const res = await opts.local.put({ _id: id, type: 'audit-anchor', at: opts.now.toISOString() });
    doc = await opts.local.get(res.id);
  }
  const [failed] = await opts.remote.putAsIs([doc]);
  if (failed) throw new Error(`head office refused the audit anchor ${id}: ${failed.reason ?? ''}`);
  return { status: 'anchored', ...anchor };
}
