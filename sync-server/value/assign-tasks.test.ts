import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdFor } from '../../domain/post-loan/feed-generator';
import { mulberry32 } from '../../domain/random';
import type { MarketingTaskDoc } from '../../domain/value/marketing-task';
import { provisionBranch } from '../provision';
import { startTestServer, type TestServer } from '../test-support';
import { FEED_PUBLISHER_ROLE } from '../validation/policy';
import { AssignRefusal, assignFromHeadOffice, type CentralAssignment } from './assign-tasks';
import { branchTaskBoards } from './task-board';

/**
 * 点亮侯马, head office's side: tasks assigned centrally into a branch's database (the branch pulls them), and the
 * T+1 board with each grid's coverage, read from what the branch synced up.
 */
let server: TestServer;
const device = { name: 'hm01-pc', password: 'device-password-01' };
const publisher = { name: 'hq-feeds', password: 'feeds-password-01' };
const target = () => ({ url: server.url, user: publisher });
const now = new Date('2026-11-03T02:00:00Z');
const rng = mulberry32(41);
const customer = (n: number, village: string, group: string) => ({
  _id: `customer:01J000000000000000000000${String(n).padStart(2, '0')}`, type: 'customer', kind: 'individual', name: `客户${n}`,
  idNumber: residentIdFor(rng, n), phone: `139035700${String(n).padStart(2, '0')}`, address: `山西省侯马市${village}${n}号`, village, group,
  createdAt: now.toISOString(), updatedAt: now.toISOString(),
});
const staff = (staffNo: string, roles: string[], active = true) => ({
  _id: `staff:${staffNo}`, type: 'staff', staffNo, name: `员工${staffNo}`, roles, branch: 'HM01', active,
  passwordHash: `scrypt$16384$8$1$${'A'.repeat(22)}$${'B'.repeat(43)}=`, mustChangePassword: false, version: 1, updatedAt: now.toISOString(), request: null,
  sig: { alg: 'ed25519', keyId: '0123456789abcdef', value: `${'A'.repeat(86)}==` },
});
const base: CentralAssignment = { branch: 'HM01', grid: 'G01', assignee: 'M001', kind: 'visit', due: '2026-11-10', count: 2, note: '总行统一走访', now };

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: { name: 'hq-admin', password: 'hq-admin-password' }, branchCode: 'HM01', deviceUser: device.name, password: device.password });
  await server.req('PUT', `/_users/org.couchdb.user:${publisher.name}`, { body: { name: publisher.name, password: publisher.password, roles: [FEED_PUBLISHER_ROLE], type: 'user' } });
  for (const s of [staff('M001', ['customer-manager']), staff('T001', ['teller']), staff('M009', ['customer-manager'], false)]) {
    expect((await server.req('PUT', `/branch-hm01/${s._id}`, { body: s })).status).toBe(201);
  }
  const customers = [customer(1, '东阳村', 'farmer'), customer(2, '西台神村', 'farmer'), customer(3, '东阳村', 'farmer'), customer(4, '侯马建材市场', 'merchant')];
  for (const c of customers) {
    const r = await server.req('PUT', `/branch-hm01/${c._id}`, { body: c, auth: device });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
}, 60_000);
afterAll(async () => {
  await server.stop();
});

const tasksInDb = async () =>
  ((await server.req('GET', '/branch-hm01/_all_docs?include_docs=true&startkey="marketing-task:"&endkey="marketing-task:\ufff0"')).json.rows as { doc: MarketingTaskDoc & { _rev: string } }[]).map((r) => r.doc);

describe('head office assigns marketing tasks to a branch grid', () => {
  it('refuses what the branch head would be refused, writing nothing', async () => {
    const refusal = (a: Partial<CentralAssignment>) => assignFromHeadOffice(target(), { ...base, ...a }).then(() => null, (e: unknown) => e);
    const cases: [Partial<CentralAssignment>, RegExp][] = [
      [{ grid: 'G99' }, /没有网格 G99/],
      [{ assignee: 'T001' }, /T001 不是支行 HM01 在职的客户经理/],
      [{ assignee: 'M009' }, /M009 不是/],
      [{ assignee: 'X404' }, /X404 不是/],
      [{ kind: 'cross-sell' }, /须指定营销产品/],
      [{ product: 'time-deposit' }, /只有交叉营销/],
      [{ due: '2026-11-02' }, /完成期限不能早于今天（2026-11-03）/],
      [{ grid: 'G02', kind: 'file-merchant' }, /没有尚无任务的商户/],
    ];
    for (const [a, message] of cases) {
      const e = await refusal(a);
      expect(e, JSON.stringify(a)).toBeInstanceOf(AssignRefusal);
      expect((e as Error).message).toMatch(message);
    }
    expect(await tasksInDb()).toEqual([]);
  });

  it('writes tasks for the grid\'s untasked targets, as head office; a second run skips the ones already open', async () => {
    const first = await assignFromHeadOffice(target(), base);
    expect(first.created.map((t) => t.target.name)).toEqual(['客户1', '客户2']);
    const second = await assignFromHeadOffice(target(), { ...base, count: 5 });
    expect(second.created.map((t) => t.target.name)).toEqual(['客户3']);
    await expect(assignFromHeadOffice(target(), base)).rejects.toThrow(/网格 G01（东阳·西台神网格）内没有尚无任务的/);
    const stored = await tasksInDb();
    expect(stored).toHaveLength(3);
    expect(stored.every((t) => t.assignedBy === 'HO' && t.assignee === 'M001' && t.assigneeName === '员工M001' && t.grid === 'G01' && t.status === 'open')).toBe(true);
  });

  it('shows the T+1 board with each grid\'s coverage once the manager\'s work synced up', async () => {
    const [task] = (await tasksInDb()).filter((t) => t.target.name === '客户1');
    const worked = { ...task!, status: 'done', outcome: 'visited', outcomeNote: '已介绍定期', workedAt: '2026-11-04T03:00:00.000Z', workedBy: 'M001' };
    expect((await server.req('PUT', `/branch-hm01/${task!._id}`, { body: worked, auth: device })).status).toBe(201);
    const [board] = await branchTaskBoards({ target: target(), date: '2026-11-04', branches: ['HM01'] });
    expect(board!.total).toMatchObject({ tasks: 3, done: 1 });
    expect(board!.coverage.grids.find((g) => g.grid === 'G01')).toEqual({
      grid: 'G01', inGrid: { customer: 3, household: 0, merchant: 0 }, reached: { customer: 1, household: 0, merchant: 0 }, coverageBp: 3333,
    });
    expect(board!.coverage.grids.find((g) => g.grid === 'G08')).toMatchObject({ inGrid: { merchant: 1 }, coverageBp: 0 });
    expect(board!.coverage.total.coverageBp).toBe(2500);
  });
});
