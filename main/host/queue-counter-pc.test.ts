// The LAN half of main/core/queue/queue-remote.ts: a counter PC's core against the queue device's branch host.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../core/api/transport';
import { startBranchHost, type BranchHost } from './branch-host';
import { createTestCore } from '../core/testing/test-core';
import type { QueueCall } from '../core/queue/queue.contract';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;

/** The queue device (kiosk) serves the LAN; a counter PC runs its own core and reaches the queue through it. */
describe('a counter PC with its own core uses the queue device over the LAN', () => {
  let queueDevice: TestCore;
  let lan: BranchHost;
  let port: number;
  let keys: { kioskKey: string; counterKey: string };
  const counters: TestCore[] = [];

  const counterPc = async (counterKey = keys.counterKey) => {
    const t = await createTestCore({ deviceId: `HM01-DESK-${counters.length + 1}`, queueHost: { url: lan.url, counterKey } });
    counters.push(t);
    return t;
  };
  const issue = (service: string) => queueDevice.call('queue.issue', { service, kioskKey: keys.kioskKey });

  beforeEach(async () => {
    queueDevice = await createTestCore({ deviceId: 'HM01-KIOSK' });
    lan = await startBranchHost({ core: queueDevice.core });
    port = Number(new URL(lan.url).port);
    keys = JSON.parse(readFileSync(join(queueDevice.dataDir, 'queue-device.json'), 'utf8')) as typeof keys;
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
    expect(board.counters.find((c) => c.no === 1)).toMatchObject({ teller: 'T001', current: 'A001' });
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

  it('the session a counter gets is for the queue only; a wrong counter key gets none', async () => {
    const post = async (method: string, args: unknown, token?: string) =>
      (await fetch(`${lan.url}api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(args),
      }).then((r) => r.json())) as { ok: boolean; value?: { token: string }; error?: { code: string; key: string } };

    const login = await post('queue.counterLogin', { counterKey: keys.counterKey, staffNo: 't001' });
    expect(login.ok).toBe(true);
    expect((await post('queue.counterState', { counter: 1 }, login.value!.token)).ok).toBe(true);
    expect((await post('customers.search', { query: '张' }, login.value!.token)).error).toMatchObject({ code: 'FORBIDDEN', key: 'error.queueScope' });
    expect((await post('queue.counterLogin', { counterKey: keys.kioskKey, staffNo: 'T001' })).error).toMatchObject({ code: 'UNAUTHENTICATED', key: 'queue.error.counterKey' });
    // Only staff who may call tickets, and who exist on the queue device, get a session.
    expect((await post('queue.counterLogin', { counterKey: keys.counterKey, staffNo: 'M001' })).error).toMatchObject({ code: 'FORBIDDEN', key: 'queue.error.counterStaff' });
    expect((await post('queue.counterLogin', { counterKey: keys.counterKey, staffNo: 'T999' })).error).toMatchObject({ code: 'FORBIDDEN', key: 'queue.error.counterStaff' });

    const misconfigured = await counterPc('x'.repeat(32));
    expect(await misconfigured.fail('queue.counterState', { counter: 1 }, await misconfigured.login('T001'))).toMatchObject({ code: 'UNAUTHENTICATED', key: 'queue.error.counterKey' });
  });

  it('says the LAN is down while the queue device is away, and carries on after it restarts', async () => {
    await issue('cash');
    const desk = await counterPc();
    const teller = await desk.login('T001');
    expect((await desk.call('queue.callNext', { counter: 1 }, teller)).number).toBe('A001');

    await lan.close();
    await queueDevice.restart();
    expect(await desk.fail('queue.finish', { counter: 1 }, teller)).toMatchObject({ code: 'UNAVAILABLE', key: 'queue.error.hostUnreachable' });

    lan = await startBranchHost({ core: queueDevice.core, port });
    // The restarted queue device has forgotten the session: the counter logs in again by itself.
    expect(await desk.call('queue.finish', { counter: 1 }, teller)).toMatchObject({ number: 'A001', state: 'done' });
  });
});
