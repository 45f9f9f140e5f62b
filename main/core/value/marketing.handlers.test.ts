import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { marketingTaskSchema } from '../../../domain/value/marketing-task';
import { createTestCore } from '../testing/test-core';

const idOf = (body: string) => body + residentIdCheckChar(body);
const PEOPLE = [
  { name: '张三', idNumber: idOf('14108119850612001'), phone: '13800138001', address: '山西省侯马市新田乡东阳村3号', village: '东阳村', group: 'farmer' },
  { name: '李四', idNumber: idOf('14108119790203002'), phone: '13800138002', address: '山西省侯马市新田乡西台神村8号', village: '西台神村', group: 'farmer' },
  { name: '王五', idNumber: idOf('14108119880917003'), phone: '13800138003', address: '山西省侯马市侯马建材市场12号', village: '侯马建材市场', group: 'merchant' },
  { name: '赵六', idNumber: idOf('14108119900101004'), phone: '13800138004', address: '山西省太原市小店区', village: '', group: 'resident' },
] as const;

let t: Awaited<ReturnType<typeof createTestCore>>;
let head: string;
let manager: string;
const ids: string[] = [];
beforeAll(async () => {
  t = await createTestCore();
  head = await t.login('H001');
  manager = await t.login('M001');
  for (const p of PEOPLE) ids.push((await t.call('customers.create', { customer: { kind: 'individual', ...p } }, manager)).id);
}, 120_000);
afterAll(() => t.dispose());

const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('点亮侯马 grid map and tasks', () => {
  it('places customers in the grid their village names, merchants as merchants, the rest counted as outside', async () => {
    const map = await t.call('marketing.map', {}, manager);
    expect(map.grids.features.map((f) => f.properties.code)).toContain('G01');
    const byId = new Map(map.points.map((p) => [p.id, p]));
    expect(byId.get(ids[0]!)).toMatchObject({ kind: 'customer', grid: 'G01', status: 'none' });
    expect(byId.get(ids[1]!)).toMatchObject({ grid: 'G01' });
    expect(byId.get(ids[2]!)).toMatchObject({ kind: 'merchant', grid: 'G08' });
    expect(byId.has(ids[3]!)).toBe(false);
    expect(map.unplaced).toBeGreaterThanOrEqual(1);
    expect(map.assignees.map((a) => a.staffNo)).toEqual(['H001', 'M001']);
    // The same place every time: the position depends on the id only.
    expect((await t.call('marketing.map', {}, manager)).points.find((p) => p.id === ids[0])!.at).toEqual(byId.get(ids[0]!)!.at);
  });

  it('refuses bad assignments whole: nothing written', async () => {
    const base = { grid: 'G01', assignee: 'M001', taskKind: 'visit' as const, targets: [ids[0]!], dueDate: later(3) };
    expect((await t.fail('marketing.assign', base, manager)).code).toBe('FORBIDDEN');
    expect((await t.fail('marketing.assign', { ...base, targets: [ids[0]!, ids[2]!] }, head)).message).toContain('不在网格');
    expect((await t.fail('marketing.assign', { ...base, assignee: 'T001' }, head)).message).toContain('不是本支行在职的客户经理');
    expect((await t.fail('marketing.assign', { ...base, taskKind: 'cross-sell' }, head)).message).toContain('须选择营销产品');
    expect((await t.fail('marketing.assign', { ...base, grid: 'G08', taskKind: 'file-merchant', targets: [ids[2]!], product: 'time-deposit' }, head)).message).toContain('只有交叉营销');
    expect((await t.fail('marketing.assign', { ...base, dueDate: '2020-01-01' }, head)).message).toContain('完成期限不能早于今天');
    expect((await t.fail('marketing.assign', { ...base, grid: 'G99' }, head)).code).toBe('NOT_FOUND');
    expect((await t.call('marketing.tasks', { scope: 'all' }, head)).tasks).toEqual([]);
  });

  it('assigns, the manager records the outcome, the board and the map move; a task is recorded once, by its manager', async () => {
    expect(await t.call('marketing.assign', { grid: 'G01', assignee: 'M001', taskKind: 'cross-sell', product: 'time-deposit', targets: [ids[0]!, ids[1]!], dueDate: later(5), taskNote: '活期转定期' }, head)).toEqual({ created: 2 });
    expect((await t.fail('marketing.assign', { grid: 'G01', assignee: 'H001', taskKind: 'visit', targets: [ids[0]!], dueDate: later(5) }, head)).message).toContain('已有未完成');
    const mine = (await t.call('marketing.tasks', {}, manager)).tasks;
    expect(mine).toHaveLength(2);
    expect((await t.call('marketing.board', {}, head)).total).toMatchObject({ tasks: 2, done: 0, doneBp: 0 });
    const task = mine.find((x) => x.target.id === ids[0])!;
    const worked = await t.call('marketing.work', { id: task.id, rev: task.rev, outcome: 'interested', outcomeNote: '下月到期转存' }, manager);
    expect(worked).toMatchObject({ status: 'done', outcome: 'interested', workedBy: 'M001' });
    expect((await t.fail('marketing.work', { id: task.id, rev: worked.rev, outcome: 'declined' }, manager)).message).toContain('不能重复登记');
    const board = await t.call('marketing.board', {}, head);
    expect(board.lines).toEqual([expect.objectContaining({ grid: 'G01', assignee: 'M001', tasks: 2, done: 1, doneBp: 5000, interested: 1 })]);
    // Coverage: every grid listed; G01's two customers, one reached; G08's merchant not yet.
    const g01 = board.coverage.grids.find((g) => g.grid === 'G01')!;
    expect(g01).toMatchObject({ inGrid: { customer: 2, household: 0, merchant: 0 }, reached: { customer: 1, household: 0, merchant: 0 }, coverageBp: 5000 });
    expect(board.coverage.grids.find((g) => g.grid === 'G08')).toMatchObject({ inGrid: { merchant: 1 }, reached: { merchant: 0 }, coverageBp: 0 });
    expect(board.coverage.grids.map((g) => g.grid)).toEqual(['G01', 'G02', 'G03', 'G04', 'G05', 'G06', 'G07', 'G08']);
    expect(board.coverage.total).toMatchObject({ reached: { customer: 1 }, coverageBp: Math.round(10000 / 3) });
    // The day before the work, nothing was reached yet.
    expect((await t.call('marketing.board', { date: later(-1) }, head)).coverage.total.coverageBp).toBe(0);
    const map = await t.call('marketing.map', {}, manager);
    expect(map.points.find((p) => p.id === ids[0])!.status).toBe('interested');
    expect(map.points.find((p) => p.id === ids[1])!.status).toBe('open');
    // Another manager may not record it; the stored document has the synced type's shape.
    await t.issue({ staffNo: 'M002', roles: ['customer-manager'] });
    const other = await t.login('M002');
    const second = mine.find((x) => x.target.id === ids[1])!;
    expect((await t.fail('marketing.work', { id: second.id, rev: second.rev, outcome: 'visited' }, other)).code).toBe('FORBIDDEN');
    expect(marketingTaskSchema.safeParse(await t.core.store.pouch.get(task.id)).success).toBe(true);
    expect((await t.fail('marketing.tasks', { scope: 'all' }, other)).code).toBe('FORBIDDEN');
  });
});
