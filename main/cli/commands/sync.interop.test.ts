import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { createPouch } from '../../../db/pouchdb';
import { CouchHttp } from '../../core/sync/http/couch-http';
import { runOneShot } from '../../core/sync/one-shot';
import { startTestPeer, type TestPeer } from '../../core/sync/test-peer';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../../sync-server/test-support';

// The shipped sync client (what `jingwei sync`, the branch host and the desk run) against `jingwei server`,
// against express-pouchdb (no `_selector`) and against a server that does not inflate gzip bodies.

interface Seen {
  method: string;
  url: string;
  type: string;
  encoding: string;
  body: Buffer;
}

/** An HTTP proxy that records every request and counts TCP connections; `stripGzip` plays a server without gzip. */
async function recordingProxy(target: string, opts: { stripGzip?: boolean } = {}) {
  const seen: Seen[] = [];
  let connections = 0;
  const t = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks as Uint8Array[]);
      const headers = { ...req.headers, host: t.host };
      if (opts.stripGzip) delete headers['content-encoding'];
      seen.push({ method: req.method ?? '', url: req.url ?? '', type: String(req.headers['content-type'] ?? ''), encoding: String(req.headers['content-encoding'] ?? ''), body });
      const up = http.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    connections: () => connections,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

type Snap = { id: string; rev: string; conflicts: string[]; atts: Record<string, string> }[];

/** Every live document's winner, its conflicts and attachment digests: what all ends must agree on. */
async function snapshot(db: PouchDB.Database<object>): Promise<Snap> {
  const all = await db.allDocs({ include_docs: true, conflicts: true } as PouchDB.Core.AllDocsWithinRangeOptions);
  return all.rows
    .filter((r) => !r.id.startsWith('_design/'))
    .map((r) => {
      const doc = r.doc as unknown as { _rev: string; _conflicts?: string[]; _attachments?: Record<string, { digest: string }> };
      return { id: r.id, rev: doc._rev, conflicts: [...(doc._conflicts ?? [])].sort(), atts: Object.fromEntries(Object.entries(doc._attachments ?? {}).map(([k, v]) => [k, v.digest])) };
    });
}

let server: TestServer;
let peer: TestPeer;
let tmp: string;
const admin = { username: TEST_ADMIN.name, password: TEST_ADMIN.password };
const device = (name: string) => createPouch(join(tmp, `${name}.sqlite`));

beforeAll(async () => {
  server = await startTestServer();
  peer = await startTestPeer();
  tmp = mkdtempSync(join(tmpdir(), 'jw-interop-'));
});
afterAll(async () => {
  await server.stop();
  await peer.close();
  rmSync(tmp, { recursive: true, force: true });
});

const docs = Array.from({ length: 1500 }, (_, i) => ({
  _id: `doc:${String(i).padStart(5, '0')}`,
  type: i % 3 ? 'note' : 'customer',
  n: i,
  text: `第${i}号 ${'记'.repeat(i % 120)}`,
  ...(i % 125 === 0 ? { _attachments: { 'scan.jpg': { content_type: 'image/jpeg', data: randomBytes(30_000 + i).toString('base64') } } } : {}),
}));

/** Two devices and a server: a day's sync, concurrent edits of the same documents, deletions, a second attachment. */
async function converge(dbUrl: string, auth: typeof admin | undefined, remoteSnap: () => Promise<Snap>) {
  const name = new URL(dbUrl).pathname.split('/').pop()!;
  const a = device(`${name}-a`);
  const b = device(`${name}-b`);
  const sync = async (db: PouchDB.Database<object>) => {
    const client = new CouchHttp({ dbUrl, ...(auth ? { auth } : {}) });
    try {
      return await runOneShot({ local: db, http: client });
    } finally {
      client.close();
    }
  };
  for (let i = 0; i < docs.length; i += 500) await a.bulkDocs(docs.slice(i, i + 500));
  const first = await sync(a);
  expect(first.up.docs).toBe(docs.length);
  expect(first.up.writeFailures).toBe(0);
  expect((await sync(b)).down.docs).toBe(docs.length);

  const edit = async (db: PouchDB.Database<object>, who: string, ids: string[]) => {
    const got = await db.allDocs({ keys: ids, include_docs: true });
    await db.bulkDocs(got.rows.map((r) => ({ ...(r as { doc: object }).doc, editedBy: who })));
  };
  const contested = docs.slice(100, 160).map((d) => d._id);
  await edit(a, 'a', contested);
  await edit(b, 'b', contested);
  const doomed = await a.allDocs({ keys: docs.slice(1000, 1100).map((d) => d._id) });
  await a.bulkDocs(doomed.rows.map((r) => ({ _id: r.key, _rev: (r as { value: { rev: string } }).value.rev, _deleted: true })));
  const withAtt = await b.get(docs[250]!._id);
  await b.putAttachment(withAtt._id, 'photo.jpg', withAtt._rev, randomBytes(40_000), 'image/jpeg');

  await sync(a);
  await sync(b);
  await sync(a);
  const [sa, sb, sr] = await Promise.all([snapshot(a), snapshot(b), remoteSnap()]);
  expect(sr.length).toBe(docs.length - 100);
  expect(sa).toEqual(sr);
  expect(sb).toEqual(sr);
  expect(sr.filter((d) => d.conflicts.length).map((d) => d.id)).toEqual(contested);
  expect(Object.keys(sr.find((d) => d.id === docs[250]!._id)!.atts).sort()).toEqual(['photo.jpg', 'scan.jpg']);
  const original = Buffer.from(docs[375]!._attachments!['scan.jpg'].data, 'base64');
  expect(((await b.getAttachment(docs[375]!._id, 'scan.jpg')) as Buffer).equals(original)).toBe(true);
  // Nothing left: a further run moves nothing either way.
  const again = await sync(b);
  expect([again.up.docs, again.down.docs]).toEqual([0, 0]);
  await Promise.all([a.close(), b.close()]);
}

describe('the shipped sync client', () => {
  it('converges two devices through jingwei server: same winners, conflicts kept, deletions, attachments', async () => {
    await server.req('PUT', '/interop-01');
    const { createRemotePouch } = await import('../../../db/pouchdb');
    const remote = createRemotePouch(`${server.url}/interop-01`, { auth: admin });
    await converge(`${server.url}/interop-01`, admin, () => snapshot(remote));
  }, 240_000);

  it('converges through express-pouchdb, which has no _selector (each pull pass reads the whole feed)', async () => {
    await peer.db('interop-02').info();
    await converge(`${peer.url}/interop-02`, undefined, () => snapshot(peer.db('interop-02')));
  }, 240_000);

  it('uploads scans as binary multipart parts, records as gzipped _bulk_docs, over a few kept-alive connections', async () => {
    await server.req('PUT', '/interop-03');
    const proxy = await recordingProxy(server.url);
    const a = device('it03');
    await a.bulkDocs(docs.slice(0, 500));
    // On this machine the server is local (no compression by default): compressing is what is under test.
    const client = new CouchHttp({ dbUrl: `${proxy.url}/interop-03`, auth: admin, localLinkMs: 0 });
    try {
      const r = await runOneShot({ local: a, http: client });
      expect(r.up.docs).toBe(500);
      expect(client.gzipRequests).toBe(true);
      const bulk = proxy.seen.filter((s) => s.url.includes('/_bulk_docs'));
      expect(bulk.length).toBeGreaterThan(0);
      for (const s of bulk) {
        expect(s.encoding).toBe('gzip');
        expect(gunzipSync(new Uint8Array(s.body)).toString()).not.toContain('"data"');
      }
      const puts = proxy.seen.filter((s) => s.method === 'PUT' && s.url.includes('new_edits=false'));
      expect(puts).toHaveLength(4);
      for (const s of puts) expect(s.type).toMatch(/^multipart\/related/);
      // A session cookie, not the password, on every request after the login.
      expect(proxy.seen.filter((s) => s.url === '/_session')).toHaveLength(1);
      expect(proxy.connections()).toBeLessThanOrEqual(4);
      // Batches, not documents: 500 records in a handful of batches that start small and double (slow start).
      expect(proxy.seen.length).toBeLessThan(40);
    } finally {
      client.close();
      await proxy.close();
      await a.close();
    }
  });

  it('pulls only the asked types when limited (a queue device), with the server filtering or without', async () => {
    await server.req('PUT', '/interop-05');
    await peer.db('interop-06').info();
    const mixed = Array.from({ length: 60 }, (_, i) => ({ _id: `d:${i}`, type: i % 3 ? 'note' : 'queue-ticket', n: i }));
    await server.req('POST', '/interop-05/_bulk_docs', { body: { docs: mixed } });
    await peer.db('interop-06').bulkDocs(mixed);
    for (const [url, auth] of [[`${server.url}/interop-05`, admin], [`${peer.url}/interop-06`, undefined]] as const) {
      const kiosk = device(`kiosk-${url.split('/').pop()}`);
      await kiosk.put({ _id: 'mine:1', type: 'note' });
      const client = new CouchHttp({ dbUrl: url, ...(auth ? { auth } : {}) });
      try {
        const r = await runOneShot({ local: kiosk, http: client, pullTypes: ['queue-ticket'] });
        expect(r.down.docs).toBe(20);
        expect(r.up.docs).toBe(1);
        const kept = (await kiosk.allDocs({ include_docs: true })).rows.map((row) => (row.doc as unknown as { type: string }).type);
        expect(kept.filter((t) => t === 'queue-ticket')).toHaveLength(20);
        expect(kept.filter((t) => t === 'note')).toEqual(['note']); // its own, pushed
      } finally {
        client.close();
        await kiosk.close();
      }
    }
  });

  it('notices a server that does not inflate gzip bodies and sends plain JSON to it', async () => {
    await server.req('PUT', '/interop-04');
    const proxy = await recordingProxy(server.url, { stripGzip: true });
    const a = device('it04');
    await a.bulkDocs(docs.slice(0, 300));
    const client = new CouchHttp({ dbUrl: `${proxy.url}/interop-04`, auth: admin });
    try {
      const r = await runOneShot({ local: a, http: client });
      expect(r.up.docs).toBe(300);
      expect(client.gzipRequests).toBe(false);
      expect(proxy.seen.filter((s) => s.encoding === 'gzip')).toHaveLength(1); // the probe only
    } finally {
      client.close();
      await proxy.close();
      await a.close();
    }
  });
});
