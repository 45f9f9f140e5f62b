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
function rawRequest(url: string, method: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
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
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
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
  });
});
