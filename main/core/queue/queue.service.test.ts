import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import type { EventMessage } from '../api/transport';
import { isPublicEvent } from '../api/contract';
import { getSqlite } from '../../../db/projection';
import { createTestCore } from '../testing/test-core';
import type { QueueCall, QueueBoard } from './queue.contract';
import { BOARD_PUSH_MS } from './queue-board';
import { queueDeviceKeys } from './queue-device';
import { DEMO_MARKETING, seedQueueDemo } from './queue-marketing';

const START = Date.parse('2026-11-30T01:00:00Z'); // 09:00 in the branch

describe('queue service', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let nowMs = START;
  let kioskKey: string;
  let events: EventMessage[];
  const advance = (sec: number) => { nowMs += sec * 1000; };
  const watch = () => t.core.onEvent((e) => events.push(e));

  beforeEach(async () => {
    nowMs = START;
    events = [];
    t = await createTestCore({ clock: () => new Date(nowMs) });
    kioskKey = queueDeviceKeys(t.core.secrets).kioskKey;
    watch();
  });
  afterEach(async () => t.dispose());

  const issue = (service: string, extra: Record<string, unknown> = {}) => t.call('queue.issue', { service, kioskKey, ...extra });

  it('issues numbered tickets per service from the kiosk key only, and shows them on the public board', async () => {
    const a1 = await issue('cash');
    const a2 = await issue('cash');
    const c1 = await issue('loan');
    expect([a1.number, a2.number, c1.number]).toEqual(['A001', 'A002', 'C001']);
    expect([a1.ahead, a2.ahead, c1.ahead]).toEqual([0, 1, 0]);
    // No counter has opened yet, so the four configured cash counters are assumed idle: no wait for the first four.
    expect([a1.estimateSec, a2.estimateSec]).toEqual([0, 0]);
    await issue('cash');
    await issue('cash');
    // Fifth cash ticket: 4 ahead, 4 idle → one service (default 240 s) over the cash capacity 1 + 1 + ⅓ (counter 3
    // is shared with the waiting loan) + 1.
    expect((await issue('cash')).estimateSec).toBe(72);
    expect(a1).toMatchObject({ service: 'cash', serviceName: '现金业务', state: 'waiting', branchName: '侯马支行', printedBy: null });

    const anon = await t.fail('queue.issue', { service: 'cash' });
    expect(anon).toMatchObject({ code: 'UNAUTHENTICATED', key: 'queue.error.kioskOnly' });
    expect((await t.fail('queue.issue', { service: 'cash', kioskKey: 'x'.repeat(32) })).code).toBe('UNAUTHENTICATED');
    const manager = await t.login('M001');
    expect((await t.fail('queue.issue', { service: 'cash' }, manager)).code).toBe('FORBIDDEN');
    // A teller may issue for a walk-in without the key.
    expect((await t.call('queue.issue', { service: 'cash' }, await t.login('T001'))).number).toBe('A006');

    const board = await t.call('queue.board', {}); // no token: the hall display
    expect(board.services.find((s) => s.code === 'cash')).toMatchObject({ prefix: 'A', waiting: 6 });
    expect(board.services.find((s) => s.code === 'loan')).toMatchObject({ prefix: 'C', waiting: 1 });
    await vi.waitFor(() => expect(events.filter((e) => e.name === 'queue.updated').length).toBeGreaterThan(0));
    expect(isPublicEvent('queue.updated') && isPublicEvent('queue.called')).toBe(true);
    expect(isPublicEvent('customer.changed')).toBe(false);
  });

  it('VIP is not self-declared: the kiosk\'s VIP button gets nothing; staff issue VIP; an ID card marks seniors', async () => {
    // Attacker at the kiosk: presses VIP (or calls the API with priority "vip") to jump the line.
    expect((await t.fail('queue.issue', { service: 'vip', kioskKey, priority: 'vip' })).key).toBe('queue.error.vipOnly');
    const claimed = await issue('cash', { priority: 'vip' });
    expect(claimed.priority).toBeNull();
    // Staff who may call tickets mark a VIP they have checked.
    expect((await t.call('queue.issue', { service: 'vip', priority: 'vip' }, await t.login('T001'))).number).toBe('V001');
    const body = '14108119501130001';
    const elder = await issue('cash', { idNumber: body + residentIdCheckChar(body) });
    expect(elder.priority).toBe('elder');
    const bad = await t.fail('queue.issue', { service: 'cash', kioskKey, idNumber: '141081195011300019' });
    expect(bad.fields?.[0]).toMatchObject({ path: 'idNumber' });
    const doc = await t.core.store.pouch.get(elder.id);
    expect(JSON.stringify(doc)).not.toContain(body);
  });

  it('verified VIP comes from the one hook that decides it from what the kiosk device knows', async () => {
    const body = '14108119850612001';
    const vipId = body + residentIdCheckChar(body);
    const asked: (string | null)[] = [];
    const hooked = await createTestCore({ verifiedVip: async ({ idNumber }) => (asked.push(idNumber), { vip: idNumber === vipId, offer: null }) });
    try {
      const key = queueDeviceKeys(hooked.core.secrets).kioskKey;
      expect((await hooked.call('queue.issue', { service: 'vip', kioskKey: key, idNumber: vipId })).priority).toBe('vip');
      expect((await hooked.call('queue.issue', { service: 'cash', kioskKey: key })).priority).toBeNull();
      expect(asked).toEqual([vipId, null]);
    } finally {
      await hooked.dispose();
    }
  });

  it('does not tell the kiosk whether an ID number belongs to a customer (no oracle)', async () => {
    const customerBody = '14108119850612001';
    const strangerBody = '14108119850612002';
    const customerId = customerBody + residentIdCheckChar(customerBody);
    const strangerId = strangerBody + residentIdCheckChar(strangerBody);
    await t.call('customers.create', {
      customer: { kind: 'individual', name: '张三', idNumber: customerId, phone: '13800138000', address: '山西省侯马市新田乡东阳村', village: '东阳村', group: 'farmer' },
    }, await t.login('T001'));
    // The same request for a customer and for a stranger: the answers differ only in the ticket's own number.
    const strip = (x: Record<string, unknown>) => {
      const { id: _id, number: _n, ahead: _a, estimateSec: _e, ...rest } = x;
      return rest;
    };
    const forCustomer = await issue('cash', { idNumber: customerId });
    const forStranger = await issue('cash', { idNumber: strangerId });
    expect(forCustomer.customerId).toBeNull();
    expect(strip(forCustomer as unknown as Record<string, unknown>)).toEqual(strip(forStranger as unknown as Record<string, unknown>));
    expect(Object.keys(forCustomer).sort()).toEqual(Object.keys(forStranger).sort());
    // Nor is the link stored where the counter PCs (or anyone reading the queue device) could read it back.
    expect(((await t.core.store.pouch.get(forCustomer.id)) as { customerId: unknown }).customerId).toBeNull();
  });

  it('runs a counter: call, recall, start, finish, no-show, transfer — and says so when nobody waits', async () => {
    const teller = await t.login('T001');
    const none = await t.fail('queue.callNext', { counter: 1 }, teller);
    expect(none).toMatchObject({ code: 'NOT_FOUND', key: 'queue.error.noneWaiting' });
    expect(none.message).toBe('1号窗口可办理的业务（现金业务）暂无人等候');

    await issue('cash');
    await issue('cash');
    await issue('loan');
    advance(60);
    const called = await t.call('queue.callNext', { counter: 1 }, teller);
    expect(called).toMatchObject({ number: 'A001', state: 'called', counter: 1 });
    const call = events.filter((e) => e.name === 'queue.called').at(-1)!.payload as QueueCall;
    expect(call).toMatchObject({ number: 'A001', counter: 1, counterName: '1号窗口', recall: false });
    expect((await t.fail('queue.callNext', { counter: 1 }, teller)).key).toBe('queue.error.counterBusy');

    advance(20);
    expect((await t.call('queue.recall', { counter: 1 }, teller)).recalls).toBe(1);
    expect((events.filter((e) => e.name === 'queue.called').at(-1)!.payload as QueueCall).recall).toBe(true);
    await t.call('queue.start', { counter: 1 }, teller);
    advance(200);
    expect((await t.call('queue.finish', { counter: 1 }, teller)).state).toBe('done');

    // Counter 1 serves cash only: it cannot call loans.
    const notHere = await t.fail('queue.callNext', { counter: 1, service: 'loan' }, teller);
    expect(notHere).toMatchObject({ code: 'FORBIDDEN', key: 'queue.error.serviceNotAtCounter' });
    expect(notHere.message).toContain('1号窗口未配置贷款业务');

    const a2 = await t.call('queue.callNext', { counter: 1 }, teller);
    expect(a2.number).toBe('A002');
    advance(30);
    expect((await t.call('queue.noShow', { counter: 1 }, teller)).state).toBe('no-show');
    expect((await t.fail('queue.start', { counter: 1 }, teller)).key).toBe('queue.error.noCurrent');

    // Counter 3 takes the loan, then sends the customer to cash at counter 2 — who gets it before A-tickets waiting.
    await issue('cash');
    const t2 = await t.login('T001');
    const c1 = await t.call('queue.callNext', { counter: 3 }, t2);
    expect(c1.number).toBe('C001');
    await t.call('queue.start', { counter: 3 }, t2);
    expect((await t.fail('queue.transfer', { counter: 3, toService: 'loan', toCounter: 1 }, t2)).key).toBe('queue.error.counterLacksService');
    const moved = await t.call('queue.transfer', { counter: 3, toService: 'cash', toCounter: 2 }, t2);
    expect(moved).toMatchObject({ number: 'C001', service: 'cash', state: 'waiting', front: true, targetCounter: 2 });
    // Counter 1 cannot take a ticket sent to counter 2; it gets the waiting A003.
    expect((await t.call('queue.callNext', { counter: 1 }, teller)).number).toBe('A003');
    expect((await t.call('queue.callNext', { counter: 2 }, t2)).number).toBe('C001');
    const board = await t.call('queue.board', {});
    expect(board.latest.slice(0, 2).map((c) => [c.number, c.counter])).toEqual([['C001', 2], ['A003', 1]]);
    expect(board.counters.find((c) => c.no === 2)).toMatchObject({ open: true, current: 'C001' });
    // Who sits at a counter is for staff screens; the public board (hall TV, kiosk, anyone on the LAN) never shows it.
    expect(JSON.stringify(board)).not.toMatch(/T001|teller/);
    expect((await t.call('queue.counterState', { counter: 2 }, t2)).counter).toMatchObject({ teller: 'T001', current: 'C001' });
  });

  it('pausing a counter stops its calls; a retried call with the same request id gets the same ticket', async () => {
    const teller = await t.login('T001');
    await issue('cash');
    await issue('cash');
    await t.call('queue.pause', { counter: 1, paused: true }, teller);
    expect((await t.fail('queue.callNext', { counter: 1 }, teller)).key).toBe('queue.error.paused');
    expect((await t.call('queue.board', {})).counters[0]).toMatchObject({ paused: true, open: false });
    await t.call('queue.pause', { counter: 1, paused: false }, teller);
    const first = await t.call('queue.callNext', { counter: 1, requestId: 'req-0001-abc' }, teller);
    const again = await t.call('queue.callNext', { counter: 1, requestId: 'req-0001-abc' }, teller);
    expect(again.id).toBe(first.id);
    // Even after a restart (the reply cache is gone) the stored request id answers the retry.
    await t.restart();
    const after = await t.call('queue.callNext', { counter: 1, requestId: 'req-0001-abc' }, await t.login('T001'));
    expect(after.number).toBe('A001');
  });

  it('two counters calling at the same moment never get the same ticket (hammer)', async () => {
    const TICKETS = 40;
    for (let i = 0; i < TICKETS; i++) await issue(i % 4 === 0 ? 'corporate' : 'cash');
    const tokens = await Promise.all([1, 2, 3, 4].map(() => t.login('T001')));
    const calledBy = new Map<string, number>();
    const misses: string[] = [];
    await Promise.all([1, 2, 3, 4].map(async (counter, i) => {
      for (;;) {
        const results = await Promise.all([0, 1, 2].map(() => t.core.call({ method: 'queue.callNext', args: { counter }, token: tokens[i] })));
        const ok = results.filter((r) => r.ok).map((r) => (r as { value: { number: string } }).value.number);
        // Only one of three simultaneous calls from one counter can win; the others see it busy or nobody waiting.
        expect(ok.length).toBeLessThanOrEqual(1);
        for (const r of results) if (!r.ok) misses.push(r.error.key);
        if (!ok.length) {
          if (results.every((r) => !r.ok && r.error.key === 'queue.error.noneWaiting')) return;
          continue;
        }
        const number = ok[0]!;
        expect(calledBy.has(number), `${number} called twice`).toBe(false);
        calledBy.set(number, counter);
        await t.call('queue.finish', { counter }, tokens[i]);
      }
    }));
    expect(calledBy.size).toBe(TICKETS);
    // Counter 1 serves only cash: it never got a B ticket.
    expect([...calledBy].filter(([n, c]) => c === 1 && n.startsWith('B'))).toEqual([]);
    expect(new Set(misses)).toEqual(new Set(['queue.error.counterBusy', 'queue.error.noneWaiting']));
  });

  it('concurrent kiosks never issue the same number', async () => {
    const issued = await Promise.all(Array.from({ length: 60 }, (_, i) => issue(i % 2 ? 'cash' : 'loan')));
    const numbers = issued.map((x) => x.number);
    expect(new Set(numbers).size).toBe(60);
    expect(numbers.filter((n) => n.startsWith('A')).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
    expect(issued.filter((x) => x.service === 'cash').map((x) => x.ahead).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('restores the queue exactly after a restart; the day sequence survives; numbers restart the next day', async () => {
    const teller = await t.login('T001');
    for (const s of ['cash', 'cash', 'loan', 'cash']) await issue(s);
    await t.call('queue.callNext', { counter: 1 }, teller);
    await t.call('queue.start', { counter: 1 }, teller);
    await t.call('queue.callNext', { counter: 3 }, teller);
    const before = await t.call('queue.board', {});
    const stateBefore = await t.call('queue.counterState', { counter: 1 }, teller);

    await t.restart();
    const after = await t.call('queue.board', {});
    expect(after).toEqual(before);
    const teller2 = await t.login('T001');
    expect(await t.call('queue.counterState', { counter: 1 }, teller2)).toEqual(stateBefore);
    expect((await issue('cash')).number).toBe('A004');
    expect((await t.call('queue.finish', { counter: 1 }, teller2)).number).toBe('A001');
    expect((await t.call('queue.callNext', { counter: 1 }, teller2)).number).toBe('A002');

    nowMs = Date.parse('2026-11-30T16:10:00Z'); // 00:10 on 1 December in the branch
    expect((await issue('cash')).number).toBe('A001');
    const board = await t.call('queue.board', {});
    expect(board.day).toBe('2026-12-01');
    expect(board.latest).toEqual([]);
    expect(board.services.find((s) => s.code === 'cash')!.waiting).toBe(1);
  });

  it('calls priority customers first but never more than three in a row while others wait', async () => {
    const teller = await t.login('T001');
    await issue('cash');
    for (let i = 0; i < 5; i++) await issue('cash', { priority: 'elder' });
    advance(10);
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      order.push((await t.call('queue.callNext', { counter: 1 }, teller)).number);
      await t.call('queue.finish', { counter: 1 }, teller);
    }
    expect(order).toEqual(['A002', 'A003', 'A004', 'A001', 'A005', 'A006']);
  });

  it('estimates from measured service times and reports statistics, estimate error and CSV', async () => {
    const teller = await t.login('T001');
    await t.call('queue.openCounter', { counter: 1 }, teller);
    for (let i = 0; i < 4; i++) await issue('cash');
    // Serve four customers at 100 s each at counter 1 (the only open counter).
    for (let i = 0; i < 4; i++) {
      advance(10);
      await t.call('queue.callNext', { counter: 1 }, teller);
      await t.call('queue.start', { counter: 1 }, teller);
      advance(90);
      await t.call('queue.finish', { counter: 1 }, teller);
    }
    for (let i = 0; i < 3; i++) await issue('cash');
    const board = await t.call('queue.board', {});
    // Median occupancy (call to finish) 90 s, one open idle counter, three waiting: 90 × (3 − 1 + 1).
    expect(board.services.find((s) => s.code === 'cash')!.estimateSec).toBe(270);

    const head = await t.login('H001');
    expect((await t.fail('queue.stats', { from: '2026-11-30', to: '2026-11-30' }, teller)).code).toBe('FORBIDDEN');
    const stats = await t.call('queue.stats', { from: '2026-11-30', to: '2026-11-30' }, head);
    const cash = stats.byService.find((l) => l.key === 'cash')!;
    expect(cash).toMatchObject({ tickets: 7, served: 4, noShows: 0, avgServiceSec: 90, p90ServiceSec: 90 });
    // Waits: 10, 110, 210, 310 s.
    expect(cash.avgWaitSec).toBe(160);
    expect(cash.p90WaitSec).toBe(310);
    expect(stats.byTeller).toEqual([expect.objectContaining({ key: 'T001', served: 4 })]);
    expect(stats.tellerNames.T001).toBe('测试T001');
    expect(stats.byHour[0]).toMatchObject({ hour: 9, issued: 7, called: 4 });
    expect(stats.estimate.samples).toBe(4);
    const csv = await t.call('queue.statsCsv', { from: '2026-11-30', to: '2026-11-30' }, head);
    expect(csv.filename).toBe('queue-stats-2026-11-30_2026-11-30.csv');
    expect(csv.csv.startsWith('\ufeff维度,名称,取号数')).toBe(true);
    expect(csv.csv).toContain('业务,现金业务,7,4,0,0,160,310,90,90');
  });

  it('the branch head changes a counter service mix; a bad configuration is refused naming the rule', async () => {
    const teller = await t.login('T001');
    const head = await t.login('H001');
    const config = await t.call('queue.config', {}, teller);
    const changed = { ...config, counters: config.counters.map((c) => (c.no === 1 ? { ...c, services: [{ service: 'loan', weight: 1 }] } : c)) };
    expect((await t.fail('queue.saveConfig', { config: changed }, teller)).code).toBe('FORBIDDEN');
    const dup = { ...config, services: config.services.map((s) => (s.code === 'loan' ? { ...s, prefix: 'A' } : s)) };
    const refused = await t.fail('queue.saveConfig', { config: dup }, head);
    expect(refused.fields?.[0]).toMatchObject({ path: 'services.2.prefix', key: 'queue.config.duplicatePrefix', message: '号码字头A已被其他业务使用' });
    await t.call('queue.saveConfig', { config: changed }, head);
    await issue('loan');
    await issue('cash');
    expect((await t.call('queue.callNext', { counter: 1 }, teller)).number).toBe('C001');
    expect((await t.fail('queue.callNext', { counter: 1, service: 'cash' }, teller)).key).toBe('queue.error.serviceNotAtCounter');
    await t.restart();
    expect((await t.call('queue.board', {})).counters[0]!.services).toEqual([{ service: 'loan', weight: 1 }]);
  });

  it('pushes the board to listeners with each call', async () => {
    const teller = await t.login('T001');
    await issue('loan');
    events = [];
    await t.call('queue.callNext', { counter: 3 }, teller);
    // The call is announced before the reply; the board follows off the write path.
    expect(events.map((e) => e.name)).toEqual(['queue.called']);
    await vi.waitFor(() => expect(events.map((e) => e.name)).toEqual(['queue.called', 'queue.updated']));
    const board = events[1]!.payload as QueueBoard;
    expect(board.latest[0]).toMatchObject({ number: 'C001', counter: 3, serviceName: '贷款业务' });
  });
  it('coalesces board pushes during a burst of tickets and still ends on the final board', async () => {
    await issue('cash');
    await vi.waitFor(() => expect(events.filter((e) => e.name === 'queue.updated')).toHaveLength(1));
    events = [];
    // Ten separate write batches in quick succession: pushes follow the clock, not the number of batches.
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) await issue('cash');
    const elapsed = performance.now() - t0;
    await new Promise((r) => setTimeout(r, BOARD_PUSH_MS * 2.5));
    const pushed = events.filter((e) => e.name === 'queue.updated');
    expect(pushed.length).toBeLessThanOrEqual(Math.ceil(elapsed / BOARD_PUSH_MS) + 1);
    expect(pushed.length).toBeLessThan(10);
    expect((pushed.at(-1)!.payload as QueueBoard).services.find((s) => s.code === 'cash')?.waiting).toBe(11);
  });

  it('counts the waiting lines from the covering index alone', async () => {
    await issue('cash');
    const plan = getSqlite(t.core.store.pouch)
      .prepare(`EXPLAIN QUERY PLAN SELECT service, COUNT(*) AS total, SUM(CASE WHEN front = 1 OR priority IS NOT NULL THEN 1 ELSE 0 END) AS fp
                  FROM queue_ticket WHERE day = ? AND state = 'waiting' GROUP BY service`)
      .all('2026-11-30') as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toContain('COVERING INDEX queue_ticket_waiting');
  });
  it('shows the marketing head office published to the reference database, in its dates, kiosk items only', async () => {
    expect(await t.call('queue.marketing', {})).toEqual([]);
    const ref = t.core.reference.pouch;
    expect(await seedQueueDemo(ref)).toBe(DEMO_MARKETING.length);
    expect(await seedQueueDemo(ref)).toBe(0);
    const day = (offset: number) => new Date(START + offset * 86_400_000).toISOString();
    await ref.bulkDocs([
      { _id: 'marketing:desk', type: 'marketing', audience: 'desk', title: '柜面提示', body: '仅柜员可见' },
      { _id: 'marketing:ended', type: 'marketing', audience: 'all', title: '已结束', body: '活动已结束', validTo: day(-1) },
      { _id: 'marketing:later', type: 'marketing', audience: 'kiosk', title: '下周开始', body: '尚未开始', validFrom: day(7) },
      { _id: 'marketing:now', type: 'marketing', audience: 'kiosk', title: '本周特惠', body: '进行中', validFrom: day(-1), validTo: day(1) },
      { _id: 'marketing:last-day', type: 'marketing', audience: 'all', title: '今日截止', body: '最后一天', validFrom: day(-3).slice(0, 10), validTo: day(0).slice(0, 10) },
      { _id: 'marketing:bad-date', type: 'marketing', audience: 'all', title: '日期有误', body: '不显示', validTo: '下周五' },
      { _id: 'marketing:broken', type: 'marketing', audience: 'kiosk', body: '缺标题' },
    ]);
    // The branch's own database is not where the kiosk's items come from.
    await t.core.store.pouch.put({ _id: 'marketing:local', type: 'marketing', audience: 'kiosk', title: '本地', body: '不应显示' });
    const shown = await t.call('queue.marketing', {});
    expect(shown.map((m) => m.id).sort()).toEqual([...DEMO_MARKETING.map((d) => d._id), 'marketing:last-day', 'marketing:now'].sort());
    // An open kiosk is told when head office's publication changes the items.
    await vi.waitFor(() => expect(events.filter((e) => e.name === 'queue.marketing').at(-1)?.payload).toEqual(shown));
    expect(isPublicEvent('queue.marketing')).toBe(true);
    await ref.put({ ...(await ref.get('marketing:now')), title: '本周特惠（延长）' });
    await vi.waitFor(() => expect((events.filter((e) => e.name === 'queue.marketing').at(-1)?.payload as { title: string }[]).map((m) => m.title)).toContain('本周特惠（延长）'));
    expect(shown.find((m) => m.id === 'marketing:demo-fnd')).toEqual({ id: 'marketing:demo-fnd', title: '富农贷 · 春耕备耕', body: DEMO_MARKETING[0]!.body, tag: '精微快贷' });
  });
});
