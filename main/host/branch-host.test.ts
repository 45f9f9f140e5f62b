import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, TEST_PASSWORD } from '../core/testing/test-core';
import { startBranchHost, type BranchHost } from './branch-host';

async function post(url: string, body: string, token?: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
  return { status: res.status, json: (await res.json()) as { ok: boolean; value?: { token: string; branch: string }; error?: { key: string } } };
}

/** Reads server-sent events until `count` data messages arrived or the time is up. */
function readEvents(url: string, count: number, ms: number): Promise<{ name: string }[]> {
  return new Promise((resolve) => {
    const events: { name: string }[] = [];
    const req = http.get(url, (res) => {
      let buf = '';
      res.on('data', (chunk: Buffer) => {
        buf += chunk.toString('utf8');
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)));
        }
        if (events.length >= count) done();
      });
    });
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      req.destroy();
      resolve(events);
    }
  });
}

describe('branch host', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let host: BranchHost;
  beforeAll(async () => {
    t = await createTestCore();
    host = await startBranchHost({ core: t.core });
  });
  afterAll(async () => {
    await host.close();
    await t.dispose();
  });

  it('refuses requests addressed by a name it does not answer to (DNS rebinding), whatever the path', async () => {
    const { port } = new URL(host.url);
    const get = (hostHeader: string, path: string) =>
      new Promise<number>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path, headers: { host: hostHeader } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
    expect(await get(`evil.example:${port}`, '/')).toBe(400);
    expect(await get('evil.example', '/api/events')).toBe(400);
    expect(await get(`127.0.0.1:${port}`, '/')).toBe(200);
    expect(await get(`localhost:${port}`, '/')).toBe(200);
    const rebound = await new Promise<string>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/session.login', method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      });
      req.end(JSON.stringify({ staffNo: 'T001', password: TEST_PASSWORD }));
    });
    expect(JSON.parse(rebound)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('serves the API with the status derived from the error code', async () => {
    const info = await post(`${host.url}api/system.info`, '{}');
    expect(info).toMatchObject({ status: 200, json: { ok: true, value: { branch: 'HM01' } } });
    expect((await post(`${host.url}api/customers.search`, '{"q":"张"}')).status).toBe(401);
    const bad = await post(`${host.url}api/session.login`, JSON.stringify({ staffNo: 'T001', password: 'wrong' }));
    expect(bad).toMatchObject({ status: 401, json: { ok: false, error: { key: 'error.badCredentials', message: '工号或密码错误' } } });
  });

  it('gives the desk\'s own client its refusals inside a 200 answer, so the browser console stays quiet', async () => {
    const res = await fetch(`${host.url}api/session.login`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-jingwei-result': 'envelope' }, body: JSON.stringify({ staffNo: 'T001', password: 'wrong' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-jingwei-status')).toBe('401');
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    // Anyone else still gets the HTTP status.
    expect((await post(`${host.url}api/session.login`, JSON.stringify({ staffNo: 'T001', password: 'wrong' }))).status).toBe(401);
  });

  it('answers malformed requests with a JSON error, not a crash', async () => {
    const res = await post(`${host.url}api/session.login`, '{not json');
    expect(res.status).toBe(400);
    expect(res.json.ok).toBe(false);
    expect((await post(`${host.url}api/no.such`, '{}')).status).toBe(404);
    expect((await post(`${host.url}api/..%2Fetc`, '{}')).status).toBe(404);
    expect((await post(`${host.url}api/system.info`, '{}')).status).toBe(200);
  });

  it('sets a content security policy', async () => {
    const res = await fetch(`${host.url}api/system.info`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('pushes events to logged-in pages and keeps staff events from anonymous ones', async () => {
    const token = (await post(`${host.url}api/session.login`, JSON.stringify({ staffNo: 'T001', password: TEST_PASSWORD }))).json.value!.token;
    const staff = readEvents(`${host.url}api/events?token=${token}`, 1, 3000);
    const anonymous = readEvents(`${host.url}api/events`, 1, 1500);
    await new Promise((r) => setTimeout(r, 200));
    const customer = { kind: 'individual', name: '事件测试', idNumber: '11010519491231002X', phone: '13800000001', address: '侯马市', group: 'farmer' };
    expect((await post(`${host.url}api/customers.create`, JSON.stringify({ customer }), token)).status).toBe(200);
    expect((await staff).map((e) => e.name)).toEqual(['customer.changed']);
    expect(await anonymous).toEqual([]);
  });

  it('stops delivering staff events to a stream once its session is logged out', async () => {
    const teller = (await post(`${host.url}api/session.login`, JSON.stringify({ staffNo: 'T001', password: TEST_PASSWORD }))).json.value!.token;
    const head = (await post(`${host.url}api/session.login`, JSON.stringify({ staffNo: 'H001', password: TEST_PASSWORD }))).json.value!.token;
    const stream = readEvents(`${host.url}api/events?token=${teller}`, 1, 2500);
    await new Promise((r) => setTimeout(r, 200));
    expect((await post(`${host.url}api/session.logout`, '{}', teller)).status).toBe(200);
    const customer = { kind: 'individual', name: '登出之后', idNumber: '110105194912310046', phone: '13800000002', address: '侯马市', group: 'farmer' };
    expect((await post(`${host.url}api/customers.create`, JSON.stringify({ customer }), head)).status).toBe(200);
    expect(await stream).toEqual([]);
  });

  it('marks API answers as not to be stored, and keys login limits on the caller\'s address', async () => {
    const res = await fetch(`${host.url}api/system.info`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.headers.get('cache-control')).toBe('no-store');
    for (let i = 0; i < 5; i++) await post(`${host.url}api/session.login`, JSON.stringify({ staffNo: 'M001', password: 'wrong-guess' }));
    // Locked from this address (the LAN client) ...
    expect((await post(`${host.url}api/session.login`, JSON.stringify({ staffNo: 'M001', password: TEST_PASSWORD }))).json.error?.key).toBe('error.loginLocked');
    // ... while the same person's own PC (IPC, another address) still logs in.
    expect((await t.core.call({ method: 'session.login', args: { staffNo: 'M001', password: TEST_PASSWORD } })).ok).toBe(true);
  });
});
