import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { provisionBranch } from '../provision';
import { ON_COUCHDB, startTestServer, TEST_ADMIN } from '../test-support';
import type { TestServer } from '../test-support';
import { readCookie } from './cookie';

// The verified-token cache (context.ts) must never let a token through that a fresh check would refuse: each case
// first has the server accept (and so cache) a genuine cookie, then tries what an attacker or a revocation would.
let server: TestServer;
const TIMEOUT_S = 600;
const users = Array.from({ length: 6 }, (_, i) => ({ code: `SC0${i + 1}`, name: `sc0${i + 1}-teller-pc`, password: `device-password-sc0${i + 1}` }));

beforeAll(async () => {
  server = await startTestServer({ sessionTimeoutSeconds: TIMEOUT_S });
  for (const u of users) await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: u.code, deviceUser: u.name, password: u.password });
});
afterAll(() => server.stop());
afterEach(() => vi.useRealTimers());

const dbOf = (u: (typeof users)[number]) => `/branch-${u.code.toLowerCase()}`;
async function login(u: (typeof users)[number]): Promise<string> {
  const res = await server.req('POST', '/_session', { body: { name: u.name, password: u.password }, auth: null });
  expect(res.status).toBe(200);
  const token = readCookie(res.headers.get('set-cookie') ?? '', 'AuthSession');
  expect(token).toBeTruthy();
  return token!;
}
const withCookie = (path: string, token: string) => server.req('GET', path, { auth: null, headers: { cookie: `AuthSession=${token}` } });
/** The genuine cookie works, twice (the second time from the cache). */
async function cached(u: (typeof users)[number], token: string) {
  for (let i = 0; i < 2; i++) expect((await withCookie(dbOf(u), token)).status).toBe(200);
}

describe.skipIf(ON_COUCHDB)('AuthSession verified-token cache', () => {
  it('refuses an altered token although the genuine one is cached', async () => {
    const [u, other] = [users[0]!, users[1]!];
    const token = await login(u);
    await cached(u, token);
    const raw = Buffer.from(token, 'base64url');
    // One bit of the MAC flipped.
    const flipped = Buffer.from(raw);
    flipped[flipped.length - 1]! ^= 1;
    expect((await withCookie(dbOf(u), flipped.toString('base64url'))).status).toBe(401);
    // The genuine MAC under another user's name, and under a later issue time.
    const text = raw.toString('latin1');
    const [, hex] = text.split(':');
    const mac = raw.subarray(Buffer.byteLength(`${u.name}:${hex}:`, 'latin1'));
    const renamed = Buffer.concat([new Uint8Array(Buffer.from(`${other.name}:${hex}:`, 'latin1')), new Uint8Array(mac)]).toString('base64url');
    expect((await withCookie(dbOf(other), renamed)).status).toBe(401);
    const later = (parseInt(hex!, 16) + 1).toString(16).toUpperCase();
    const redated = Buffer.concat([new Uint8Array(Buffer.from(`${u.name}:${later}:`, 'latin1')), new Uint8Array(mac)]).toString('base64url');
    expect((await withCookie(dbOf(u), redated)).status).toBe(401);
    // And the genuine token still works afterwards.
    expect((await withCookie(dbOf(u), token)).status).toBe(200);
  });

  it('refuses a cached token once it has expired', async () => {
    const u = users[1]!;
    const token = await login(u);
    await cached(u, token);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (TIMEOUT_S + 5) * 1000 });
    expect((await withCookie(dbOf(u), token)).status).toBe(401);
    expect((await withCookie('/_session', token)).json.userCtx.name).toBeNull();
  });

  it('renews a cached token past a tenth of its life, and the renewed token is checked like any other', async () => {
    const u = users[2]!;
    const token = await login(u);
    await cached(u, token);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (TIMEOUT_S / 10 + 5) * 1000 });
    const first = await withCookie(dbOf(u), token);
    const second = await withCookie(dbOf(u), token);
    expect([first.status, second.status]).toEqual([200, 200]);
    const renewed = readCookie(first.headers.get('set-cookie') ?? '', 'AuthSession');
    expect(renewed).toBeTruthy();
    expect(renewed).not.toBe(token);
    expect((await withCookie(dbOf(u), renewed!)).status).toBe(200);
    // A renewed token is no master key either: it expires in its turn.
    vi.setSystemTime(Date.now() + (TIMEOUT_S + 5) * 1000);
    expect((await withCookie(dbOf(u), renewed!)).status).toBe(401);
  });

  it('refuses a cached token at once when the password changes', async () => {
    const u = users[3]!;
    const token = await login(u);
    await cached(u, token);
    await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: u.code, deviceUser: u.name, password: 'another-password-sc04' });
    expect((await withCookie(dbOf(u), token)).status).toBe(401);
  });

  it('refuses a cached token at once when the user is deleted or revoked', async () => {
    const [gone, revoked] = [users[4]!, users[5]!];
    const goneToken = await login(gone);
    const revokedToken = await login(revoked);
    await cached(gone, goneToken);
    await cached(revoked, revokedToken);
    const doc = await server.req('GET', `/_users/org.couchdb.user:${gone.name}`);
    expect((await server.req('DELETE', `/_users/org.couchdb.user:${gone.name}?rev=${doc.json._rev}`)).status).toBe(200);
    expect((await withCookie(dbOf(gone), goneToken)).status).toBe(401);
    // Revoked: the device's roles taken away (the user stays, the cookie still verifies, the branch is closed to it).
    const rdoc = await server.req('GET', `/_users/org.couchdb.user:${revoked.name}`);
    expect((await server.req('PUT', `/_users/org.couchdb.user:${revoked.name}`, { body: { ...rdoc.json, roles: [] } })).status).toBe(201);
    expect((await withCookie(dbOf(revoked), revokedToken)).status).toBe(403);
  });
});
