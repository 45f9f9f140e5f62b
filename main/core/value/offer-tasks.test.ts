import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { offerTaskPlan, type MarketingTaskDoc } from '../../../domain/value/marketing-task';
import { signerOf } from '../../../trust/head-office-keys';
import { signDoc } from '../../../trust/signature';
import { createTestCore } from '../testing/test-core';
import { customerValueIdFor } from './customer-value';

const idOf = (body: string) => body + residentIdCheckChar(body);
const OFFER = { code: 'time-deposit', segment: 'idle-demand', title: '三年期定期存款', product: '定期存款', pitch: '', rulesVersion: 1, opens: 'time' };
const PEOPLE = [
  { name: '张三', idNumber: idOf('14108119850612001'), village: '东阳村', offer: true }, // G01
  { name: '李四', idNumber: idOf('14108119790203002'), village: '西台神村', offer: true }, // G01
  { name: '王五', idNumber: idOf('14108119880917003'), village: '北西庄村', offer: true }, // G02: no manager named
  { name: '赵六', idNumber: idOf('14108119900101004'), village: '东阳村', offer: false },
] as const;

describe('offerTaskPlan', () => {
  it('skips customers with an open task, given the same offer before, or who answered it; one task per customer', () => {
    const cand = (customerId: string, grid = 'G01') => ({ customerId, name: customerId, grid, offer: { code: 'o', segment: 's', title: 'T', rulesVersion: 1 } });
    const task = (id: string, status: 'open' | 'done', kind: MarketingTaskDoc['kind'] = 'visit') => ({ target: { kind: 'customer', id, name: id }, status, kind, offer: kind === 'offer' ? { code: 'o', segment: 's', title: 'T', rulesVersion: 1 } : null }) as MarketingTaskDoc;
    const r = offerTaskPlan([cand('A'), cand('A'), cand('B'), cand('C'), cand('D'), cand('E', 'G09'), cand('F')], [task('B', 'open'), task('C', 'done', 'offer'), task('F', 'done')], new Set(['D\u0000o']), { G01: 'M001' });
    expect(r.plan.map((p) => [p.customerId, p.assignee])).toEqual([['A', 'M001'], ['F', 'M001']]);
    expect(r.skipped).toEqual({ openTask: 1, offeredBefore: 1, answered: 1, noManager: 1 });
  });
});

let t: Awaited<ReturnType<typeof createTestCore>>;
let head: string;
let manager: string;
const ids: string[] = [];
const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
beforeAll(async () => {
  t = await createTestCore();
  head = await t.login('H001');
  manager = await t.login('M001');
  for (const p of PEOPLE) {
    ids.push((await t.call('customers.create', { customer: { kind: 'individual', name: p.name, idNumber: p.idNumber, phone: '13800138001', address: `山西省侯马市${p.village}`, village: p.village, group: 'farmer' } }, manager)).id);
  }
  await t.putSigned(PEOPLE.map((p) => signDoc({
    _id: customerValueIdFor(p.idNumber), type: 'customer-value', branch: 'HM01', tier: 'gold', rights: [], points: 0, rulesVersion: 1, ...(p.offer ? { offer: OFFER } : {}),
  }, signerOf(t.headOffice))));
}, 120_000);
afterAll(() => t.dispose());

describe('marketing.offerTasks: the next best offer into the manager\'s task list', () => {
  it('previews, then writes one offer task per offered customer of the named grids; again, nothing new', async () => {
    const args = { managers: { G01: 'M001' }, dueDate: later(7) };
    const preview = await t.call('marketing.offerTasks', { ...args, preview: true }, head);
    expect(preview).toEqual({ created: 0, byGrid: [{ grid: 'G01', assignee: 'M001', tasks: 2 }], skipped: { openTask: 0, offeredBefore: 0, answered: 0, noManager: 1 } });
    expect((await t.call('marketing.tasks', { scope: 'all' }, head)).tasks).toHaveLength(0);
    expect((await t.call('marketing.offerTasks', args, head)).created).toBe(2);
    const mine = (await t.call('marketing.tasks', {}, manager)).tasks;
    expect(mine.map((x) => [x.kind, x.target.id, x.offer?.code])).toEqual(expect.arrayContaining([['offer', ids[0], 'time-deposit'], ['offer', ids[1], 'time-deposit']]));
    expect((await t.call('marketing.offerTasks', args, head)).skipped).toMatchObject({ openTask: 2 });
    expect((await t.fail('marketing.offerTasks', args, manager)).code).toBe('FORBIDDEN');
    expect((await t.fail('marketing.offerTasks', { ...args, managers: { G01: 'T001' } }, head)).message).toContain('不是本支行在职的客户经理');
  });

  it('a visit that finds the customer interested counts as accepted in the funnel (channel: task); not offered again', async () => {
    const task = (await t.call('marketing.tasks', {}, manager)).tasks.find((x) => x.target.id === ids[0])!;
    await t.call('marketing.work', { id: task.id, rev: task.rev, outcome: 'interested', outcomeNote: '下周来办' }, manager);
    const d = await t.call('value.dashboard', {}, head);
    expect(d.funnelByChannel.task).toMatchObject({ shown: 1, accepted: 1, opened: 0 });
    expect((await t.call('marketing.offerTasks', { managers: { G01: 'M001' }, dueDate: later(7), preview: true }, head)).skipped).toMatchObject({ openTask: 1, offeredBefore: 1 });
  });
});
