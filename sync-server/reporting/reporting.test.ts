import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ON_CLUSTER, startTestServer, TEST_ADMIN, type TestServer } from '../test-support';
import { provisionBranch } from '../provision';
import { openReportingStore, type ReportingStore } from './reporting-store';
import { followBranches, type Follower } from './follower';

const DEVICE_PASSWORD = 'device-password-1';
const device = (branch: string) => ({ name: `${branch.toLowerCase()}-desk-1`, password: DEVICE_PASSWORD });
const SHARED_ID = '11010519491231002X';
const customer = (n: string, name: string, idNumber?: string) => ({ _id: `customer:01J00000000000000000000${n}`, type: 'customer', kind: 'individual', name, phone: '13900000000', address: '侯马', ...(idNumber ? { idNumber } : {}) });
const ticket = (day: string, number: string, state: string) => ({ _id: `queue-ticket:${day}:${number}`, type: 'queue-ticket', day, number, service: 'cash', state, issuedAt: `${day}T01:00:00.000Z`, visits: [], events: [] });
const application = (n: string, branch: string, fen: number, state: string) => ({
  _id: `loanapp:${n}`, type: 'loanapp', branch, customerId: 'customer:X', productCode: 'farmer', state, requestedAmountFen: fen, termMonths: 12, steps: [],
  createdAt: '2026-12-06T01:00:00.000Z', createdBy: 'M001', updatedAt: '2026-12-06T01:00:00.000Z',
});

let server: TestServer;
let dir: string;
let store: ReportingStore;
let follower: Follower;
const pages: string[] = [];
/** Every document written through a branch device, as [database, id]: what the follower must have brought in. */
const written: Array<[string, string]> = [];

/** Written as a branch device writes: its own credential, its own database. */
async function write(branch: string, doc: Record<string, unknown>): Promise<string> {
  const res = await server.req('PUT', `/branch-${branch.toLowerCase()}/${encodeURIComponent(String(doc._id))}`, { body: doc, auth: device(branch) });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  written.push([`branch-${branch.toLowerCase()}`, String(doc._id)]);
  return res.json.rev as string;
}

async function until<T>(what: () => T | null | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  server = await startTestServer();
  for (const b of ['HM01', 'HM02']) await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: b, deviceUser: device(b).name, password: DEVICE_PASSWORD });
  await write('HM01', customer('0A', '王五', SHARED_ID));
  await write('HM01', customer('0B', '李四'));
  await write('HM01', application('01', 'HM01', 20_000_000, 'submitted'));
  await write('HM01', application('02', 'HM01', 5_000_000, 'draft'));
  await write('HM02', customer('0C', '王五', SHARED_ID));
  await write('HM02', ticket('2026-12-06', 'A001', 'done'));
  await write('HM02', ticket('2026-12-06', 'A002', 'waiting'));
  await write('HM02', ticket('2026-12-05', 'A001', 'done'));
  dir = mkdtempSync(join(tmpdir(), 'jw-reporting-'));
  store = openReportingStore(join(dir, 'reporting.sqlite'));
  follower = followBranches({ target: { url: server.url, user: TEST_ADMIN }, store, discoverEveryMs: 300, onPage: (db) => pages.push(db) });
  await follower.caughtUp;
  // On the cluster (n=3, w=2) a write is acknowledged by two replicas, and the `_changes` page that told the
  // follower it had caught up may have come from the third, which had not received it yet: the write arrives
  // on the follower's next longpoll, a moment later. Ours and a single node answer from the one copy, so there
  // "caught up" must already mean every write is in the store — checked as is.
  if (ON_CLUSTER) await until(() => written.every(([db, id]) => store.seenAt(db, id)), 30_000);
});
afterAll(async () => {
  await follower?.stop();
  store?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('head office\'s reporting store, following every branch', () => {
  it('shows each branch\'s credit and queue figures side by side', () => {
    const board = store.dashboard('2026-12-06');
    expect(board.map((b) => b.branch)).toEqual(['HM01', 'HM02']);
    const [hm01, hm02] = board;
    expect(hm01).toMatchObject({ customers: 2, applications: { submitted: 1, draft: 1 }, requestedFen: 25_000_000, ticketsToday: 0 });
    expect(hm02).toMatchObject({ customers: 1, applications: {}, requestedFen: 0, ticketsToday: 2, waitingNow: 1 });
  });

  it('finds a customer filed in two branches under the same ID number', () => {
    expect(store.sharedCustomers()).toEqual([
      { idNumber: SHARED_ID, places: [
        { branch: 'HM01', customerId: 'customer:01J000000000000000000000A', name: '王五' },
        { branch: 'HM02', customerId: 'customer:01J000000000000000000000C', name: '王五' },
      ] },
    ]);
  });

  it('brings a branch write in within 5 s (longpoll), and a deletion removes it', async () => {
    const t0 = Date.now();
    const rev = await write('HM02', customer('0D', '赵六'));
    await until(() => store.seenAt('branch-hm02', 'customer:01J000000000000000000000D'));
    expect(Date.now() - t0).toBeLessThan(5_000);
    const del = await server.req('DELETE', `/branch-hm02/customer:01J000000000000000000000D?rev=${rev}`, { auth: device('HM02') });
    expect(del.status).toBe(200);
    await until(() => store.seenAt('branch-hm02', 'customer:01J000000000000000000000D') === null);
  });

  it('picks up a branch opened after it started', async () => {
    await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM03', deviceUser: device('HM03').name, password: DEVICE_PASSWORD });
    await write('HM03', customer('0E', '孙七', SHARED_ID));
    await until(() => store.sharedCustomers()[0]?.places.length === 3);
  });

  it('resumes from its checkpoints after a restart without reading any branch again from the start', async () => {
    await follower.stop();
    await write('HM01', customer('0F', '周八'));
    pages.length = 0;
    follower = followBranches({ target: { url: server.url, user: TEST_ADMIN }, store, discoverEveryMs: 300, onPage: (db) => pages.push(db) });
    await follower.caughtUp;
    await until(() => store.seenAt('branch-hm01', 'customer:01J000000000000000000000F'));
    expect(pages).toEqual(['branch-hm01']);
    expect(store.dashboard('2026-12-06').map((b) => b.customers)).toEqual([3, 1, 1]);
  });
});
