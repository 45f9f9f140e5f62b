import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CouchHttp } from './couch-http';
import { HttpError, NetworkError } from './errors';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const u8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);

/** A small CouchDB stand-in: `inflates` says whether it understands gzip request bodies. */
async function fakeCouch(opts: { inflates: boolean; sessions?: boolean; delayMs?: number; handler?: (s: Seen, res: http.ServerResponse) => boolean }) {
  const seen: Seen[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => setTimeout(answer, opts.delayMs ?? 0));
    const answer = () => {
      let body = Buffer.concat(chunks as Uint8Array[]);
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      if (opts.handler?.(s, res)) return;
      if (req.headers['content-encoding'] === 'gzip' && opts.inflates) body = gunzipSync(u8(body));
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        const text = JSON.stringify(value);
        // Answers are compressed when the client accepts it, as our server and CouchDB behind a proxy do.
        const zipped = /gzip/.test(String(req.headers['accept-encoding'])) && text.length > 100;
        res.writeHead(status, { 'content-type': 'application/json', ...(zipped ? { 'content-encoding': 'gzip' } : {}), ...headers });
        res.end(zipped ? gzipSync(text) : text);
      };
      if (req.url === '/_session' && req.method === 'POST') {
        if (!opts.sessions) return json(404, { error: 'not_found', reason: 'missing' });
        const { name, password } = JSON.parse(body.toString()) as { name: string; password: string };
        if (name !== 'dev' || password !== 'pw') return json(401, { error: 'unauthorized', reason: 'Name or password is incorrect.' });
        return json(200, { ok: true }, { 'set-cookie': 'AuthSession=abc123; Version=1; Path=/; HttpOnly' });
      }
      const authed = req.headers.cookie === 'AuthSession=abc123' || req.headers.authorization === 'Basic ' + Buffer.from('dev:pw').toString('base64');
      if (!authed) return json(401, { error: 'unauthorized', reason: 'You are not authorized.' });
      try {
        const parsed = body.length ? (JSON.parse(body.toString()) as Record<string, string[]>) : {};
        if (req.url?.endsWith('/_revs_diff')) return json(200, Object.fromEntries(Object.entries(parsed).map(([id, revs]) => [id, { missing: revs }])));
        return json(200, { ok: true, echoed: Object.keys(parsed).length, padding: 'x'.repeat(500) });
      } catch {
        return json(400, { error: 'bad_request', reason: 'invalid UTF-8 JSON' });
      }
    };
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, connections: () => connections };
}

const big = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`customer:${i}`, [`1-${'a'.repeat(32)}`]]));

describe('the sync HTTP client', () => {
  it('compresses bodies for a server that proved it inflates them, logs in once and keeps one connection', async () => {
    const couch = await fakeCouch({ inflates: true, sessions: true });
    const client = new CouchHttp({ dbUrl: `${couch.url}/branch-hm01`, auth: { username: 'dev', password: 'pw' }, localLinkMs: 0 });
    closers.push(async () => client.close());
    for (let i = 0; i < 5; i++) {
      const diff = await client.json<Record<string, unknown>>('POST', '/_revs_diff', { json: big });
      expect(Object.keys(diff)).toHaveLength(200);
    }
    expect(client.gzipRequests).toBe(true);
    const diffs = couch.seen.filter((s) => s.url === '/branch-hm01/_revs_diff');
    expect(diffs.map((s) => s.headers['content-encoding'])).toEqual(Array(6).fill('gzip')); // the probe, then five
    expect(couch.seen.filter((s) => s.url === '/_session')).toHaveLength(1);
    expect(diffs.every((s) => s.headers.cookie === 'AuthSession=abc123' && !s.headers.authorization)).toBe(true);
    expect(couch.connections()).toBe(1);
    const meter = client.meter.snapshot();
    expect(meter.bytesSent).toBeLessThan(JSON.stringify(big).length * 2); // probe + five compressed bodies
  });

  it('stops compressing both ways once small exchanges show the server is local, not when they show a distant one', async () => {
    // Default bound on a loopback address (5 ms): a line simulated with 15 ms still compresses.
    for (const [delayMs, localLinkMs, local] of [[0, 1000, true], [40, 20, false], [15, undefined, false]] as const) {
      // The delay stands for a distant line (the link simulator and tunnels listen on 127.0.0.1 too).
      const couch = await fakeCouch({ inflates: true, sessions: true, delayMs });
      const client = new CouchHttp({ dbUrl: `${couch.url}/branch-hm01`, auth: { username: 'dev', password: 'pw' }, ...(localLinkMs ? { localLinkMs } : {}) });
      closers.push(async () => client.close());
      // The login and two small questions time the link.
      for (let i = 0; i < 2; i++) await client.json('POST', '/_revs_diff', { json: { 'customer:0': ['1-a'] } });
      await client.json('POST', '/_revs_diff', { json: big });
      const last = couch.seen.at(-1)!;
      expect(client.localLink).toBe(local);
      expect(last.headers['content-encoding']).toBe(local ? undefined : 'gzip');
      expect(last.headers['accept-encoding']).toBe(local ? 'identity' : 'gzip');
    }
  });

  it('does not count a request cancelled before any of it left as bytes spent or lost', async () => {
    const couch = await fakeCouch({ inflates: false, handler: (s) => s.url.endsWith('/hold') });
    const client = new CouchHttp({ dbUrl: `${couch.url}/branch-hm01`, maxSockets: 1, localLinkMs: 0 });
    closers.push(async () => client.close());
    const first = new AbortController();
    const held = client.request('POST', '/hold', { json: { n: 1 }, signal: first.signal }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const second = new AbortController();
    const queued = client.request('POST', '/_bulk_docs', { body: Buffer.alloc(50_000), signal: second.signal }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    second.abort();
    expect(await queued).toBeInstanceOf(NetworkError);
    first.abort();
    expect(await held).toBeInstanceOf(NetworkError);
    const meter = client.meter.snapshot();
    expect(meter).toMatchObject({ requests: 1, bytesSent: 7, failedRequests: 1, failedBytesSent: 7 }); // only {"n":1}
  });

  it('sends plain JSON to a server that does not inflate, and basic auth where there are no sessions', async () => {
    const couch = await fakeCouch({ inflates: false });
    const client = new CouchHttp({ dbUrl: `${couch.url}/branch-hm01`, auth: { username: 'dev', password: 'pw' } });
    closers.push(async () => client.close());
    expect(Object.keys(await client.json('POST', '/_revs_diff', { json: big }))).toHaveLength(200);
    expect(client.gzipRequests).toBe(false);
    const last = couch.seen.at(-1)!;
    expect(last.headers['content-encoding']).toBeUndefined();
    expect(last.headers.authorization).toMatch(/^Basic /);
  });

  it('turns refusals into HttpError and dropped connections into NetworkError, with nothing left unhandled', async () => {
    const couch = await fakeCouch({
      inflates: true,
      sessions: true,
      handler: (s, res) => {
        if (s.url.startsWith('/branch-hm01/cut')) {
          // Half an answer, then the line drops.
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
          res.write('{"results":[');
          setTimeout(() => res.socket?.destroy(), 20);
          return true;
        }
        return false;
      },
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const wrong = new CouchHttp({ dbUrl: `${couch.url}/branch-hm01`, auth: { username: 'dev', password: 'nope' } });
      await expect(wrong.json('GET', '')).rejects.toMatchObject({ name: 'HttpError', status: 401 });
      wrong.close();
      const client = new CouchHttp({ dbUrl: `${couch.url}/branch-hm01`, auth: { username: 'dev', password: 'pw' } });
      const failures = await Promise.allSettled([client.json('GET', '/cut1'), client.json('GET', '/cut2'), client.json('GET', '/cut3')]);
      for (const f of failures) expect((f as PromiseRejectedResult).reason).toBeInstanceOf(NetworkError);
      expect(client.meter.snapshot().failedRequests).toBe(3);
      // Still usable afterwards: the next request opens a fresh connection.
      expect(await client.json('GET', '/fine')).toMatchObject({ ok: true });
      const refused = new CouchHttp({ dbUrl: 'http://127.0.0.1:9/branch-hm01' });
      await expect(refused.json('GET', '')).rejects.toBeInstanceOf(NetworkError);
      refused.close();
      client.close();
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(new HttpError(403, 'forbidden', 'x').status).toBe(403);
  });
});
