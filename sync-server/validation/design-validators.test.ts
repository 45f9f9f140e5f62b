import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_CLUSTER, ON_COUCHDB, startTestServer, TEST_ADMIN } from '../test-support';
import type { TestServer } from '../test-support';

// Runs on our server and, in `npm run test:couchdb`, on Apache CouchDB: a posted validate_doc_update behaves the same.
let server: TestServer;
const keeper = { name: 'vdu-db-admin', password: 'vdu-db-admin-password' };
const VDU = `function (newDoc, oldDoc, userCtx, secObj) {
  if (newDoc.bad) throw({ forbidden: 'bad doc ' + newDoc._id });
  if (newDoc.who) throw({ unauthorized: 'not you, ' + userCtx.name + ' in ' + userCtx.db });
  if (oldDoc && oldDoc.frozen && !newDoc.frozen) throw({ forbidden: 'frozen' });
  if (newDoc.admins && secObj.admins.names.indexOf(newDoc.admins) === -1) throw({ forbidden: 'no such admin' });
}`;

beforeAll(async () => {
  server = await startTestServer();
  expect((await server.req('PUT', '/vdu')).status).toBe(201);
  await server.req('PUT', `/_users/org.couchdb.user:${keeper.name}`, { body: { _id: `org.couchdb.user:${keeper.name}`, name: keeper.name, type: 'user', roles: [], password: keeper.password } });
  await server.req('PUT', '/vdu/_security', { body: { admins: { names: [keeper.name], roles: [] }, members: { names: [], roles: [] } } });
  expect((await server.req('PUT', '/vdu/_design/check', { body: { validate_doc_update: VDU } })).status).toBe(201);
});
afterAll(() => server.stop());

describe('validate_doc_update design documents (as Apache CouchDB runs them)', () => {
  it('refuse with 403 forbidden or 401 unauthorized and the function\'s own reason, given the user, database and security object', async () => {
    expect((await server.req('PUT', '/vdu/ok1', { body: { a: 1 } })).status).toBe(201);
    const bad = await server.req('PUT', '/vdu/b1', { body: { bad: true } });
    expect([bad.status, bad.json]).toEqual([403, { error: 'forbidden', reason: 'bad doc b1' }]);
    const who = await server.req('PUT', '/vdu/w1', { body: { who: true } });
    expect([who.status, who.json]).toEqual([401, { error: 'unauthorized', reason: `not you, ${TEST_ADMIN.name} in vdu` }]);
    expect((await server.req('PUT', '/vdu/s1', { body: { admins: keeper.name } })).status).toBe(201);
    expect((await server.req('PUT', '/vdu/s2', { body: { admins: 'nobody' } })).json.reason).toBe('no such admin');
  });

  it('see the revision a write replaces as oldDoc', async () => {
    const first = await server.req('PUT', '/vdu/f1', { body: { frozen: true } });
    const thaw = await server.req('PUT', '/vdu/f1', { body: { _rev: first.json.rev, frozen: false } });
    expect([thaw.status, thaw.json.reason]).toEqual([403, 'frozen']);
  });

  it('refuse documents one by one inside _bulk_docs, replicated or not, and write the others', async () => {
    const bulk = await server.req('POST', '/vdu/_bulk_docs', { body: { docs: [{ _id: 'k1' }, { _id: 'k2', bad: true }] } });
    expect(bulk.json[0]).toMatchObject({ ok: true, id: 'k1' });
    expect(bulk.json[1]).toEqual({ id: 'k2', error: 'forbidden', reason: 'bad doc k2' });
    const replicated = await server.req('POST', '/vdu/_bulk_docs', { body: { new_edits: false, docs: [{ _id: 'r1', _rev: '1-a' }, { _id: 'r2', _rev: '1-b', bad: true }] } });
    expect(replicated.json).toEqual([{ id: 'r2', rev: '1-b', error: 'forbidden', reason: 'bad doc r2' }]);
    expect((await server.req('GET', '/vdu/r1')).status).toBe(200);
    expect((await server.req('GET', '/vdu/r2')).status).toBe(404);
  });

  it('take effect when their design document changes or goes', async () => {
    const ddoc = await server.req('GET', '/vdu/_design/check');
    const loose = VDU.replace("throw({ forbidden: 'bad doc ' + newDoc._id })", "throw({ forbidden: 'still bad' })");
    const changed = await server.req('PUT', '/vdu/_design/check', { body: { _rev: ddoc.json._rev, validate_doc_update: loose } });
    expect(changed.status).toBe(201);
    // Each node of a CouchDB cluster caches design documents and hears of a change a moment later, so a write right
    // after it may still meet the old function there: on the cluster a bad write is tried again (a fresh id each
    // time) until the new one answers. Ours and a single node must answer the new one at once.
    const badWrite = async (id: string, answered: (r: { status: number; json: { reason?: string } }) => boolean) => {
      const end = Date.now() + 20_000;
      for (let i = 0; ; i++) {
        const res = await server.req('PUT', `/vdu/${id}${i ? `-${i}` : ''}`, { body: { bad: true } });
        if (!ON_CLUSTER || answered(res) || Date.now() > end) return res;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    expect((await badWrite('b2', (r) => r.json.reason === 'still bad')).json.reason).toBe('still bad');
    expect((await server.req('DELETE', `/vdu/_design/check?rev=${changed.json.rev}`)).status).toBe(200);
    expect((await badWrite('b3', (r) => r.status === 201)).status).toBe(201);
    expect((await server.req('PUT', '/vdu/_design/check', { body: { validate_doc_update: VDU } })).status).toBe(201);
    expect((await badWrite('b4', (r) => r.status === 403)).status).toBe(403);
  });

  // A documented difference: our server runs the functions inside its own process (CouchDB: a couchjs process), so
  // only a server admin may store one — a database admin (e.g. a head-office device in `reference`) may not.
  it.skipIf(ON_COUCHDB)('are stored only by a server admin on our server; a function that never ends is stopped', async () => {
    const byDbAdmin = await server.req('PUT', '/vdu/_design/mine', { body: { validate_doc_update: 'function () {}' }, auth: keeper });
    expect([byDbAdmin.status, byDbAdmin.json.error]).toEqual([403, 'forbidden']);
    expect(byDbAdmin.json.reason).toMatch(/只有服务器管理员/);
    expect((await server.req('PUT', '/vdu/_design/views', { body: { views: {} }, auth: keeper })).status).toBe(201);
    expect((await server.req('PUT', '/vdu/_design/loop', { body: { validate_doc_update: 'function (d) { if (d.loop) for (;;) {} }' } })).status).toBe(201);
    const looped = await server.req('PUT', '/vdu/l1', { body: { loop: true } });
    expect(looped.status).toBe(500);
    expect((await server.req('PUT', '/vdu/l2', { body: {} })).status).toBe(201);
  });
});
