import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import expressPouchDB from 'express-pouchdb';
import { removeExpressPouchUploads } from './express-pouchdb-uploads';

/** What crossed the peer, for tests that prove nothing was sent twice. */
export interface PeerCounters {
  /** Revisions received by pushes: in `_bulk_docs`, or one per replicated document PUT (those with attachments). */
  bulkDocsIn: number;
  /** Revisions requested through `_bulk_get` (pulls). */
  bulkGetRequested: number;
  /** Requests that carried a `filter=_selector` changes feed. */
  selectorChanges: number;
}

export interface TestPeer {
  /** Server root, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  counters: PeerCounters;
  /** A database handle on the peer's own storage (no HTTP), for seeding and checking. */
  db(name: string): PouchDB.Database<object>;
  /** Stops listening and cuts every open connection: the link is down. Data stays. */
  pause(): Promise<void>;
  /** Listens again on the same port. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

/**
 * An independent CouchDB-compatible server for sync tests: express-pouchdb 4 over PouchDB's memory adapter,
 * on 127.0.0.1 and a free port. It does not implement `filter=_selector`, so it also exercises the client's
 * fallback. No authentication (admin party), like a fresh CouchDB.
 */
export async function startTestPeer(): Promise<TestPeer> {
  removeExpressPouchUploads();
  const prefix = `peer-${randomUUID()}-`;
  const Memory = (PouchDB as unknown as PouchDB.Static).plugin(memoryAdapter).defaults({ adapter: 'memory', prefix } as PouchDB.Configuration.DatabaseConfiguration);
  const app = expressPouchDB(Memory as unknown as PouchDB.Static, { mode: 'minimumForPouchDB', inMemoryConfig: true });
  const counters: PeerCounters = { bulkDocsIn: 0, bulkGetRequested: 0, selectorChanges: 0 };
  const sockets = new Set<Socket>();
  const handler: http.RequestListener = (req, res) => {
    const url = req.url ?? '';
    if (url.includes('filter=_selector')) counters.selectorChanges++;
    if (req.method === 'PUT' && url.includes('new_edits=false')) counters.bulkDocsIn++;
    if (req.method === 'POST' && (url.includes('/_bulk_docs') || url.includes('/_bulk_get'))) {
      // Read and parse the body here, then hand it over the way body-parser leaves it (`_body` set), since a
      // request stream can only be read once.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r = req as http.IncomingMessage & { body?: unknown; _body?: boolean };
        try {
          // express-pouchdb's body parser inflates gzip bodies; this read-ahead has to as well.
          const raw = Buffer.concat(chunks as Uint8Array[]);
          const bytes = /gzip/i.test(String(req.headers['content-encoding'] ?? '')) ? gunzipSync(new Uint8Array(raw.buffer, raw.byteOffset, raw.length)) : raw;
          const body = JSON.parse(bytes.toString('utf8')) as { docs?: unknown[] };
          if (url.includes('/_bulk_docs')) counters.bulkDocsIn += body.docs?.length ?? 0;
          else counters.bulkGetRequested += body.docs?.length ?? 0;
          r.body = body;
          r._body = true;
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad_request","reason":"invalid JSON"}');
          return;
        }
        app(req, res);
      });
      return;
    }
    app(req, res);
  };
  let server = http.createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const cut = async () => {
    const closed = new Promise<void>((r) => server.close(() => r()));
    for (const s of sockets) s.destroy();
    await closed;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    counters,
    db: (name) => new Memory(name) as PouchDB.Database<object>,
    pause: cut,
    async resume() {
      server = http.createServer(handler);
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    },
    async close() {
      if (server.listening) await cut();
    },
  };
}
