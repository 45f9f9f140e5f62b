/**
 * The few CouchDB HTTP calls head office's identity service makes, with basic auth. The same calls work against
 * `jingwei server` and Apache CouchDB 3: head-office logic never relies on hooks inside our embedded server.
 */
export interface CouchTarget {
  url: string;
  user: { name: string; password: string };
}

export class CouchHttpError extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>, what: string) {
    super(`${what} → ${status} ${String(body.error ?? '')}: ${String(body.reason ?? '')}`);
  }
}

export function couchClient(target: CouchTarget) {
  const auth = `Basic ${Buffer.from(`${target.user.name}:${target.user.password}`).toString('base64')}`;
  const base = target.url.endsWith('/') ? target.url : `${target.url}/`;

  async function request<T>(method: string, path: string, body?: unknown, okStatuses: number[] = [], signal?: AbortSignal): Promise<{ status: number; json: T }> {
    const res = await fetch(new URL(path, base), {
      method,
      signal,
      headers: { authorization: auth, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as T;
    if (!res.ok && !okStatuses.includes(res.status)) throw new CouchHttpError(res.status, json as Record<string, unknown>, `${method} ${path}`);
    return { status: res.status, json };
  }

  const doc = (db: string, id: string) => `${encodeURIComponent(db)}/${encodeURIComponent(id)}`;

  return {
    /** `GET /`: the server's welcome, with CouchDB's `vendor` naming which server it is. */
    async welcome(): Promise<{ vendor?: { name?: string } }> {
      return (await request<{ vendor?: { name?: string } }>('GET', '')).json;
    },
    async allDbs(): Promise<string[]> {
      return (await request<string[]>('GET', '_all_dbs')).json;
    },
    async get<T>(db: string, id: string): Promise<T | null> {
      const r = await request<T>('GET', doc(db, id), undefined, [404]);
      return r.status === 404 ? null : r.json;
    },
    /** Documents by id; missing ones are left out. */
    async getMany<T>(db: string, ids: string[]): Promise<Map<string, T>> {
      if (ids.length === 0) return new Map();
      const r = await request<{ rows: { key: string; doc?: T | null }[] }>('POST', `${encodeURIComponent(db)}/_all_docs?include_docs=true`, { keys: ids });
      return new Map(r.json.rows.filter((row) => row.doc).map((row) => [row.key, row.doc as T]));
    },
    /** Every document whose id starts with `prefix`. */
    async prefixed<T>(db: string, prefix: string): Promise<T[]> {
      const range = `startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}`;
      const r = await request<{ rows: { doc?: T | null }[] }>('GET', `${encodeURIComponent(db)}/_all_docs?include_docs=true&${range}`);
      return r.json.rows.flatMap((row) => (row.doc ? [row.doc] : []));
    },
    /** Creates or replaces (with the current revision); a conflict throws, so the caller reads again and retries. */
    async put(db: string, body: { _id: string; _rev?: string }): Promise<string> {
      return (await request<{ rev: string }>('PUT', doc(db, body._id), body)).json.rev;
    },
    /** Writes many documents at once; each result says ok (with its new revision) or why not. */
    async bulk(db: string, docs: object[]): Promise<{ id: string; rev?: string; error?: string; reason?: string }[]> {
      return (await request<{ id: string; rev?: string; error?: string; reason?: string }[]>('POST', `${encodeURIComponent(db)}/_bulk_docs`, { docs })).json;
    },
    /** Adds a file to a document as a standalone attachment (binary body, not base64 in JSON); returns the new revision. */
    async putAttachment(db: string, id: string, rev: string, name: string, bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<string> {
      const res = await fetch(new URL(`${doc(db, id)}/${encodeURIComponent(name)}?rev=${encodeURIComponent(rev)}`, base), {
        method: 'PUT',
        headers: { authorization: auth, accept: 'application/json', 'content-type': contentType },
        body: bytes,
      });
      const json = (await res.json().catch(() => ({}))) as { rev?: string } & Record<string, unknown>;
      if (!res.ok || !json.rev) throw new CouchHttpError(res.status, json, `PUT ${doc(db, id)}/${name}`);
      return json.rev;
    },
    async changes<T>(db: string, since: string | number, selector: Record<string, unknown>, limit = 200): Promise<{ results: { id: string; seq: string | number; doc?: T }[]; last_seq: string | number }> {
      const q = `${encodeURIComponent(db)}/_changes?include_docs=true&filter=_selector&limit=${limit}&since=${encodeURIComponent(String(since))}`;
      return (await request<{ results: { id: string; seq: string | number; doc?: T }[]; last_seq: string | number }>('POST', q, { selector })).json;
    },
    /**
     * Every change after `since` with its document, waiting up to `timeoutMs` for the first one (longpoll): how
     * head-office followers (reporting/follower.ts) keep up with a branch without polling it.
     */
    async longpoll<T>(db: string, since: string | number, opts: { limit: number; timeoutMs: number; signal?: AbortSignal }): Promise<{ results: { id: string; seq: string | number; deleted?: boolean; doc?: T }[]; last_seq: string | number }> {
      const q = `${encodeURIComponent(db)}/_changes?feed=${opts.timeoutMs > 0 ? 'longpoll' : 'normal'}&include_docs=true&limit=${opts.limit}&timeout=${opts.timeoutMs}&since=${encodeURIComponent(String(since))}`;
      return (await request<{ results: { id: string; seq: string | number; deleted?: boolean; doc?: T }[]; last_seq: string | number }>('GET', q, undefined, [], opts.signal)).json;
    },
  };
}
export type CouchClient = ReturnType<typeof couchClient>;
