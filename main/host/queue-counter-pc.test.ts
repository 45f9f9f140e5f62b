// The LAN half of main/core/queue/queue-remote.ts: a counter PC's core against the queue device's branch host.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../core/api/transport';
import { startBranchHost, type BranchHost } from './branch-host';
import { createTestCore, TEST_PASSWORD } from '../core/testing/test-core';
import type { QueueCall } from '../core/queue/queue.contract';
import { queueDeviceKeys, renewQueueDeviceKey } from '../core/queue/queue-device';
import { ensureLanTls } from '../core/lan/lan-tls';
import { pinnedFetch } from '../core/lan/pinned-fetch';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;

/** The queue device (kiosk) serves the LAN; a counter PC runs its own core and reaches the queue through it. */
describe('a counter PC with its own core uses the queue device over the LAN', () => {
  let queueDevice: TestCore;
  let lan: BranchHost;
  let port: number;
  let keys: { kioskKey: string; counterKey: string };
  // The branch CA file IT copies from the queue device to each counter PC.
  let ca: string;
  const counters: TestCore[] = [];

  /** The queue device's LAN service: TLS with its branch-CA certificate, the queue-only API. */
  const startLan = async (onPort = 0) => {
    const tls = await ensureLanTls({ dataDir: queueDevice.dataDir, secrets: queueDevice.core.secrets, branchCode: 'HM01' }, ['127.0.0.1']);
    ca = readFileSync(tls.bundleFile, 'utf8');
    return startBranchHost({ core: queueDevice.core, port: onPort, lan: tls });
  };
  const counterPc = async (counterKey = keys.counterKey) => {
    const t = await createTestCore({ deviceId: `HM01-DESK-${counters.length + 1}`, queueHost: { url: lan.url, counterKey, ca } });
    counters.push(t);
    return t;
  };
  const issue = (service: string) => queueDevice.call('queue.issue', { service, kioskKey: keys.kioskKey });

  beforeEach(async () => {
    queueDevice = await createTestCore({ deviceId: 'HM01-KIOSK' });
    lan = await startLan();
    port = Number(new URL(lan.url).port);
    keys = queueDeviceKeys(queueDevice.core.secrets);
  });
  afterEach(async () => {
    for (const t of counters.splice(0)) await t.dispose();
    await lan.close();
    await queueDevice.dispose();
  });

  it('calls the shared queue as the teller logged in at the counter, and sees the hall events', async () => {
    await issue('cash');
    await issue('cash');
    const desk = await counterPc();
    const seen: EventMessage[] = [];
    desk.core.onEvent((e) => seen.push(e));
    const teller = await desk.login('T001');

    await desk.call('queue.openCounter', { counter: 1 }, teller);
    const called = await desk.call('queue.callNext', { counter: 1, requestId: '01JCOUNTERREQ0000000000001' }, teller);
    expect(called).toMatchObject({ number: 'A001', state: 'called', counter: 1 });
    // The same request again (a retry after a lost reply) gets the same ticket, not the next one.
    expect((await desk.call('queue.callNext', { counter: 1, requestId: '01JCOUNTERREQ0000000000001' }, teller)).number).toBe('A001');

    // It happened on the queue device, recorded under the teller's own staff number.
    const board = await queueDevice.call('queue.board', {});
    expect(board.counters.find((c) => c.no === 1)).toMatchObject({ current: 'A001' });
    expect((await queueDevice.call('queue.counterState', { counter: 1 }, await queueDevice.login('T001'))).counter.teller).toBe('T001');
    expect(board.services.find((s) => s.code === 'cash')?.waiting).toBe(1);
    await vi.waitFor(() => expect(seen.some((e) => e.name === 'queue.called' && (e.payload as QueueCall).number === 'A001')).toBe(true));

    // Refusals come back as the queue device words them.
    await desk.call('queue.finish', { counter: 1 }, teller);
    await desk.call('queue.callNext', { counter: 1 }, teller);
    await desk.call('queue.finish', { counter: 1 }, teller);
    expect(await desk.fail('queue.callNext', { counter: 1 }, teller)).toMatchObject({ code: 'NOT_FOUND', key: 'queue.error.noneWaiting' });
    // Permissions are still checked at the counter's own core first.
    expect((await desk.fail('queue.callNext', { counter: 1 }, await desk.login('M001'))).code).toBe('FORBIDDEN');
  });

  const post = async (method: string, args: unknown, token?: string) =>
    (await pinnedFetch(ca)(`${lan.url}api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(args),
    }).then((r) => r.json())) as { ok: boolean; value?: { token: string; pass: string }; error?: { code: string; key: string } };

  it('the counter key alone gets no session: the teller proves herself with her password', async () => {
    // Attacker with a counter PC's key (it sits in that PC's configuration) asks for the branch head's session.
    expect((await post('queue.counterLogin', { counterKey: keys.counterKey, staffNo: 'h001' })).error).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await post('queue.counterLogin', { counterKey: keys.counterKey, staffNo: 'h001', password: 'guess-2026' })).error)
      .toMatchObject({ code: 'UNAUTHENTICATED', key: 'error.badCredentials' });
    // Unknown staff get the same answer as a wrong password.
    expect((await post('queue.counterLogin', { counterKey: keys.counterKey, staffNo: 'T999', password: 'guess-2026' })).error)
      .toMatchObject({ code: 'UNAUTHENTICATED', key: 'error.badCredentials' });
    // The right password without the counter key: not a counter PC.
    expect((await post('queue.counterLogin', { counterKey: keys.kioskKey, staffNo: 'T001', password: TEST_PASSWORD })).error)
      .toMatchObject({ code: 'UNAUTHENTICATED', key: 'queue.error.counterKey' });
    // Staff who may not call tickets get no counter session even with their password.
    expect((await post('queue.counterLogin', { counterKey: keys.counterKey, staffNo: 'M001', password: TEST_PASSWORD })).error)
      .toMatchObject({ code: 'FORBIDDEN', key: 'queue.error.counterStaff' });
    // A forged or altered pass is worth nothing.
    const real = await post('queue.counterLogin', { counterKey: keys.counterKey, staffNo: 't001', password: TEST_PASSWORD });
    expect(real.ok).toBe(true);
    const [p, body, sig] = real.value!.pass.split('.');
    const forged = `${p}.${Buffer.from(Buffer.from(body!, 'base64url').toString().replace('T001', 'H001')).toString('base64url')}.${sig}`;
    expect((await post('queue.counterLogin', { counterKey: keys.counterKey, pass: forged })).error).toMatchObject({ code: 'UNAUTHENTICATED', key: 'queue.error.counterPass' });
    expect((await post('queue.counterLogin', { counterKey: keys.counterKey, pass: real.value!.pass })).ok).toBe(true);

    // A counter PC was stolen: IT renews the counter key (jingwei lan-keys --new-counter-key) and restarts the queue
    // device; the old key and every pass handed out before are worth nothing.
    await lan.close();
    const newKey = renewQueueDeviceKey(queueDevice.core.secrets, 'counter');
    await queueDevice.restart();
    lan = await startLan(port);
    expect((await post('queue.counterLogin', { counterKey: keys.counterKey, pass: real.value!.pass })).error).toMatchObject({ key: 'queue.error.counterKey' });
    expect((await post('queue.counterLogin', { counterKey: newKey, pass: real.value!.pass })).error).toMatchObject({ key: 'queue.error.counterPass' });
    expect((await post('queue.counterLogin', { counterKey: newKey, staffNo: 'T001', password: TEST_PASSWORD })).ok).toBe(true);
  });

  it('a counter session runs its counter and nothing else: no configuration, statistics, tickets or customers', async () => {
    const head = await post('queue.counterLogin', { counterKey: keys.counterKey, staffNo: 'H001', password: TEST_PASSWORD });
    const token = head.value!.token;
    expect((await post('queue.counterState', { counter: 1 }, token)).ok).toBe(true);
    const config = await queueDevice.call('queue.config', {}, await queueDevice.login('H001'));
    const renamed = { ...config, services: config.services.map((s) => (s.code === 'cash' ? { ...s, name: '改名业务' } : s)) };
    for (const [method, args] of [
      ['queue.saveConfig', { config: renamed }], ['queue.config', {}], ['queue.stats', { from: '2026-11-30', to: '2026-11-30' }],
      ['queue.issue', { service: 'cash' }], ['customers.search', { q: '张', limit: 5 }], ['staff.list', {}], ['audit.verify', {}],
    ] as const) {
      // Twice refused: the LAN service serves only the queue's LAN methods (issuing is one, for the kiosk), and a
      // counter session only its counter.
      const lanKey = method === 'queue.issue' ? 'error.queueScope' : 'queue.error.lanQueueOnly';
      expect((await post(method, args, token)).error, method).toMatchObject({ code: 'FORBIDDEN', key: lanKey });
      const direct = await queueDevice.core.call({ method, args, token });
      expect(direct.ok ? null : direct.error, method).toMatchObject({ code: 'FORBIDDEN', key: 'error.queueScope' });
    }
    expect((await queueDevice.call('queue.board', {})).services.find((s) => s.code === 'cash')?.name).toBe('现金业务');

    const misconfigured = await counterPc('x'.repeat(32));
    const teller = await misconfigured.login('T001');
    // The desk's own session stays: the queue device's refusal is not a local logout.
    expect(await misconfigured.fail('queue.counterState', { counter: 1 }, teller)).toMatchObject({ code: 'FORBIDDEN', key: 'queue.error.counterNotConnected' });
    expect(await misconfigured.fail('queue.connectCounter', { password: TEST_PASSWORD }, teller)).toMatchObject({ code: 'FORBIDDEN', key: 'queue.error.counterKey' });
    expect((await misconfigured.call('session.me', {}, teller)).staff.staffNo).toBe('T001');
  });

  it('says the LAN is down while the queue device is away, and carries on after it restarts with the teller\'s pass', async () => {
    await issue('cash');
    const desk = await counterPc();
    const teller = await desk.login('T001');
    expect((await desk.call('queue.callNext', { counter: 1 }, teller)).number).toBe('A001');

    await lan.close();
    await queueDevice.restart();
    expect(await desk.fail('queue.finish', { counter: 1 }, teller)).toMatchObject({ code: 'UNAVAILABLE', key: 'queue.error.hostUnreachable' });

    lan = await startLan(port);
    // The restarted queue device has forgotten the session: the counter renews it with the pass, no password asked.
    expect(await desk.call('queue.finish', { counter: 1 }, teller)).toMatchObject({ number: 'A001', state: 'done' });
  });

  it('a teller who logged in while the queue device was away connects with her password from the counter screen', async () => {
    await lan.close();
    const desk = await counterPc();
    const teller = await desk.login('T001');
    lan = await startLan(port);
    await issue('cash');
    expect(await desk.fail('queue.callNext', { counter: 1 }, teller)).toMatchObject({ code: 'FORBIDDEN', key: 'queue.error.counterNotConnected' });
    expect(await desk.fail('queue.connectCounter', { password: 'wrong-pass-2026' }, teller)).toMatchObject({ code: 'FORBIDDEN', key: 'error.badCredentials' });
    expect(await desk.call('queue.connectCounter', { password: TEST_PASSWORD }, teller)).toEqual({ connected: true });
    expect((await desk.call('queue.callNext', { counter: 1 }, teller)).number).toBe('A001');
    // Logging out here closes the counter session on the queue device too.
    await desk.call('session.logout', {}, teller);
    expect(await desk.fail('queue.counterState', { counter: 1 }, teller)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
