// The queue device's face on the branch LAN, attacked from a LAN PC: TLS pinned to the branch CA, queue-only API.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, TEST_PASSWORD } from '../core/testing/test-core';
import { issueServerCert, makeBranchCa } from '../core/lan/branch-ca';
import { ensureLanTls } from '../core/lan/lan-tls';
import { pinnedFetch } from '../core/lan/pinned-fetch';
import { queueDeviceKeys } from '../core/queue/queue-device';
import { startBranchHost, type BranchHost } from './branch-host';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;

describe('the LAN queue service', () => {
  let queueDevice: TestCore;
  let lan: BranchHost;
  let ca: string;
  let lanFetch: typeof fetch;
  const post = async (method: string, args: unknown, token?: string) => {
    const res = await lanFetch(`${lan.url}api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(args),
    });
    return { status: res.status, body: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; key: string } } };
  };

  beforeAll(async () => {
    queueDevice = await createTestCore({ deviceId: 'HM01-KIOSK' });
    const tls = await ensureLanTls({ dataDir: queueDevice.dataDir, secrets: queueDevice.core.secrets, branchCode: 'HM01' }, ['127.0.0.1']);
    ca = readFileSync(tls.bundleFile, 'utf8');
    lanFetch = pinnedFetch(ca);
    lan = await startBranchHost({ core: queueDevice.core, lan: tls });
  });
  afterAll(async () => {
    await lan.close();
    await queueDevice.dispose();
  });

  it('speaks TLS only: a plain-HTTP client gets no answer from it', async () => {
    expect(lan.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const port = Number(new URL(lan.url).port);
    const plain = await new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/queue.board', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(`answered ${res.statusCode}: ${body}`));
      });
      req.on('error', (e) => resolve(`refused: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
      req.setTimeout(5000, () => req.destroy(new Error('timeout')));
      req.end('{}');
    });
    expect(plain).not.toMatch(/"ok":true/);
    expect(plain).toMatch(/^refused|answered 400/);
    // Our own LAN client never even tries plain HTTP.
    await expect(lanFetch(lan.url.replace('https:', 'http:'))).rejects.toThrow(/https/);
    // Nor may the whole API be put on a LAN address without TLS.
    await expect(startBranchHost({ core: queueDevice.core, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('serves the kiosk and the hall, and refuses everything else the branch core can do', async () => {
    const { kioskKey } = queueDeviceKeys(queueDevice.core.secrets);
    expect((await post('queue.board', {})).body.ok).toBe(true);
    expect((await post('queue.issue', { service: 'cash', kioskKey })).body).toMatchObject({ ok: true, value: { number: 'A001' } });
    // A LAN PC trying the branch's other methods, with or without a staff token taken elsewhere.
    const staffToken = await queueDevice.login('H001');
    for (const [method, args] of [
      ['session.login', { staffNo: 'H001', password: TEST_PASSWORD }], ['customers.search', { q: '张', limit: 5 }],
      ['customers.get', { id: 'customer:01JCUSTOMER000000000000000' }], ['staff.list', {}], ['system.info', {}],
      ['audit.verify', {}], ['queue.saveConfig', { config: {} }], ['queue.stats', { from: '2026-01-01', to: '2026-01-01' }],
      ['sync.status', {}],
    ] as const) {
      const res = await post(method, args, staffToken);
      expect(res.status, method).toBe(403);
      expect(res.body.error, method).toMatchObject({ code: 'FORBIDDEN', key: 'queue.error.lanQueueOnly' });
    }
  });

  it('sends only public events over the LAN, whatever token is presented', async () => {
    const staffToken = await queueDevice.login('H001');
    const res = await lanFetch(`${lan.url}api/events?token=${encodeURIComponent(staffToken)}`);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(first).toContain(': public');
  });

  it('a counter PC pinned to the branch CA refuses an impostor queue device, before sending it anything', async () => {
    // The impostor has its own CA and a perfectly valid certificate for the same address.
    const rogueCa = await makeBranchCa('HM01', new Date());
    const rogue = await issueServerCert(rogueCa, ['127.0.0.1'], 'HM01', new Date());
    const seen: string[] = [];
    const server: Server = createServer({ key: rogue.key, cert: rogue.cert }, (req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"value":{"token":"x","pass":"x","expiresAt":"2030-01-01T00:00:00Z"}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const { counterKey } = queueDeviceKeys(queueDevice.core.secrets);
    const desk = await createTestCore({ deviceId: 'HM01-DESK-9', queueHost: { url: `https://127.0.0.1:${port}`, counterKey, ca } });
    try {
      const teller = await desk.login('T001');
      expect(await desk.fail('queue.connectCounter', { password: TEST_PASSWORD }, teller)).toMatchObject({ code: 'UNAVAILABLE', key: 'queue.error.hostUntrusted' });
      expect(await desk.fail('queue.board', {})).toMatchObject({ code: 'UNAVAILABLE', key: 'queue.error.hostUntrusted' });
      // Neither the counter key nor the teller's password reached it.
      expect(seen).toEqual([]);
    } finally {
      await desk.dispose();
      await new Promise((r) => server.close(r));
    }
  });
});
