import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { createTestCore } from '../testing/test-core';

const validId = (body17: string) => body17 + residentIdCheckChar(body17);
const ZHANG = validId('14108119850612001');

function individual(over: Record<string, unknown> = {}) {
  return { kind: 'individual' as const, name: '张三', idNumber: ZHANG, phone: '13800138000', address: '山西省侯马市新田乡东阳村', village: '东阳村', group: 'farmer' as const, ...over };
}

describe('customers', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(async () => t.dispose());

  it('creates a customer, finds it by name, initials, full pinyin, ID and phone prefix', async () => {
    const token = await t.login('T001');
    const created = await t.call('customers.create', { customer: individual() }, token);
    expect(created.id).toMatch(/^customer:/);
    for (const q of ['张', '张三', 'zs', 'zhang', '141081', '1380013']) {
      const hits = await t.call('customers.search', { q, limit: 20 }, token);
      expect(hits.map((h) => h.id), q).toContain(created.id);
    }
    expect(await t.call('customers.search', { q: 'ls', limit: 20 }, token)).toEqual([]);
  });

  it('refuses an invalid ID number naming the rule, and saves nothing', async () => {
    const token = await t.login('T001');
    const err = await t.fail('customers.create', { customer: individual({ idNumber: '141081198506120010' }) }, token);
    expect(err.code).toBe('VALIDATION');
    expect(err.fields?.[0]).toMatchObject({ path: 'idNumber', key: 'validation.residentId.checkDigit' });
    expect(err.fields?.[0]?.message).toContain('身份证号码校验码错误');
    expect(await t.call('customers.search', { q: '张', limit: 20 }, token)).toEqual([]);
    const all = await t.core.store.pouch.allDocs({ startkey: 'customer:', endkey: 'customer:\uffff' });
    expect(all.rows).toHaveLength(0);
  });

  it('refuses a duplicate ID number with a link to the existing customer', async () => {
    const token = await t.login('T001');
    const first = await t.call('customers.create', { customer: individual() }, token);
    const err = await t.fail('customers.create', { customer: individual({ name: '张叁', idNumber: ZHANG.toLowerCase() }) }, token);
    expect(err).toMatchObject({ code: 'DUPLICATE', detail: { existingId: first.id, existingName: '张三' } });
  });

  it('edits a customer and keeps who changed what in the history', async () => {
    const teller = await t.login('T001');
    const created = await t.call('customers.create', { customer: individual() }, teller);
    const manager = await t.login('M001');
    const updated = await t.call('customers.update', { id: created.id, rev: created.rev, customer: individual({ phone: '13900139000' }) }, manager);
    expect(updated.phone).toBe('13900139000');
    expect(updated.updatedBy).toBe('M001');
    const history = await t.call('customers.history', { id: created.id }, teller);
    expect(history.map((h) => [h.action, h.actor])).toEqual([['customer.create', 'T001'], ['customer.update', 'M001']]);
    expect(history[1]!.changes).toEqual([{ field: 'phone', before: '13800138000', after: '13900139000' }]);
    const stale = await t.fail('customers.update', { id: created.id, rev: created.rev, customer: individual({ phone: '13700137000' }) }, teller);
    expect(stale.code).toBe('CONFLICT');
  });

  it('enterprise: warns but accepts a pilot USCC, validates shareholders', async () => {
    const token = await t.login('M001');
    const base = { kind: 'enterprise' as const, name: '侯马市晋丰农资有限公司', uscc: '91350100M000100Y44', phone: '0357-4221234', address: '侯马市路东街道', legalRepresentative: '李四' };
    const bad = await t.fail('customers.create', { customer: { ...base, shareholders: [{ kind: 'person', name: '李四', shareBp: 8000 }, { kind: 'person', name: '王五', shareBp: 3000 }] } }, token);
    expect(bad.fields?.map((f) => f.key)).toContain('validation.shares.total');
    const issues = await t.call('customers.check', { customer: base }, token);
    expect(issues).toEqual([expect.objectContaining({ path: 'uscc', severity: 'warning' })]);
    const ok = await t.call('customers.create', { customer: { ...base, shareholders: [{ kind: 'person', name: '李四', shareBp: 6000 }] } }, token);
    expect((await t.call('customers.search', { q: '91350100', limit: 5 }, token))[0]?.id).toBe(ok.id);
  });

  it('checks permissions in the core, not the UI', async () => {
    expect((await t.fail('customers.search', { q: '张', limit: 5 })).code).toBe('UNAUTHENTICATED');
    const it = await t.login('A001');
    expect((await t.fail('customers.create', { customer: individual() }, it)).code).toBe('FORBIDDEN');
  });

  it('survives a restart with data, search index and audit chain intact', async () => {
    const token = await t.login('T001');
    const created = await t.call('customers.create', { customer: individual() }, token);
    await t.restart();
    const again = await t.login('T001');
    expect((await t.call('customers.search', { q: 'zs', limit: 5 }, again))[0]?.id).toBe(created.id);
    await t.call('customers.update', { id: created.id, rev: created.rev, customer: individual({ address: '侯马市凤城乡' }) }, again);
    const head = await t.login('H001');
    const verify = await t.call('audit.verify', {}, head);
    expect(verify.ok).toBe(true);
    // The customer's creation and update; staff records come signed from head office and are not this device's entries.
    expect(verify.devices[0]!.entries).toBeGreaterThanOrEqual(2);
  });

  it('rejects wrong passwords and locks after repeated failures', async () => {
    for (let i = 0; i < 5; i++) expect((await t.fail('session.login', { staffNo: 'T001', password: 'nope' })).key).toBe('error.badCredentials');
    expect((await t.fail('session.login', { staffNo: 'T001', password: 'test-pass-2026' })).key).toBe('error.loginLocked');
  });
});
