import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore } from '../testing/test-core';

const EVENT = 'risk-event:HM01:6200000000000001:2026-03-02:overdue';
const OTHER = 'risk-event:HM01:6200000000000002:2026-03-02:overdue';
const CENTRAL = 'risk-event:HM01:6200000000000003:2026-03-02:overdue';

/** As head office's publisher writes them (sync-server/feeds/branch-docs.ts); here put straight into the store. */
const event = (id: string, account: string, manager: string, over: Record<string, unknown> = {}) => ({
  _id: id, type: 'risk-event', branch: 'HM01', account, name: '王建国', manager, cause: 'overdue', signal: null, classFrom: null, classTo: null,
  message: '贷款逾期1天，逾期金额2300.00元', overdueDays: 1, raisedOn: '2026-03-02', queue: 'branch', deadline: '2026-03-09', escalatedOn: null,
  status: 'open', closedOn: null, closedBy: null, closeReason: null, updatedOn: '2026-03-02', ...over,
});
const loan = {
  _id: 'loan-state:6200000000000001', type: 'loan-state', branch: 'HM01', account: '6200000000000001', idNo: '11010519491231002X', name: '王建国',
  product: 'farmer', manager: 'M001', principalFen: 10_000_000, balanceFen: 8_000_000, overdueFen: 230_000, overdueSince: '2026-03-02',
  classification: 'special-mention', warningLevel: 'low', signals: ['overdue-short'], nextDueDate: '2026-04-01', maturityDate: '2027-03-01',
  rateBp: 435, status: 'active', history: [{ m: '2026-01', c: 'normal', b: 8_200_000 }, { m: '2026-02', c: 'normal', b: 8_000_000 }],
};

describe('risk events at the branch', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  beforeEach(async () => {
    t = await createTestCore({ clock: () => new Date('2026-03-05T02:00:00Z') });
    await t.core.store.pouch.bulkDocs([
      event(EVENT, '6200000000000001', 'M001'),
      event(OTHER, '6200000000000002', 'M002'),
      event(CENTRAL, '6200000000000003', 'M001', { queue: 'risk', overdueDays: 95, deadline: '2026-03-16' }),
      loan,
    ]);
  });
  afterEach(async () => t.dispose());

  it('shows each person their queue with counts and deadlines', async () => {
    const m = await t.call('risk.myEvents', {}, await t.login('M001'));
    expect(m.events.map((e) => [e.id, e.deadline, e.daysLeft])).toEqual([[EVENT, '2026-03-09', 4]]);
    expect(m.counts).toEqual({ open: 1, dueToday: 0, pastDeadline: 0 });
    const h = await t.call('risk.myEvents', {}, await t.login('H001'));
    expect(h.events.map((e) => e.id)).toEqual([EVENT, OTHER]);
    const r = await t.call('risk.myEvents', {}, await t.login('R001'));
    expect(r.events.map((e) => e.id)).toEqual([CENTRAL]);
  });

  it('records a visit and a promise to pay, audited, and shows them with the loan in the detail', async () => {
    const token = await t.login('M001');
    await t.call('risk.record', { event: EVENT, action: 'visit', note: '上门走访，客户称下周发工资后还款' }, token);
    await t.call('risk.record', { event: EVENT, action: 'promise', note: '承诺3月12日还清', promiseDate: '2026-03-12', promiseAmountFen: 230_000 }, token);
    const d = await t.call('risk.event', { id: EVENT }, token);
    expect(d.actions.map((a) => [a.kind, a.by, a.promiseDate, a.promiseAmountFen])).toEqual([
      ['visit', 'M001', null, null],
      ['promise', 'M001', '2026-03-12', 230_000],
    ]);
    expect(d.loan).toMatchObject({ balanceFen: 8_000_000, overdueDays: 4, classification: 'special-mention' });
    expect(d.event.lastAction).toMatchObject({ kind: 'promise', byName: '测试M001' });
    expect((await t.core.audit.history(EVENT)).map((a) => [a.action, a.actor])).toEqual([['risk.visit', 'M001'], ['risk.promise', 'M001']]);
  });

  it('lets only 风险处置 close an event, with a reason; a promise needs its date and amount', async () => {
    const m = await t.login('M001');
    expect((await t.fail('risk.record', { event: EVENT, action: 'close', note: '已还款' }, m)).code).toBe('FORBIDDEN');
    expect((await t.fail('risk.record', { event: EVENT, action: 'promise', note: '会还' }, m)).code).toBe('BAD_REQUEST');
    expect((await t.fail('risk.record', { event: EVENT, action: 'visit', note: '柜员代登记' }, await t.login('T001'))).code).toBe('FORBIDDEN');
    const h = await t.login('H001');
    await t.call('risk.record', { event: EVENT, action: 'close', note: '客户已于柜面结清，核心数据次日到' }, h);
    expect((await t.call('risk.event', { id: EVENT }, h)).event.closeRequested).toBe(true);
  });

  it('scans its own loans offline: a loan past 90 days since head office published is 次级 today, provisionally', async () => {
    const crossing = { ...loan, _id: 'loan-state:6200000000000002', account: '6200000000000002', manager: 'M002', overdueSince: '2025-12-05' };
    await t.core.store.pouch.bulkDocs([crossing, { ...loan, _id: 'loan-state:6200000000000009', account: '6200000000000009', branch: 'HM02' }]);
    const h = await t.call('risk.branchScan', {}, await t.login('H001'));
    expect(h.loans).toBe(2);
    expect(h.byClass['special-mention']).toEqual({ loans: 1, balanceFen: 8_000_000 });
    expect(h.byClass.substandard).toEqual({ loans: 1, balanceFen: 8_000_000 });
    expect(h.changes.map((c) => [c.account, c.overdueDays, c.published, c.classification])).toEqual([['6200000000000002', 91, 'special-mention', 'substandard']]);
    // The customer manager sees the changes of their own loans only.
    expect((await t.call('risk.branchScan', {}, await t.login('M001'))).changes).toEqual([]);
  });
});
