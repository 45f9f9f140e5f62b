import { afterEach, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
// The queue device's pull is filtered by the real server's _changes selector; this file never ships.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { provisionBranch } from '../../../sync-server/provision';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { startTestServer, TEST_ADMIN } from '../../../sync-server/test-support';
import { createTestCore } from '../testing/test-core';
import { queueDeviceKeys } from './queue-device';

describe('the queue device keeps only what the queue needs', () => {
  let t: Awaited<ReturnType<typeof createTestCore>> | null = null;
  afterEach(async () => t?.dispose());

  it('a kiosk that replicated the whole branch before is left with the queue, the staff and its own audit chain', async () => {
    // Yesterday's kiosk: a full replica holding customers and other devices' audit history.
    t = await createTestCore({ deviceId: 'HM01-KIOSK' });
    const body = '14108119850612001';
    await t.call('customers.create', {
      customer: { kind: 'individual', name: '张三', idNumber: body + residentIdCheckChar(body), phone: '13800138000', address: '山西省侯马市新田乡东阳村', village: '东阳村', group: 'farmer' },
    }, await t.login('T001'));
    await t.core.store.pouch.put({
      _id: 'audit:HM01-DESK-1:0000000001', type: 'audit', device: 'HM01-DESK-1', entity: 'customer:X', at: '2026-11-30T01:00:00.000Z',
      actor: 'T001', actorName: '王晓燕', action: 'customer.update', before: { phone: '13800138000' }, after: { phone: '13900139000' },
    });
    const ticket = await t.call('queue.issue', { service: 'cash', kioskKey: queueDeviceKeys(t.core.secrets).kioskKey });

    await t.core.close();
    t = await createTestCore({ dataDir: t.dataDir, deviceId: 'HM01-KIOSK', queueDevice: true });
    const ids = (await t.core.store.pouch.allDocs()).rows.map((r) => r.id);
    expect(ids.filter((id) => id.startsWith('customer:'))).toEqual([]);
    expect(ids).not.toContain('audit:HM01-DESK-1:0000000001');
    expect(ids).toContain(ticket.id);
    expect(ids).toContain('staff:T001');
    expect(ids.some((id) => id.startsWith('audit:HM01-KIOSK:'))).toBe(true);
    // Gone from the search index too, not only from the documents.
    expect(await t.call('customers.search', { q: '张', limit: 5 }, await t.login('M001'))).toEqual([]);
    // The queue carries on where it was.
    expect((await t.call('queue.board', {})).services.find((s) => s.code === 'cash')?.waiting).toBe(1);
  });

  it('a queue device synced with head office takes only the queue and the staff, and still gives head office its own work', async () => {
    const server = await startTestServer();
    const device = { deviceUser: 'hm01-device-01', password: 'hm01-device-password' };
    await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', ...device });
    const remote = { url: server.url, username: device.deviceUser, password: device.password };
    const desk = await createTestCore({ deviceId: 'HM01-DESK', remote, liveSync: false });
    try {
      // A desk PC's day: a customer, a ticket, its audit history — all at head office after its end of day.
      const body = '14108119850612001';
      const customer = await desk.call('customers.create', {
        customer: { kind: 'individual', name: '张三', idNumber: body + residentIdCheckChar(body), phone: '13800138000', address: '山西省侯马市新田乡东阳村', village: '东阳村', group: 'farmer' },
      }, await desk.login('T001'));
      const deskTicket = await desk.call('queue.issue', { service: 'cash', kioskKey: queueDeviceKeys(desk.core.secrets).kioskKey });
      expect((await desk.core.sync!.endOfDay({ staffNo: 'H001', name: '测试H001' })).status).toBe('complete');
      // Staff records reach head office from its identity service (signed), not from branch devices.
      const { _rev: _ignored, ...signedStaff } = (await desk.core.store.pouch.get('staff:T001')) as { _rev: string };
      expect((await server.req('PUT', '/branch-hm01/staff:T001', { body: signedStaff })).status).toBe(201);

      t = await createTestCore({ deviceId: 'HM01-KIOSK', queueDevice: true, remote, liveSync: false });
      const kioskTicket = await t.call('queue.issue', { service: 'loan', kioskKey: queueDeviceKeys(t.core.secrets).kioskKey });
      const run = await t.core.sync!.endOfDay({ staffNo: 'SYSTEM', name: '叫号机' });
      expect(run.status).toBe('complete');
      expect(Object.keys(run.down.byType).sort()).toEqual(expect.arrayContaining(['queue-ticket', 'staff']));
      expect(Object.keys(run.down.byType).filter((type) => !['queue-ticket', 'queue-counter', 'queue-config', 'staff'].includes(type))).toEqual([]);

      const ids = (await t.core.store.pouch.allDocs()).rows.map((r) => r.id);
      expect(ids).not.toContain(customer.id);
      expect(ids.filter((id) => id.startsWith('customer:') || id.startsWith('audit:HM01-DESK:'))).toEqual([]);
      expect(ids).toContain(deskTicket.id);
      // Head office has the kiosk's ticket: the push is not filtered.
      expect((await server.req('GET', `/branch-hm01/${encodeURIComponent(kioskTicket.id)}`)).status).toBe(200);
    } finally {
      await desk.dispose();
      await server.stop();
    }
  }, 120_000); // a server, two cores and two end-of-day syncs: ~5 s idle, over 30 s at load 40
});
