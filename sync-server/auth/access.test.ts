import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionBranch } from '../provision';
import { ON_COUCHDB, startTestServer, TEST_ADMIN } from '../test-support';
import type { TestServer } from '../test-support';
import { readCookie } from './cookie';

let server: TestServer;
const hm01 = { name: 'hm01-teller-pc', password: 'device-password-01' };
const hm02 = { name: 'hm02-teller-pc', password: 'device-password-02' };
const customer = (id: string) => ({ type: 'customer', kind: 'individual', name: '张三', phone: '13800000000', address: '侯马市', _id: id });

beforeAll(async () => {
  server = await startTestServer();
  for (const [code, who] of [['HM01', hm01], ['HM02', hm02]] as const) {
    await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: code, deviceUser: who.name, password: who.password });
  }
  // Provisioning twice converges instead of failing.
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: hm01.name, password: hm01.password });
  await server.req('PUT', '/reference/product:farmer', { body: { type: 'product', name: '富农贷' } });
});

afterAll(() => server.stop());

describe('who may do what (CouchDB rules)', () => {
  it('lets a device read and write its own branch only', async () => {
    expect((await server.req('GET', '/branch-hm01', { auth: hm01 })).status).toBe(200);
    expect((await server.req('PUT', '/branch-hm01/customer:A1', { body: customer('customer:A1'), auth: hm01 })).status).toBe(201);
    expect((await server.req('GET', '/branch-hm01/customer:A1', { auth: hm01 })).status).toBe(200);
    expect((await server.req('GET', '/branch-hm01/_changes', { auth: hm01 })).status).toBe(200);

    const other = await server.req('GET', '/branch-hm02', { auth: hm01 });
    expect(other.status).toBe(403);
    expect(other.json).toEqual({ error: 'forbidden', reason: 'You are not allowed to access this db.' });
    expect((await server.req('PUT', '/branch-hm02/customer:A2', { body: customer('customer:A2'), auth: hm01 })).status).toBe(403);
    expect((await server.req('POST', '/branch-hm02/_bulk_docs', { body: { docs: [customer('customer:A3')] }, auth: hm01 })).status).toBe(403);
    expect((await server.req('GET', '/branch-hm02/_changes', { auth: hm01 })).status).toBe(403);
    expect((await server.req('GET', '/branch-hm01', { auth: hm02 })).status).toBe(403);
  });

  it('answers 401 to anonymous callers and to wrong passwords', async () => {
    const anon = await server.req('GET', '/branch-hm01', { auth: null });
    expect(anon.status).toBe(401);
    expect(anon.json.error).toBe('unauthorized');
    expect((await server.req('GET', '/reference', { auth: null })).status).toBe(401);
    const wrong = await server.req('GET', '/branch-hm01', { auth: { name: hm01.name, password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.json.reason).toBe('Name or password is incorrect.');
  });

  it('makes reference readable by every branch and writable by admins only', async () => {
    expect((await server.req('GET', '/reference/product:farmer', { auth: hm02 })).json.name).toBe('富农贷');
    const put = await server.req('PUT', '/reference/product:x', { body: { type: 'product' }, auth: hm01 });
    expect(put.status).toBe(403);
    expect(put.json.error).toBe('forbidden');
    expect(put.json.reason).toMatch(/read-only/);
    const bulk = await server.req('POST', '/reference/_bulk_docs', { body: { docs: [{ _id: 'p2', type: 'product' }], new_edits: true }, auth: hm01 });
    expect(bulk.status).toBe(201);
    expect(bulk.json[0].error).toBe('forbidden');
    // Replicated writes are checked too.
    const replicated = await server.req('POST', '/reference/_bulk_docs', {
      body: { docs: [{ _id: 'p3', _rev: '1-abc', type: 'product' }], new_edits: false },
      auth: hm01,
    });
    expect(replicated.json).toEqual([{ id: 'p3', rev: '1-abc', error: 'forbidden', reason: expect.stringMatching(/read-only/) }]);
    expect((await server.req('GET', '/reference/p3')).status).toBe(404);
    // Checkpoints are _local documents and are allowed, or a branch could never resume pulling reference.
    expect((await server.req('PUT', '/reference/_local/checkpoint-1', { body: { last_seq: 3 }, auth: hm01 })).status).toBe(201);
  });

  it('keeps design documents and _security for admins', async () => {
    // A member who said who they are is forbidden (403), as Apache CouchDB 3.4 answers — not asked to log in (401).
    const ddoc = await server.req('PUT', '/branch-hm01/_design/evil', { body: { validate_doc_update: 'function(){}' }, auth: hm01 });
    expect(ddoc.status).toBe(403);
    expect(ddoc.json).toEqual({ error: 'forbidden', reason: 'You are not a db or server admin.' });
    const bulkDdoc = await server.req('POST', '/branch-hm01/_bulk_docs', { body: { docs: [{ _id: '_design/evil' }] }, auth: hm01 });
    expect(bulkDdoc.json).toEqual([{ id: '_design/evil', error: 'forbidden', reason: 'You are not a db or server admin.' }]);
    expect((await server.req('GET', '/branch-hm01/_design/evil')).status).toBe(404);
    // Refused either way; Apache CouchDB 3.4's clustered layer reports its shards' refusals as 500 "no_majority".
    const security = await server.req('PUT', '/branch-hm01/_security', { body: { members: { roles: [] } }, auth: hm01 });
    if (ON_COUCHDB) expect(security.json.error).toMatch(/^(forbidden|error)$/);
    else expect(security.json).toEqual({ error: 'forbidden', reason: 'You are not a db or server admin.' });
    expect((await server.req('GET', '/branch-hm01/_security', { auth: hm01 })).json.members.roles).toEqual(['branch-hm01', 'head-office', 'feed-publisher', 'staff-signer']);
    // Server-admin endpoints answer 401 to everybody else, logged in or not, as CouchDB does.
    const notServerAdmin = { error: 'unauthorized', reason: 'You are not a server admin.' };
    expect(await server.req('PUT', '/branch-hm03', { auth: hm01 })).toMatchObject({ status: 401, json: notServerAdmin });
    expect(await server.req('GET', '/_all_dbs', { auth: hm01 })).toMatchObject({ status: 401, json: notServerAdmin });
    expect(await server.req('DELETE', '/branch-hm01', { auth: hm01 })).toMatchObject({ status: 401, json: notServerAdmin });
    // Apache CouchDB also lists its `_replicator` (ours has no replicator: branches replicate themselves).
    expect((await server.req('GET', '/_all_dbs')).json.filter((db: string) => db !== '_replicator')).toEqual(['_users', 'branch-hm01', 'branch-hm02', 'reference', 'updates']);
  });

  it('refuses documents that break their type schema, or have an unknown type, with 403 and a reason', async () => {
    const bad = await server.req('PUT', '/branch-hm01/customer:B1', { body: { ...customer('customer:B1'), name: '' }, auth: hm01 });
    expect(bad.status).toBe(403);
    expect(bad.json.error).toBe('forbidden');
    expect(bad.json.reason).toMatch(/字段 name/);
    const unknown = await server.req('PUT', '/branch-hm01/thing:1', { body: { type: 'spaceship' }, auth: hm01 });
    expect(unknown.status).toBe(403);
    expect(unknown.json.reason).toMatch(/spaceship/);
    const untyped = await server.req('PUT', '/branch-hm01/thing:2', { body: { a: 1 }, auth: hm01 });
    expect(untyped.status).toBe(403);
    const entry = {
      type: 'audit', device: 'HM01-A', seq: 1, at: '2026-01-02T03:04:05Z', actor: 'T001', action: 'customer.create', entity: 'customer:A1',
      prevHash: '0'.repeat(64), hash: 'a'.repeat(64),
    };
    const audit = await server.req('PUT', '/branch-hm01/audit:HM01-A:0000000001', { body: entry, auth: hm01 });
    expect(audit.status).toBe(201);
    const badTime = await server.req('PUT', '/branch-hm01/audit:HM01-A:0000000002', { body: { ...entry, seq: 2, at: '2026-01-02 03:04' }, auth: hm01 });
    expect(badTime.status).toBe(403);
    // Even the admin is held to the schema, as validate_doc_update holds everyone.
    expect((await server.req('PUT', '/branch-hm01/thing:3', { body: { type: 'spaceship' } })).status).toBe(403);
    // A deletion carries no type and is allowed.
    const rev = (await server.req('GET', '/branch-hm01/customer:A1', { auth: hm01 })).json._rev;
    expect((await server.req('DELETE', `/branch-hm01/customer:A1?rev=${rev}`, { auth: hm01 })).status).toBe(200);
  });

  // A thief with HM01's device credential may write into branch-hm01 only; a document there that says it is HM02's
  // (a customer, an application head office would count as HM02's, a risk action on HM02's event) is refused.
  it('refuses a document naming another branch than the database it is written to, however it is written', async () => {
    const otherBranch = /文档所属支行与数据库不符/;
    const put = await server.req('PUT', '/branch-hm01/customer:C1', { body: { ...customer('customer:C1'), branch: 'HM02' }, auth: hm01 });
    expect(put.status).toBe(403);
    expect(put.json).toEqual({ error: 'forbidden', reason: expect.stringMatching(otherBranch) });
    const app = {
      _id: 'loanapp:01J0000000000000000000000C', type: 'loanapp', branch: 'HM02', customerId: 'customer:C1', productCode: 'farmer', state: 'draft',
      requestedAmountFen: 5_000_000, termMonths: 12, steps: [], createdAt: '2026-01-02T03:04:05Z', createdBy: 'M001', updatedAt: '2026-01-02T03:04:05Z',
    };
    const bulk = await server.req('POST', '/branch-hm01/_bulk_docs', { body: { docs: [app] }, auth: hm01 });
    expect(bulk.json).toEqual([{ id: app._id, error: 'forbidden', reason: expect.stringMatching(otherBranch) }]);
    const replicated = await server.req('POST', '/branch-hm01/_bulk_docs', { body: { new_edits: false, docs: [{ ...app, _rev: '1-abc' }] }, auth: hm01 });
    expect(replicated.json).toEqual([{ id: app._id, rev: '1-abc', error: 'forbidden', reason: expect.stringMatching(otherBranch) }]);
    // Case matters: the code is the database's, upper-case.
    expect((await server.req('PUT', '/branch-hm01/customer:C2', { body: { ...customer('customer:C2'), branch: 'hm01' }, auth: hm01 })).status).toBe(403);
    expect((await server.req('GET', `/branch-hm01/${encodeURIComponent(app._id)}`)).status).toBe(404);
    // Its own branch, or no branch at all, is written as before.
    expect((await server.req('PUT', '/branch-hm01/customer:C3', { body: { ...customer('customer:C3'), branch: 'HM01' }, auth: hm01 })).status).toBe(201);
    expect((await server.req('PUT', `/branch-hm01/${encodeURIComponent(app._id)}`, { body: { ...app, branch: 'HM01' }, auth: hm01 })).status).toBe(201);
  });
});

describe('users and sessions', () => {
  it('stores PBKDF2 hashes, never the password, and hides other users', async () => {
    const doc = (await server.req('GET', `/_users/org.couchdb.user:${hm01.name}`)).json;
    expect(doc.password).toBeUndefined();
    expect(doc).toMatchObject({ password_scheme: 'pbkdf2', pbkdf2_prf: 'sha256', roles: ['branch', 'branch-hm01'] });
    expect(doc.derived_key).toMatch(/^[0-9a-f]{64}$/);
    // A documented difference: Apache CouchDB 3 makes `_users` admin-only (default_security = admin_only, not
    // editable), so there a device cannot read its own user document; ours lets it (device enrolment needs it).
    const own = await server.req('GET', `/_users/org.couchdb.user:${hm01.name}`, { auth: hm01 });
    if (ON_COUCHDB) expect(own.json).toEqual({ error: 'forbidden', reason: 'You are not allowed to access this db.' });
    else expect(own.status).toBe(200);
    expect((await server.req('GET', `/_users/org.couchdb.user:${hm02.name}`, { auth: hm01 })).status).toBe(403);
    expect((await server.req('GET', '/_users/_all_docs', { auth: hm01 })).json).toEqual({ error: 'unauthorized', reason: 'You are not a server admin.' });
    expect((await server.req('GET', '/_users/_changes', { auth: hm01 })).status).toBe(401);
    // A device cannot give itself more roles.
    const promote = await server.req('PUT', `/_users/org.couchdb.user:${hm01.name}`, {
      body: { ...doc, roles: ['branch', 'branch-hm01', 'branch-hm02'] },
      auth: hm01,
    });
    expect(promote.status).toBe(403);
    const anonSignup = await server.req('PUT', '/_users/org.couchdb.user:mallory', { body: { name: 'mallory', type: 'user', roles: [], password: 'x' }, auth: null });
    expect(anonSignup.status).toBe(401);
    expect(anonSignup.json).toEqual({ error: 'unauthorized', reason: 'You are not authorized to access this db.' });
    expect((await server.req('GET', '/_users/org.couchdb.user:mallory')).status).toBe(404);
  });

  it('logs in with POST /_session and then works with the AuthSession cookie alone', async () => {
    const login = await server.req('POST', '/_session', { body: { name: hm01.name, password: hm01.password }, auth: null });
    expect(login.status).toBe(200);
    expect(login.json).toEqual({ ok: true, name: hm01.name, roles: ['branch', 'branch-hm01'] });
    const token = readCookie(login.headers.get('set-cookie') ?? '', 'AuthSession');
    expect(token).toBeTruthy();
    const cookie = { cookie: `AuthSession=${token}` };
    const session = await server.req('GET', '/_session', { auth: null, headers: cookie });
    expect(session.json.userCtx).toEqual({ name: hm01.name, roles: ['branch', 'branch-hm01'] });
    expect(session.json.info.authenticated).toBe('cookie');
    expect((await server.req('GET', '/branch-hm01', { auth: null, headers: cookie })).status).toBe(200);
    expect((await server.req('GET', '/branch-hm02', { auth: null, headers: cookie })).status).toBe(403);
    const forged = `AuthSession=${Buffer.from(`${hm02.name}:FFFFFFF:xxxx`).toString('base64url')}`;
    expect((await server.req('GET', '/branch-hm02', { auth: null, headers: { cookie: forged } })).status).toBe(401);
    const wrong = await server.req('POST', '/_session', { body: { name: hm01.name, password: 'bad' }, auth: null });
    expect(wrong.status).toBe(401);
    const form = await server.req('POST', '/_session', {
      raw: `name=${hm02.name}&password=${hm02.password}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      auth: null,
    });
    expect(form.status).toBe(200);
  });

  it('ends sessions when the password changes', async () => {
    const login = await server.req('POST', '/_session', { body: { name: hm02.name, password: hm02.password }, auth: null });
    const cookie = { cookie: `AuthSession=${readCookie(login.headers.get('set-cookie') ?? '', 'AuthSession')}` };
    expect((await server.req('GET', '/branch-hm02', { auth: null, headers: cookie })).status).toBe(200);
    await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM02', deviceUser: hm02.name, password: 'a-new-password-02' });
    // Ours refuses the old cookie at once. Apache CouchDB signs the cookie with the user's salt too, but reads the
    // user through its auth cache, which follows `_users` asynchronously: the old cookie may work a moment longer.
    const deadline = Date.now() + 10_000;
    const statusWithOldCookie = async () => (await server.req('GET', '/branch-hm02', { auth: null, headers: cookie })).status;
    let status = await statusWithOldCookie();
    while (status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = await statusWithOldCookie();
    }
    expect(status).toBe(401);
    if (!ON_COUCHDB) expect(Date.now()).toBeLessThan(deadline - 9_000);
    expect((await server.req('GET', '/branch-hm02', { auth: { name: hm02.name, password: 'a-new-password-02' } })).status).toBe(200);
  });

  it('reads the Authorization header as Apache CouchDB 3.4 does', async () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const asWho = async (authorization: string, cookie?: string) => {
      const res = await server.req('GET', '/_session', { auth: null, headers: { authorization, ...(cookie ? { cookie } : {}) } });
      return { status: res.status, name: res.json.userCtx?.name ?? null, json: res.json };
    };
    // A password may hold colons: only the first colon separates the name.
    const hm03 = { name: 'hm03-teller-pc', password: 'pa:ss:word-03' };
    await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM03', deviceUser: hm03.name, password: hm03.password });
    expect((await server.req('GET', '/branch-hm03', { auth: hm03 })).status).toBe(200);
    expect((await asWho(`Basic ${b64(`${hm03.name}:${hm03.password}`)}`)).name).toBe(hm03.name);
    const login = await server.req('POST', '/_session', { body: hm03, auth: null });
    expect(login.json).toMatchObject({ ok: true, name: hm03.name });

    // What is not CouchDB's "Basic <base64 of name:password>" is no credential at all: the caller is anonymous
    // (PouchDB's test harness sends "Basic: <b64>", with a stray colon, and expects exactly that).
    const creds = b64(`${hm01.name}:${hm01.password}`);
    for (const header of [`Basic: ${creds}`, `basic ${creds}`, 'Bearer abc', 'Basic', `Basic ${b64('no-colon')}`, `Basic ${b64('_:_')}`]) {
      const who = await asWho(header);
      expect({ header, status: who.status, name: who.name }).toEqual({ header, status: 200, name: null });
      const db = await server.req('GET', '/branch-hm01', { auth: null, headers: { authorization: header } });
      expect({ header, status: db.status, error: db.json.error }).toEqual({ header, status: 401, error: 'unauthorized' });
    }
    expect((await asWho(`Basic  ${creds}`)).name).toBe(hm01.name);
    const unpadded = await asWho(`Basic ${b64('hm01:xy').replace(/=+$/, '')}`); // 'aG0wMTp4eQ' without its '=='
    expect(unpadded.status).toBe(400);
    expect(unpadded.json).toEqual({ error: 'bad_request', reason: 'Authorization header has invalid base64 value' });

    // A valid AuthSession cookie is read first; the header is then not looked at.
    const cookie = `AuthSession=${readCookie(login.headers.get('set-cookie') ?? '', 'AuthSession')}`;
    expect((await asWho(`Basic ${b64(`${hm01.name}:wrong`)}`, cookie)).name).toBe(hm03.name);
    expect((await asWho(`Basic ${b64(`${hm01.name}:wrong`)}`)).status).toBe(401);
  });
});
