import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/**
 * The floor of the server comparison: a CouchDB-shaped server that does as little as answering correctly allows —
 * documents kept in memory as received, no revision trees, no validation, no authentication, no storage. What a
 * plain PouchDB client reaches against it is the most any server could reach with that client: the rest of the
 * wall is the client's own. It answers what a plain PouchDB push and pull ask (`/`, database info and creation,
 * `_revs_diff`, `_bulk_docs` with `new_edits: false`, `_changes` with `since`/`limit`, `_bulk_get`, `_local`
 * checkpoints) and gzips replies of 1 KB or more, as both measured servers do. Never a server to ship.
 */
export interface FloorServer {
  url: string;
  close(): Promise<void>;
}

type Doc = Record<string, unknown> & { _id: string; _rev: string };
interface Db {
  /** Latest revision per id, and the ids in the order they last changed (index + 1 is the seq). */
  docs: Map<string, Doc>;
  feed: string[];
  local: Map<string, Doc>;
}

const MIN_GZIP = 1024;

export async function startFloorServer(): Promise<FloorServer> {
  const dbs = new Map<string, Db>();
  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://floor');
    const [name, first, second] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const send = (status: number, value: unknown) => {
      let body = Buffer.from(JSON.stringify(value));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (body.length >= MIN_GZIP && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        body = gzipSync(new Uint8Array(body.buffer, body.byteOffset, body.length));
        headers['content-encoding'] = 'gzip';
      }
      headers['content-length'] = String(body.length);
      res.writeHead(status, headers).end(body);
    };
    const body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    if (!name) return send(200, { couchdb: 'Welcome', version: '3.3.3', uuid: 'f100c0de0000000000000000f100c0de' });
    const db = dbs.get(name);
    if (!first) {
      if (req.method === 'PUT') {
        if (!db) dbs.set(name, { docs: new Map(), feed: [], local: new Map() });
        return send(201, { ok: true });
      }
      if (!db) return send(404, { error: 'not_found', reason: 'Database does not exist.' });
      return send(200, { db_name: name, doc_count: db.docs.size, update_seq: db.feed.length, instance_start_time: '0' });
    }
    if (!db) return send(404, { error: 'not_found', reason: 'Database does not exist.' });
    if (first === '_local') {
      const id = `_local/${second}`;
      const current = db.local.get(id);
      if (req.method === 'GET') return current ? send(200, current) : send(404, { error: 'not_found', reason: 'missing' });
      const rev = `0-${Number(current?._rev.split('-')[1] ?? 0) + 1}`;
      db.local.set(id, { ...body, _id: id, _rev: rev });
      return send(201, { ok: true, id, rev });
    }
    if (first === '_revs_diff') {
      const out: Record<string, { missing: string[] }> = {};
      for (const [id, revs] of Object.entries(body as Record<string, string[]>)) {
        const have = db.docs.get(id)?._rev;
        const missing = revs.filter((r) => r !== have);
        if (missing.length) out[id] = { missing };
      }
      return send(200, out);
    }
    if (first === '_bulk_docs') {
      for (const doc of (body.docs ?? []) as Doc[]) {
        db.docs.set(doc._id, doc);
        db.feed.push(doc._id);
      }
      return send(201, []);
    }
    if (first === '_changes') {
      const since = Number(url.searchParams.get('since')) || 0;
      const limit = Number(url.searchParams.get('limit')) || Infinity;
      const results: { seq: number; id: string; changes: { rev: string }[] }[] = [];
      for (let seq = since + 1; seq <= db.feed.length && results.length < limit; seq++) {
        const id = db.feed[seq - 1]!;
        results.push({ seq, id, changes: [{ rev: db.docs.get(id)!._rev }] });
      }
      return send(200, { results, last_seq: results.at(-1)?.seq ?? since });
    }
    if (first === '_bulk_get') {
      const asked = (body.docs ?? []) as { id: string }[];
      return send(200, { results: asked.map((a) => ({ id: a.id, docs: [{ ok: db.docs.get(a.id) }] })) });
    }
    return send(404, { error: 'not_found', reason: 'missing' });
  };
  const server = createServer((req, res) => {
    const chunks: Uint8Array[] = [];
    req.on('data', (c: Buffer) => chunks.push(new Uint8Array(c.buffer, c.byteOffset, c.length)));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
