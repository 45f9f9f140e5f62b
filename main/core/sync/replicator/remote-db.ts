import type { CouchHttp } from '../http/couch-http';
import { HttpError } from '../http/errors';
import type { ChangeRow, ChangesPage, Doc, RevsDiff, WriteError } from './types';

/** Path of a document: ids are one segment (`/` encoded) except design documents, as CouchDB routes them. */
export function docPath(id: string): string {
  if (id.startsWith('_design/') || id.startsWith('_local/')) {
    const slash = id.indexOf('/');
    return `/${id.slice(0, slash)}/${encodeURIComponent(id.slice(slash + 1))}`;
  }
  return `/${encodeURIComponent(id)}`;
}

/** Attachment names may hold `/`, which CouchDB takes literally in the path. */
export const attachmentPath = (id: string, name: string) => `${docPath(id)}/${name.split('/').map(encodeURIComponent).join('/')}`;

interface BulkGetResult {
  results: { id: string; docs: ({ ok: Doc } | { error: { id: string; rev: string; error: string; reason: string } })[] }[];
}

/**
 * The remote side of replication in CouchDB's protocol, over `CouchHttp`. Only standard endpoints: `_changes`
 * (with `filter=_selector` where the server has it), `_revs_diff`, `_bulk_docs?new_edits=false`, multipart
 * document PUTs, `_bulk_get` (falling back to `open_revs`), attachment GETs and `_local` checkpoints.
 */
export class RemoteDb {
  private bulkGetSupported = true;

  constructor(readonly http: CouchHttp) {}

  info(signal?: AbortSignal) {
    return this.http.json<{ update_seq: number | string; doc_count: number; db_name?: string }>('GET', '', { signal });
  }

  serverInfo(signal?: AbortSignal) {
    return this.http.json<{ uuid?: string; version?: string; vendor?: { name?: string } }>('GET', '/', { signal }, true);
  }

  /** One page of the feed (style=all_docs: every leaf, so conflicts travel too); `longpoll` waits for news. */
  async changes(
    opts: { since: number | string; limit: number; selector?: object; longpollMs?: number; heartbeatMs?: number },
    signal?: AbortSignal,
  ): Promise<ChangesPage> {
    const query = {
      style: 'all_docs',
      since: typeof opts.since === 'string' ? opts.since : String(opts.since),
      limit: opts.limit,
      seq_interval: opts.limit,
      ...(opts.selector ? { filter: '_selector' } : {}),
      ...(opts.longpollMs ? { feed: 'longpoll', timeout: opts.longpollMs, heartbeat: opts.heartbeatMs ?? 10_000 } : {}),
    };
    const page = opts.selector
      ? await this.http.json<{ results: ChangeRow[]; last_seq: number | string }>('POST', '/_changes', { query, json: { selector: opts.selector }, signal })
      : await this.http.json<{ results: ChangeRow[]; last_seq: number | string }>('GET', '/_changes', { query, signal });
    return { rows: page.results.map((r) => ({ id: r.id, seq: r.seq, changes: r.changes, deleted: r.deleted })), lastSeq: page.last_seq };
  }

  revsDiff(diff: Record<string, string[]>, signal?: AbortSignal, onBody?: (bytes: number) => void): Promise<RevsDiff> {
    return this.http.json<RevsDiff>('POST', '/_revs_diff', { json: diff, signal, ...(onBody ? { onBody } : {}) });
  }

  /** Replicated revisions (`new_edits=false`): the answer lists only the refused ones. `onBody` learns the body's size. */
  async bulkDocs(docs: Doc[], signal?: AbortSignal, onBody?: (bytes: number) => void): Promise<WriteError[]> {
    const res = await this.http.json<WriteError[]>('POST', '/_bulk_docs', { json: { docs, new_edits: false }, signal, ...(onBody ? { onBody } : {}) });
    return res.filter((r) => r && r.error);
  }

  /**
   * One revision with attachment bodies as binary parts (`multipartRelated`); a refusal (403 from validation) is
   * returned, not thrown.
   */
  async putMultipart(doc: Doc, { body, contentType }: { body: Buffer; contentType: string }, signal?: AbortSignal): Promise<WriteError | null> {
    const reply = await this.http.request('PUT', docPath(doc._id), { query: { new_edits: 'false' }, body, contentType, signal });
    if (reply.status < 300) return null;
    // A body head office could not parse (garbled on the way) is not `fromCouch`: thrown below and retried.
    const err = HttpError.from(reply.status, reply.body, `PUT ${doc._id}`);
    // Refusals of this document (validation, permissions) are reported like _bulk_docs reports them; anything
    // else — a 400 not from CouchDB, a conflict that new_edits=false cannot cause — is the run's problem.
    if (reply.status === 403 || (reply.status === 400 && err.fromCouch)) return { id: doc._id, rev: doc._rev, error: err.error, reason: err.reason };
    throw err;
  }

  /** The asked revisions with their history; attachments as stubs (their bodies come by `attachment`). */
  async getRevs(wanted: { id: string; rev: string }[], signal?: AbortSignal): Promise<{ docs: Doc[]; missing: { id: string; rev: string }[] }> {
    if (this.bulkGetSupported) {
      try {
        const res = await this.http.json<BulkGetResult>('POST', '/_bulk_get', { query: { revs: true, latest: true }, json: { docs: wanted }, signal });
        const docs: Doc[] = [];
        const missing: { id: string; rev: string }[] = [];
        for (const r of res.results) {
          for (const d of r.docs) {
            if ('ok' in d) docs.push(d.ok);
            else missing.push({ id: d.error.id, rev: d.error.rev });
          }
        }
        return { docs, missing };
      } catch (e) {
        // CouchDB 1.x and some proxies lack _bulk_get; answer-less failures are the link's, not the endpoint's.
        if (!(e instanceof HttpError) || e.garbled || ![400, 404, 405, 501].includes(e.status)) throw e;
        this.bulkGetSupported = false;
      }
    }
    const byId = new Map<string, string[]>();
    for (const w of wanted) byId.set(w.id, [...(byId.get(w.id) ?? []), w.rev]);
    const docs: Doc[] = [];
    const missing: { id: string; rev: string }[] = [];
    for (const [id, revs] of byId) {
      const res = await this.http.json<({ ok: Doc } | { missing: string })[]>('GET', docPath(id), {
        query: { open_revs: JSON.stringify(revs), revs: true, latest: true }, signal,
      });
      for (const r of res) {
        if ('ok' in r) docs.push(r.ok);
        else missing.push({ id, rev: r.missing });
      }
    }
    return { docs, missing };
  }

  async attachment(id: string, name: string, rev: string, signal?: AbortSignal): Promise<Buffer> {
    const reply = await this.http.request('GET', attachmentPath(id, name), { query: { rev }, accept: '*/*', signal });
    if (reply.status >= 400) throw HttpError.from(reply.status, reply.body, `GET ${id}/${name}`);
    return reply.body;
  }

  async getLocal<T>(id: string, signal?: AbortSignal): Promise<T | null> {
    try {
      return await this.http.json<T>('GET', docPath(id), { signal });
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return null;
      throw e;
    }
  }

  async putLocal(doc: { _id: string }, signal?: AbortSignal): Promise<string> {
    const res = await this.http.json<{ rev: string }>('PUT', docPath(doc._id), { json: doc, signal });
    return res.rev;
  }
}
