/**
 * The attack scripts of issue #10 (items 1, 2, 6 and the disbursement), run as an attacker with a branch PC would:
 * the device credential against head office's CouchDB API, a LAN client against the branch host. Each one worked
 * before the fix (201 / 200); each must now be refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../trust/password';
import { provisionBranch } from '../../sync-server/provision';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../sync-server/test-support';
import { createTestCore, TEST_PASSWORD } from '../../main/core/testing/test-core';
import { startBranchHost, type BranchHost } from '../../main/host/branch-host';
import { postHost } from '../../main/host/testing/host-api';

const device = { name: 'hm01-desk-01', password: 'device-password-01' };
let server: TestServer;
let t: Awaited<ReturnType<typeof createTestCore>>;
let host: BranchHost;

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
  t = await createTestCore();
  host = await startBranchHost({ core: t.core });
});
afterAll(async () => {
  await host.close();
  await t.dispose();
  await server.stop();
});

const api = (method: string, args: unknown, token?: string) => postHost<{ token: string }>(host.url, method, args, token);

describe('item 1: staff cannot be forged through sync', () => {
  it('PUT /branch-hm01/staff:X999 with powerful roles and a hash the attacker computed → 403, and X999 never logs in', async () => {
    const forged = {
      type: 'staff', staffNo: 'X999', name: '伪造', roles: ['branch-head', 'it-admin', 'risk-officer'], branch: 'HM01', active: true,
      passwordHash: await hashPassword('attacker-2026'), mustChangePassword: false, version: 1, updatedAt: '2026-03-01T00:00:00Z', request: null,
    };
    const put = await server.req('PUT', '/branch-hm01/staff:X999', { body: forged, auth: device });
    expect(put.status).toBe(403);
    // The replicator's route is refused the same way.
    const replicated = await server.req('POST', '/branch-hm01/_bulk_docs', { body: { docs: [{ ...forged, _id: 'staff:X999', _rev: '1-abc' }], new_edits: false }, auth: device });
    expect(replicated.json[0]).toMatchObject({ error: 'forbidden' });
    // Stolen-PC variant: the document is already in the device's store. Login still ignores it.
    await t.putSigned([{ _id: 'staff:X999', ...forged }]);
    expect((await api('session.login', { staffNo: 'X999', password: 'attacker-2026' })).status).toBe(401);
  });

  it('overwriting staff:H001\'s password hash, or deleting it, with the device credential → 403', async () => {
    const signed = await t.issue({ staffNo: 'H001', roles: ['branch-head'] });
    expect((await server.req('PUT', '/branch-hm01/staff:H001', { body: signed })).status).toBe(201); // head office (admin) wrote it
    const current = (await server.req('GET', '/branch-hm01/staff:H001', { auth: device })).json;
    expect((await server.req('PUT', '/branch-hm01/staff:H001', { body: { ...current, passwordHash: await hashPassword('attacker-2026') }, auth: device })).status).toBe(403);
    expect((await server.req('DELETE', `/branch-hm01/staff:H001?rev=${current._rev}`, { auth: device })).status).toBe(403);
    expect((await api('session.login', { staffNo: 'H001', password: 'attacker-2026' })).status).toBe(401);
  });
});

describe('item 2: parallel guesses do not bypass the lock-out', () => {
  it('40 concurrent session.login for M001 from one LAN client, twice: at most 5 are checked, the rest refused before hashing', async () => {
    const wave = (n: number) => Promise.all(Array.from({ length: 40 }, (_, i) => api('session.login', { staffNo: 'M001', password: `guess-${n}-${i}` })));
    const statuses = [...(await wave(1)), ...(await wave(2))].map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(75);
    // The right password from that client is refused now (locked, and the address has used up its attempts)...
    expect((await api('session.login', { staffNo: 'M001', password: TEST_PASSWORD })).status).toBe(429);
    // ...but the customer manager at their own PC is not locked out.
    expect((await t.core.call({ method: 'session.login', args: { staffNo: 'M001', password: TEST_PASSWORD }, address: '10.0.0.21' })).ok).toBe(true);
  });
});

describe('item 6: staff.manage no longer grants any role', () => {
  it('IT cannot create a branch head / risk officer, and reads no customers', async () => {
    const it = (await api('session.login', { staffNo: 'A001', password: TEST_PASSWORD })).body.value!.token;
    const create = await api('staff.request', { kind: 'create', staffNo: 'X100', name: '越权', roles: ['branch-head', 'risk-officer'], newPassword: 'First-pass-1', password: TEST_PASSWORD }, it);
    expect(create.body.error?.key).toBe('staff.rule.requesterRole');
    expect((await api('staff.create', { staffNo: 'X100', name: 'x', roles: ['branch-head'], password: 'whatever-2026' }, it)).status).toBe(404);
    expect((await api('customers.search', { q: '1', limit: 5 }, it)).status).toBe(403);
  });

  it('a branch head cannot create an IT admin', async () => {
    const head = (await api('session.login', { staffNo: 'H001', password: TEST_PASSWORD })).body.value!.token;
    const create = await api('staff.request', { kind: 'create', staffNo: 'A100', name: '越权', roles: ['it-admin'], newPassword: 'First-pass-1', password: TEST_PASSWORD }, head);
    expect(create.body.error?.key).toBe('staff.rule.powerfulByHeadOffice');
  });
});
