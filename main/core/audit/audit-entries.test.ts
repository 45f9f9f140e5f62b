import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { createTestCore } from '../testing/test-core';

/** The audit screen's browse (`audit.entries`) and the record views it lists: who opened which customer, checked. */
const individual = (n: number, name: string) => {
  const first17 = `1410811985061200${n % 10}`;
  return { kind: 'individual' as const, name, idNumber: first17 + residentIdCheckChar(first17), phone: '13800138000', address: '山西省侯马市新田乡东阳村', group: 'farmer' as const };
};

describe('audit.entries', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let now: Date;

  beforeEach(async () => {
    now = new Date('2026-03-05T02:00:00Z'); // 10:00 at the branch
    t = await createTestCore({ clock: () => now });
  });
  afterEach(async () => t.dispose());

  it('lists a customer\'s entries with who viewed the record, per staff member and branch day, each checked', async () => {
    let manager = await t.login('M001');
    let teller = await t.login('T001');
    const zhang = (await t.call('customers.create', { customer: individual(1, '张三') }, teller)).id;
    const li = (await t.call('customers.create', { customer: individual(2, '李四') }, teller)).id;

    await t.call('customers.get', { id: zhang }, manager);
    await t.call('customers.get', { id: zhang }, manager); // reopened while serving: one view entry
    now = new Date('2026-03-05T17:00:00Z'); // 01:00 the next branch day (the sessions of 10:00 have expired)
    manager = await t.login('M001');
    teller = await t.login('T001');
    const head = await t.login('H001');
    await t.call('customers.get', { id: zhang }, manager);
    await t.call('customers.get', { id: li }, teller);

    const byName = await t.call('audit.entries', { customer: '张三' }, head);
    expect(byName.customers).toEqual([{ id: zhang, name: '张三' }]);
    expect(byName.entries.map((e) => [e.action, e.actor])).toEqual([['customer.view', 'M001'], ['customer.view', 'M001'], ['customer.create', 'T001']]);
    expect(byName.entries.every((e) => e.integrity === 'ok' && e.entityName === '张三' && e.seq !== null)).toBe(true);

    const viewers = await t.call('audit.entries', { customer: zhang, viewsOnly: true }, head);
    expect(viewers.entries.map((e) => [e.actorName, e.at])).toEqual([['测试M001', '2026-03-05T17:00:00.000Z'], ['测试M001', '2026-03-05T02:00:00.000Z']]);

    // The branch day 2026-03-06 starts at 16:00 UTC on the 5th.
    const nextDay = await t.call('audit.entries', { day: '2026-03-06' }, head);
    expect(nextDay.entries.map((e) => [e.action, e.entityName])).toEqual([['customer.view', '李四'], ['customer.view', '张三']]);
    const tellerDay = await t.call('audit.entries', { staffNo: 'T001', day: '2026-03-05' }, head);
    expect(tellerDay.entries.map((e) => e.action)).toEqual(['customer.create', 'customer.create']);

    // The record's own history lists its changes only; views are the audit screen's.
    expect((await t.call('customers.history', { id: zhang }, head)).map((h) => h.action)).toEqual(['customer.create']);
    expect(await t.call('audit.entries', { customer: '王五' }, head)).toEqual({ entries: [], truncated: false, customers: [] });
  });

  it('marks an edited entry, and refuses callers without audit.read', async () => {
    const teller = await t.login('T001');
    const id = (await t.call('customers.create', { customer: individual(3, '赵六') }, teller)).id;
    const entry = (await t.core.store.pouch.allDocs({ startkey: 'audit:', endkey: 'audit:\uffff', include_docs: true })).rows.at(-1)!.doc!;
    await t.core.store.pouch.put({ ...entry, actorName: '李鬼' });
    const it = await t.login('A001');
    const [row] = (await t.call('audit.entries', { customer: id }, it)).entries;
    expect(row).toMatchObject({ action: 'customer.create', integrity: 'altered', actorName: '李鬼' });
    expect((await t.fail('audit.entries', {}, teller)).code).toBe('FORBIDDEN');
    expect((await t.fail('audit.entries', { day: '5.3.2026' }, it)).message).toContain('日期');
  });
});
