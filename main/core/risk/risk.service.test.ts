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
  let now: Date;
  beforeEach(async () => {
    now = new Date('2026-03-05T02:00:00Z');
    t = await createTestCore({ clock: () => now });
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

  it('shows an event the risk department assigned to another customer manager in theirs, with its new deadline', async () => {
    await t.issue({ staffNo: 'M002', roles: ['customer-manager'], name: '张丽' });
    const doc = await t.core.store.pouch.get(EVENT);
    await t.core.store.pouch.put({ ...doc, handler: 'M002', handlerName: '张丽', assignedOn: '2026-03-04', deadline: '2026-03-06', updatedOn: '2026-03-04' });
    expect((await t.call('risk.myEvents', {}, await t.login('M001'))).events).toEqual([]);
    const m2 = await t.call('risk.myEvents', {}, await t.login('M002'));
    expect(m2.events.map((e) => [e.id, e.deadline, e.daysLeft, e.handler, e.handlerName, e.assignedOn])).toEqual([
      [EVENT, '2026-03-06', 1, 'M002', '张丽', '2026-03-04'],
      [OTHER, '2026-03-09', 4, undefined, undefined, undefined],
    ]);
  });

  it('puts the branch dashboard together from the published states and events (risk.dashboard)', async () => {
    const d = await t.call('risk.dashboard', {}, await t.login('M001'));
    expect([d.date, d.loans, d.balanceFen, d.overdueLoans, d.overdueBp, d.nplBp]).toEqual(['2026-03-05', 1, 8_000_000, 1, 10_000, 0]);
    expect(d.months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(d.migrations.at(-1)!.cells.normal['special-mention'].loans).toBe(1);
    expect([d.events.open, d.events.byAge[0]]).toEqual([3, { bucket: '0-7', branch: 2, risk: 1, pastDeadline: 0 }]);
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

  it('shows the standard script with the customer\'s figures, and bulk-sends it: queued by day, held in the quiet hours, never to an opted-out customer', async () => {
    let m = await t.login('M001');
    const d = await t.call('risk.event', { id: EVENT }, m);
    expect(d.script).toMatchObject({ stage: 'early', version: 1, optedOut: false });
    expect(d.script!.text).toContain('王建国您好，您尾号0001的贷款已逾期4天，逾期金额2,300.00元');

    const sent = await t.call('risk.sendScripts', { events: [EVENT] }, m);
    expect(sent.results.map((r) => [r.event, r.outcome])).toEqual([[EVENT, 'queued']]);
    const after = await t.call('risk.event', { id: EVENT }, m);
    expect(after.actions.map((a) => [a.kind, a.note])).toEqual([['message', d.script!.text]]);
    const [entry] = (await t.core.store.pouch.allDocs({ startkey: 'risk-action:', endkey: 'risk-action:\uffff', include_docs: true })).rows.map((r) => r.doc as { stage?: string; scriptVersion?: number });
    expect(entry).toMatchObject({ stage: 'early', scriptVersion: 1 });

    // 22:00 in Beijing: held until 08:00; the branch head messages both of the branch's events.
    now = new Date('2026-03-05T14:00:00Z');
    let h = await t.login('H001');
    const night = await t.call('risk.sendScripts', { events: [EVENT, OTHER] }, h);
    expect(night.results.map((r) => [r.event, r.outcome, r.sendableAt])).toEqual([
      [EVENT, 'quiet-hours', '2026-03-06T00:00:00.000Z'],
      [OTHER, 'quiet-hours', '2026-03-06T00:00:00.000Z'],
    ]);

    // The customer asks not to be messaged: the script says so and a bulk send refuses them, sending the others.
    m = await t.login('M001');
    await t.call('risk.record', { event: EVENT, action: 'opt-out', note: '客户要求不再发送消息' }, m);
    expect((await t.call('risk.event', { id: EVENT }, m)).script!.optedOut).toBe(true);
    now = new Date('2026-03-06T02:00:00Z');
    [m, h] = [await t.login('M001'), await t.login('H001')];
    const mixed = await t.call('risk.sendScripts', { events: [EVENT, OTHER] }, h);
    expect(mixed.results.map((r) => [r.event, r.outcome])).toEqual([[EVENT, 'opted-out'], [OTHER, 'queued']]);
    expect((await t.call('risk.event', { id: EVENT }, m)).actions.filter((a) => a.kind === 'message')).toHaveLength(2);
    // Not the customer manager's event: refused as a whole, nothing written.
    expect((await t.fail('risk.sendScripts', { events: [EVENT, OTHER] }, m)).code).toBe('FORBIDDEN');
  });

  it('shows a reply head office recorded against the event', async () => {
    await t.core.store.pouch.put({ _id: 'risk-reply:wx-1', type: 'risk-reply', branch: 'HM01', event: EVENT, text: '下周一还', at: '2026-03-05T03:00:00.000Z', channel: 'wecom' });
    const d = await t.call('risk.event', { id: EVENT }, await t.login('M001'));
    expect(d.actions.map((a) => [a.kind, a.note, a.byName])).toEqual([['reply', '下周一还', '客户（企业微信）']]);
  });
});
