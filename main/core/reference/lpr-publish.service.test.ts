import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOLD_ID, goldData, goldFacts } from '../credit/gold-collar.fixture';
import { createTestCore } from '../testing/test-core';

const fixing = { date: '2026-01-20', oneYearBp: 290, fiveYearBp: 340 };

describe('publishing the LPR table', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(async () => t.dispose());

  const lprIds = async () => (await t.core.reference.pouch.allDocs({ startkey: 'lpr:', endkey: 'lpr:\uffff' })).rows.map((r) => r.id);

  it('adds a fixing as the next version once, audited; the next application is priced with it', async () => {
    const it = await t.login('A001');
    const before = await t.call('reference.lpr', {}, it);
    expect(before).toMatchObject({ version: 1, publishedBy: 'SYSTEM' });

    const published = await t.call('reference.publishLpr', { baseVersion: 1, fixing, notes: '1月LPR下调' }, it);
    expect(published).toMatchObject({ version: 2, publishedBy: 'A001', publishedByName: '测试A001', notes: '1月LPR下调' });
    expect(published.fixings).toEqual([...before.fixings, fixing]);
    expect(await lprIds()).toEqual(['lpr:000001', 'lpr:000002']);
    const audit = await t.call('audit.entries', { staffNo: 'A001' }, it);
    expect(audit.entries.filter((e) => e.action === 'reference.publishLpr')).toHaveLength(1);

    const teller = await t.login('T001');
    const c = await t.call('customers.create', { customer: { kind: 'individual', name: '周文博', idNumber: GOLD_ID, phone: '13803571234', address: '侯马市', group: 'civil-servant' } }, teller);
    const app = await t.call('loans.createDraft', { customerId: c.id, productCode: 'gold-collar', patch: { requestedAmountFen: 20_000_000, termMonths: 12, collectedData: [...goldData], facts: goldFacts } }, teller);
    const decided = await t.call('loans.submit', { id: app.id, rev: app.rev }, teller);
    expect(decided.decision).toMatchObject({ lprBp: 290, lprFixingDate: '2026-01-20' });
  });

  it('refuses a stale or concurrent publication, bad input and a teller, writing nothing', async () => {
    const it = await t.login('A001');
    const teller = await t.login('T001');
    expect((await t.fail('reference.publishLpr', { baseVersion: 1, fixing, notes: '柜员试发' }, teller)).code).toBe('FORBIDDEN');
    const early = await t.fail('reference.publishLpr', { baseVersion: 1, fixing: { ...fixing, date: '2025-05-20' }, notes: '日期重复' }, it);
    expect(early).toMatchObject({ code: 'VALIDATION', key: 'reference.lprNotAfter', message: '报价日期须晚于上一期报价日 2025-05-20，请重新输入' });
    const range = await t.fail('reference.publishLpr', { baseVersion: 1, fixing: { ...fixing, oneYearBp: 6_000 }, notes: '越界' }, it);
    expect(range.fields?.[0]).toMatchObject({ path: 'fixing.oneYearBp' });
    expect(range.message).toContain('1年期LPR');
    expect((await t.fail('reference.publishLpr', { baseVersion: 1, fixing, notes: '' }, it)).fields?.[0]?.path).toBe('notes');
    expect(await lprIds()).toEqual(['lpr:000001']);

    // Two publishers typed against version 1 at once: one wins, the other is told to reload.
    const both = await Promise.all([
      t.core.call({ method: 'reference.publishLpr', args: { baseVersion: 1, fixing, notes: '甲发布' }, token: it }),
      t.core.call({ method: 'reference.publishLpr', args: { baseVersion: 1, fixing: { ...fixing, oneYearBp: 295 }, notes: '乙发布' }, token: it }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ error: { code: 'CONFLICT', key: 'reference.lprChanged' } });
    expect(await lprIds()).toEqual(['lpr:000001', 'lpr:000002']);
    expect((await t.fail('reference.publishLpr', { baseVersion: 1, fixing: { ...fixing, date: '2026-02-20' }, notes: '旧版本' }, it)).key).toBe('reference.lprChanged');
    expect(await lprIds()).toEqual(['lpr:000001', 'lpr:000002']);
  });
});
