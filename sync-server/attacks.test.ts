/**
 * Issue #10's attack scripts against the head-office sync server, as an attacker with a branch PC (or nothing)
 * would run them. Each test failed before the fix it names.
 */
import { request as httpRequest } from 'node:http';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionBranch } from './provision';
import { startTestServer, TEST_ADMIN } from './test-support';
import type { TestServer } from './test-support';

let server: TestServer;
const hm01 = { name: 'hm01-desk-1', password: 'device-password-01' };
const hm02 = { name: 'hm02-desk-1', password: 'device-password-02' };
const basic = (a: { name: string; password: string }) => 'Basic ' + Buffer.from(`${a.name}:${a.password}`).toString('base64');
const customer = (id: string, name = '张三') => ({ _id: id, type: 'customer', kind: 'individual', name, phone: '13800000000', address: '侯马市' });

/** A raw HTTP request that reports the answer even when the server closes the connection on an unread body. */
function rawRequest(url: string, method: string, headers: Record<string, string>, body = Buffer.alloc(0)): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    let settled = false;
    const req = httpRequest(url, { method, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => !settled && ((settled = true), resolve({ status: res.statusCode ?? 0, text })));
      res.on('error', () => !settled && ((settled = true), resolve({ status: res.statusCode ?? 0, text })));
    });
    req.on('error', () => !settled && ((settled = true), resolve({ status: 0, text: 'connection closed before an answer' })));
    req.end(body);
  });
}

/** 256 MB of zeros gzipped to ~250 KB, made in chunks so the test itself never holds the inflated size. */
async function gzipBomb(inflatedBytes: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const out: Uint8Array[] = [];
  gz.on('data', (c: Buffer) => out.push(new Uint8Array(c)));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let sent = 0; sent < inflatedBytes; sent += zeros.length) {
    if (!gz.write(zeros)) await new Promise((r) => gz.once('drain', r));
  }
  await new Promise((r) => gz.end(r));
  return Buffer.concat(out);
}

/** Highest growth of Buffer memory (what request bodies live in) while `fn` runs, sampled every 2 ms. */
async function peakBufferGrowth(fn: () => Promise<unknown>): Promise<number> {
  const base = process.memoryUsage().arrayBuffers;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 2);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().arrayBuffers) - base;
}

beforeAll(async () => {
  server = await startTestServer({ evalBudget: { turnMs: 50, requestMs: 200 } });
  for (const [code, who] of [['HM01', hm01], ['HM02', hm02]] as const) {
    await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: code, deviceUser: who.name, password: who.password });
  }
});

afterAll(() => server.stop());

describe('item 4: one request must not freeze head office', () => {
  it('refuses the $regex selector at once, and /_up answers meanwhile', async () => {
    // The field the attacker aimed at: 29 characters that make ^(a+)+$ backtrack 2^28 times.
    expect((await server.req('PUT', '/branch-hm01/customer:R1', { body: customer('customer:R1', 'a'.repeat(28) + '!'), auth: hm01 })).status).toBe(201);
    const selector = { name: { $regex: '^(a+)+$' } };
    const started = Date.now();
    const [feed, up] = await Promise.all([
      server.req('POST', '/branch-hm01/_changes?filter=_selector', { body: { selector }, auth: hm01 }),
      new Promise((r) => setTimeout(r, 20)).then(() => server.req('GET', '/_up', { auth: null })),
    ]);
    expect(feed.status).toBe(400);
    expect(feed.json).toEqual({ error: 'bad_request', reason: 'Unsupported operator: $regex' });
    expect(up.status).toBe(200);
    // Before the fix this request ran for minutes; anything near a second means it was evaluated.
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('evaluates a client query nowhere else: _find and the other Mango endpoints are not served', async () => {
    for (const endpoint of ['_find', '_explain', '_index']) {
      const res = await server.req('POST', `/branch-hm01/${endpoint}`, { body: { selector: { name: { $regex: '^(a+)+$' } } }, auth: hm01 });
      expect(res.status).toBe(501);
      expect(res.json.error).toBe('not_implemented');
    }
    expect((await server.req('POST', '/branch-hm02/_find', { body: { selector: {} }, auth: hm01 })).status).toBe(403);
  });

  it('ends a selector scan that overruns its time budget with CouchDB\'s timeout, and /_up still answers', async () => {
    await server.req('PUT', '/budget');
    const docs = Array.from({ length: 2000 }, (_, i) => ({ _id: `d${String(i).padStart(5, '0')}`, n: Array.from({ length: 200 }, (_, j) => i * 1000 + j) }));
    expect((await server.req('POST', '/budget/_bulk_docs', { body: { docs } })).status).toBe(201);
    // Allowed operators only, but 200 × 700 comparisons per document: about a second of work in total.
    const selector = { n: { $in: Array.from({ length: 700 }, (_, i) => -1 - i) } };
    const [feed, up] = await Promise.all([
      server.req('POST', '/budget/_changes?filter=_selector', { body: { selector } }),
      new Promise((r) => setTimeout(r, 5)).then(() => server.req('GET', '/_up', { auth: null })),
    ]);
    expect(feed.status).toBe(500);
    expect(feed.json).toEqual({ error: 'timeout', reason: 'The request could not be processed in a reasonable amount of time.' });
    expect(up.status).toBe(200);
    // The same feed with a selector our clients send is unaffected.
    const docsPass = await server.req('POST', '/budget/_changes?filter=_selector&limit=5', { body: { selector: { _attachments: { $exists: false } } } });
    expect(docsPass.json.results).toHaveLength(5);
  });
});

describe('medium: bodies are read only for callers allowed to send them', () => {
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await gzipBomb(256 * 1024 * 1024);
  }, 60_000);

  it('refuses anonymous gzip bombs before inflating them: 4 × ~250 KB no longer cost the server 1 GB', async () => {
    expect(bomb.length).toBeLessThan(400 * 1024);
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    let answers: { status: number; text: string }[] = [];
    const growth = await peakBufferGrowth(async () => {
      answers = await Promise.all([
        rawRequest(`${server.url}/branch-hm01/_bulk_docs`, 'POST', headers, bomb),
        rawRequest(`${server.url}/branch-hm01/customer:X`, 'PUT', headers, bomb),
        rawRequest(`${server.url}/_users/org.couchdb.user:mallory`, 'PUT', headers, bomb),
        rawRequest(`${server.url}/_session`, 'POST', headers, bomb),
      ]);
    });
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 413]);
    expect(JSON.parse(answers[0]!.text)).toEqual({ error: 'unauthorized', reason: 'You are not authorized to access this db.' });
    expect(JSON.parse(answers[3]!.text)).toEqual({ error: 'too_large', reason: 'the request entity is too large' });
    expect(growth).toBeLessThan(16 * 1024 * 1024);
  });

  it("refuses a device's body for another branch unread, and caps how far an allowed body may inflate", async () => {
    const other = await rawRequest(`${server.url}/branch-hm01/_bulk_docs`, 'POST', { authorization: basic(hm02), 'content-type': 'application/json', 'content-encoding': 'gzip' }, bomb);
    expect(other.status).toBe(403);
    let own = { status: 0, text: '' };
    const growth = await peakBufferGrowth(async () => {
      own = await rawRequest(`${server.url}/branch-hm01/_bulk_docs`, 'POST', { authorization: basic(hm01), 'content-type': 'application/json', 'content-encoding': 'gzip' }, bomb);
    });
    expect(own.status).toBe(413);
    // At most the inflation allowance of a ~250 KB body, not its 256 MB expansion.
    expect(growth).toBeLessThan(96 * 1024 * 1024);
    // Real bodies still go through gzipped.
    const docs = Array.from({ length: 50 }, (_, i) => customer(`customer:G${i}`));
    const { gzipSync } = await import('node:zlib');
    const ok = await rawRequest(`${server.url}/branch-hm01/_bulk_docs`, 'POST', { authorization: basic(hm01), 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(JSON.stringify({ docs })));
    expect(ok.status).toBe(201);
    // A small bomb (inflated on the request's own thread, not zlib's pool) meets the same cap: 16 MB of zeros is
    // ~16 KB gzipped, allowed 1 MB + 200 × 16 KB.
    const { deflateSync } = await import('node:zlib');
    const small = gzipSync(new Uint8Array(16 * 1024 * 1024), { level: 9 });
    expect(small.length).toBeLessThan(32 * 1024);
    const smallBomb = await rawRequest(`${server.url}/branch-hm01/_bulk_docs`, 'POST', { authorization: basic(hm01), 'content-type': 'application/json', 'content-encoding': 'gzip' }, small);
    expect(smallBomb.status).toBe(413);
    expect(JSON.parse(smallBomb.text)).toEqual({ error: 'too_large', reason: 'the request entity is too large' });
    // deflate bodies too, and the documents arrive whole.
    const more = Array.from({ length: 5 }, (_, i) => customer(`customer:D${i}`));
    const deflated = await rawRequest(`${server.url}/branch-hm01/_bulk_docs`, 'POST', { authorization: basic(hm01), 'content-type': 'application/json', 'content-encoding': 'deflate' }, deflateSync(JSON.stringify({ docs: more })));
    expect(deflated.status).toBe(201);
    expect((JSON.parse(deflated.text) as { id: string; ok?: boolean }[]).map((r) => [r.id, r.ok])).toEqual(more.map((d) => [d._id, true]));
  });
});

describe('medium: the smaller holes', () => {
  it('refuses DNS rebinding: a Host that is not an IP literal, localhost or a configured name', async () => {
    const port = new URL(server.url).port;
    // fetch() will not send a forged Host; a raw request does, as the rebinding browser would.
    const rebound = await rawRequest(`${server.url}/_up`, 'GET', { host: 'evil.example' });
    expect(rebound.status).toBe(400);
    expect(JSON.parse(rebound.text).error).toBe('bad_request');
    expect((await rawRequest(`${server.url}/branch-hm01`, 'GET', { host: `evil.example:${port}`, authorization: basic(hm01) })).status).toBe(400);
    expect((await rawRequest(`${server.url}/_up`, 'GET', { host: `localhost:${port}` })).status).toBe(200);
    const named = await startTestServer({ allowedHosts: ['sync.bank.example'] });
    try {
      expect((await rawRequest(`${named.url}/_up`, 'GET', { host: 'sync.bank.example' })).status).toBe(200);
      expect((await rawRequest(`${named.url}/_up`, 'GET', { host: 'evil.example' })).status).toBe(400);
    } finally {
      await named.stop();
    }
  });

  it('keeps anonymous callers and devices out of _users, its _local documents included', async () => {
    expect((await server.req('PUT', '/_users/_local/planted', { body: { x: 1 }, auth: null })).status).toBe(401);
    expect((await server.req('POST', '/_users/_bulk_docs', { body: { docs: [{ _id: '_local/planted', x: 1 }] }, auth: null })).status).toBe(401);
    expect((await server.req('PUT', '/_users/_local/planted', { body: { x: 1 } })).status).toBe(201);
    expect((await server.req('GET', '/_users/_local/planted', { auth: null })).status).toBe(401);
    expect((await server.req('GET', '/_users/_local/planted', { auth: hm01 })).status).toBe(403);
    expect((await server.req('PUT', '/_users/_local/planted', { body: { x: 2 }, auth: hm01 })).status).toBe(403);
    expect((await server.req('POST', '/_users/_bulk_docs', { body: { docs: [{ _id: '_local/other', x: 1 }] }, auth: hm01 })).json[0].error).toBe('forbidden');
    expect((await server.req('GET', `/_users/org.couchdb.user:${hm01.name}`, { auth: null })).status).toBe(401);
  });

  it('does not let a device choose its own PBKDF2 cost, and never verifies beyond the bound', async () => {
    const own = (await server.req('GET', `/_users/org.couchdb.user:${hm01.name}`, { auth: hm01 })).json;
    // 10 million iterations made every wrong guess at this user cost head office 13 s of CPU.
    const costly = { ...own, iterations: 10_000_000, salt: 'a'.repeat(32), derived_key: 'b'.repeat(64) };
    const put = await server.req('PUT', `/_users/org.couchdb.user:${hm01.name}`, { body: costly, auth: hm01 });
    expect(put.status).toBe(403);
    expect((await server.req('PUT', `/_users/org.couchdb.user:${hm01.name}`, { body: costly })).json.reason).toBe('Iteration count is too high for this server');
    // Sending a new password is the way to change it, at the server's own cost.
    const changed = await server.req('PUT', `/_users/org.couchdb.user:${hm01.name}`, { body: { ...own, password: 'device-password-01b' }, auth: hm01 });
    expect(changed.status).toBe(201);
    const after = (await server.req('GET', `/_users/org.couchdb.user:${hm01.name}`)).json;
    expect(after.iterations).toBe(1000);
    hm01.password = 'device-password-01b';
    // A user document that already holds too many iterations (written straight into storage) is refused at once, unhashed.
    await server.databases.require('_users').store.put({ ...after, _rev: after._rev, iterations: 10_000_000 });
    const started = Date.now();
    const guess = await server.req('GET', '/branch-hm01', { auth: { name: hm01.name, password: 'guess' } });
    expect(guess.status).toBe(403);
    expect(guess.json.reason).toBe('Iteration count is too high for this server');
    expect(Date.now() - started).toBeLessThan(2000);
    await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: hm01.name, password: hm01.password });
  });

  it('serves an uploaded text/html attachment as a sandboxed download, while replication keeps its content_type', async () => {
    const html = Buffer.from('<script>fetch("/_session")</script>');
    const put = await server.req('PUT', '/branch-hm01/customer:H1', {
      body: { ...customer('customer:H1'), _attachments: { 'id.html': { content_type: 'text/html', data: html.toString('base64') } } },
      auth: hm01,
    });
    expect(put.status).toBe(201);
    const res = await fetch(`${server.url}/branch-hm01/customer:H1/id.html`, { headers: { authorization: basic(hm01) } });
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe('attachment');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(Buffer.from(await res.arrayBuffer()).equals(html)).toBe(true);
    // The document still says what the uploader said, which is what PouchDB's replicator copies.
    const stub = (await server.req('GET', '/branch-hm01/customer:H1', { auth: hm01 })).json._attachments['id.html'];
    expect(stub.content_type).toBe('text/html');
    const png = await server.req('PUT', `/branch-hm01/customer:H1/scan.png?rev=${put.json.rev}`, { raw: Buffer.from([0x89, 0x50, 0x4e, 0x47]), headers: { 'content-type': 'image/png' }, auth: hm01 });
    expect(png.status).toBe(201);
    const img = await fetch(`${server.url}/branch-hm01/customer:H1/scan.png`, { headers: { authorization: basic(hm01) } });
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('content-disposition')).toBeNull();
  });

  it('answers deep nesting with 400 and non-string _all_docs keys as CouchDB does, never 500', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const doc = await server.req('PUT', '/branch-hm01/customer:D1', { raw: `{"type":"customer","x":${deep}}`, headers: { 'content-type': 'application/json' }, auth: hm01 });
    expect(doc.status).toBe(400);
    expect(doc.json).toEqual({ error: 'bad_request', reason: 'JSON nested deeper than 512 levels' });
    const bulk = await server.req('POST', '/branch-hm01/_bulk_docs', { raw: `{"docs":[{"x":${deep}}]}`, headers: { 'content-type': 'application/json' }, auth: hm01 });
    expect(bulk.status).toBe(400);
    const q = await server.req('GET', `/branch-hm01/_all_docs?startkey=${encodeURIComponent('['.repeat(600) + ']'.repeat(600))}`, { auth: hm01 });
    expect(q.status).toBe(400);
    // CouchDB orders every non-string before all ids: an object key finds nothing, as a key list entry it is not_found.
    const key = await server.req('GET', `/branch-hm01/_all_docs?key=${encodeURIComponent('{"a":1}')}`, { auth: hm01 });
    expect(key.status).toBe(200);
    expect(key.json.rows).toEqual([]);
    const keys = await server.req('POST', '/branch-hm01/_all_docs', { body: { keys: [1, { a: 1 }, 'customer:R1'] }, auth: hm01 });
    expect(keys.status).toBe(200);
    expect(keys.json.rows.map((r: { key: unknown; error?: string; id?: string }) => [r.key, r.error ?? r.id])).toEqual([
      [1, 'not_found'],
      [{ a: 1 }, 'not_found'],
      ['customer:R1', 'customer:R1'],
    ]);
    const limited = await server.req('POST', '/branch-hm01/_all_docs', { body: { keys: [1, 2], limit: 1 }, auth: hm01 });
    expect(limited.json.rows).toHaveLength(1);
    expect((await server.req('GET', `/branch-hm01/_all_docs?endkey=${encodeURIComponent('[1]')}`, { auth: hm01 })).json.rows).toEqual([]);
  });

  it('fails a replicated write with a malformed _revisions as CouchDB does, instead of answering [] and storing nothing', async () => {
    const bad = await server.req('POST', '/branch-hm01/_bulk_docs', {
      body: { new_edits: false, docs: [{ ...customer('customer:V1'), _rev: '1-abc', _revisions: { start: 1, ids: 'abc' } }] },
      auth: hm01,
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: 'doc_validation', reason: "_revisions.ids isn't a array." });
    const tree = await server.req('POST', '/branch-hm01/_bulk_docs', {
      body: { new_edits: false, docs: [{ ...customer('customer:V2'), _revisions: { start: 1, ids: ['b', 'a'] } }] },
      auth: hm01,
    });
    expect(tree.status).toBe(400);
    expect((await server.req('POST', '/branch-hm01/_bulk_docs', { body: { new_edits: false, docs: [customer('customer:V3')] }, auth: hm01 })).json.reason).toMatch(/needs `_rev` or `_revisions`/);
    // A well-formed replicated write is stored with exactly the history it brought.
    const good = await server.req('POST', '/branch-hm01/_bulk_docs', {
      body: { new_edits: false, docs: [{ ...customer('customer:V4'), _rev: '2-b', _revisions: { start: 2, ids: ['b', 'a'] } }] },
      auth: hm01,
    });
    expect(good.json).toEqual([]);
    expect((await server.req('GET', '/branch-hm01/customer:V4?revs=true', { auth: hm01 })).json._revisions).toEqual({ start: 2, ids: ['b', 'a'] });
  });

  it('spends the same hashing work on an unknown name as on a wrong password, so timing tells nothing', async () => {
    const slow = await startTestServer({ pbkdf2Iterations: 200_000 });
    try {
      await provisionBranch({ url: slow.url, admin: TEST_ADMIN, branchCode: 'HM09', deviceUser: 'hm09-desk-1', password: 'device-password-09' });
      // CPU time of this process (the server runs in it; hashing is on libuv's threads, counted too), not wall time:
      // on a loaded machine the wall clock measures the wait for a core.
      const time = async (name: string, i: number) => {
        const before = process.cpuUsage();
        const res = await slow.req('GET', '/_session', { auth: { name, password: `wrong-${i}` } });
        expect(res.status).toBe(401);
        const used = process.cpuUsage(before);
        return used.user + used.system;
      };
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 3; i++) {
        known.push(await time('hm09-desk-1', i));
        unknown.push(await time(`nobody-${i}`, i));
      }
      // Before: ~1 ms for an unknown name against a full hash for a real one.
      expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
    } finally {
      await slow.stop();
    }
  });
});
