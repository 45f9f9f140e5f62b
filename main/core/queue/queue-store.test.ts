import { afterEach, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
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
});
