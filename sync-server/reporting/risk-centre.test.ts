import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/sqlite';
import { DEFAULT_DISPATCH_RULES } from '../../domain/post-loan/dispatch';
import { headerLine } from '../../domain/post-loan/feed-formats';
import { residentIdFor } from '../../domain/post-loan/feed-generator';
import { mulberry32 } from '../../domain/random';
import { riskEventDocs } from '../feeds/branch-docs';
import { runDailyScan } from '../feeds/daily-scan';
import { importFeed, openLedger } from '../feeds/feed-ledger';
import { publishToBranches } from '../feeds/publish';
import { assignmentHistory } from '../feeds/risk-assignment';
import { couchClient } from '../identity/couch';
import { provisionBranch, provisionReportViewer, provisionRiskOfficer } from '../provision';
import { startTestServer, TEST_ADMIN, type TestServer } from '../test-support';
import { sessionSignIn } from './dashboard-auth';
import { startReportServer } from './report-server';
import { openReportingStore, type ReportingStore } from './reporting-store';

/**
 * 风险管理部集中处理 — bulk assignment through the report server as the risk department uses it: only a risk officer
 * may assign (a report viewer reads, nobody signed out does anything), all or nothing, recorded at head office
 * under the officer's name, and in the branch's database at once.
 */
const OFFICER = { name: 'hq-risk-01', password: 'risk-password-01' };
const VIEWER = { name: 'hq-viewer-01', password: 'viewer-password-01' };
const DEVICE = { name: 'hm01-desk-1', password: 'device-password-1' };
const TODAY = '2026-03-03';
const now = () => new Date('2026-03-02T20:00:00Z');
const ID = residentIdFor(mulberry32(3), 1);
const loan = (branch: string, account: string, manager: string) =>
  [account, branch, ID, '王建国', 'farmer', '100000.00', '80000.00', '2000.00', '300.00', 3, '2026-04-01', '2027-03-01', '4.35', manager, '2025-03-01'].join(',');
const E1 = 'risk-event:HM01:6200000000000001:2026-03-02:overdue';
const E2 = 'risk-event:HM01:6200000000000002:2026-03-02:overdue';
const E3 = 'risk-event:HM02:6200000000000003:2026-03-02:overdue';
const staff = (branch: string, staffNo: string, name: string, roles: string[], active = true) => ({
  id: `staff:${staffNo}`, doc: { _id: `staff:${staffNo}`, type: 'staff', staffNo, name, branch, roles, active },
});

let server: TestServer;
let dir: string;
let ledger: Database;
let store: ReportingStore;
let web: { url: string; close(): Promise<void> };

const get = (path: string, cookie = '') => fetch(web.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const post = (path: string, form: [string, string][], cookie = '', headers: Record<string, string> = {}) =>
  fetch(web.url + path, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers },
    body: new URLSearchParams(form).toString(),
  });
async function signIn(who: { name: string; password: string }): Promise<string> {
  const res = await post('/login', [['name', who.name], ['password', who.password]]);
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}
const ledgerEvents = () => ledger.prepare("SELECT id, queue, deadline, handler FROM risk_event WHERE cause = 'overdue' ORDER BY id").all();

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: DEVICE.name, password: DEVICE.password });
  await provisionRiskOfficer({ url: server.url, admin: TEST_ADMIN, deviceUser: OFFICER.name, password: OFFICER.password });
  await provisionReportViewer({ url: server.url, admin: TEST_ADMIN, deviceUser: VIEWER.name, password: VIEWER.password });
  dir = mkdtempSync(join(tmpdir(), 'jw-risk-centre-'));
  ledger = openLedger(join(dir, 'feeds'));
  const lines = [loan('HM01', '6200000000000001', 'M001'), loan('HM01', '6200000000000002', 'M001'), loan('HM02', '6200000000000003', 'M001')];
  importFeed(ledger, { kind: 'loans', date: '2026-03-02', bytes: new TextEncoder().encode([headerLine('loans'), ...lines].join('\n') + '\n'), now });
  runDailyScan(ledger, { date: '2026-03-02', dispatch: DEFAULT_DISPATCH_RULES, now });
  await publishToBranches(ledger, { target: { url: server.url, user: TEST_ADMIN }, date: '2026-03-02', branches: ['HM01'] });
  // What the follower would have read from the branch databases.
  store = openReportingStore(join(dir, 'reporting.sqlite'));
  const asRows = (docs: { _id: string }[]) => docs.map((doc) => ({ id: doc._id, doc }));
  store.apply('branch-hm01', [...asRows(riskEventDocs(ledger, 'HM01')), staff('HM01', 'M002', '张丽', ['customer-manager']), staff('HM01', 'H001', '刘志强', ['branch-head']),
    staff('HM01', 'T001', '王晓燕', ['teller']), staff('HM01', 'M009', '已停用', ['customer-manager'], false)], 1);
  store.apply('branch-hm02', [...asRows(riskEventDocs(ledger, 'HM02')), staff('HM02', 'M002', '别行张', ['customer-manager'])], 1);
  web = await startReportServer({
    store, signIn: sessionSignIn(server.url), today: () => TODAY,
    risk: { ledger, couch: couchClient({ url: server.url, user: TEST_ADMIN }), now: () => new Date('2026-03-03T02:00:00Z') },
  });
});
afterAll(async () => {
  await web?.close();
  store?.close();
  ledger?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bulk assignment in the risk department centre', () => {
  it('lets nobody signed out, no report viewer and no other site assign; a viewer sees the list without the form', async () => {
    const before = ledgerEvents();
    const signedOut = await post('/risk/events/assign', [['event', E1], ['handler', 'HM01/M002']]);
    expect(signedOut.status).toBe(401);
    expect(await signedOut.text()).toContain('登录总行跨网点看板');
    const viewer = await signIn(VIEWER);
    const list = await (await get('/risk/events', viewer)).text();
    expect(list).toContain(E1);
    expect(list).not.toContain('id="assign"');
    expect((await post('/risk/events/assign', [['event', E1], ['handler', 'HM01/M002']], viewer)).status).toBe(403);
    const officer = await signIn(OFFICER);
    expect((await post('/risk/events/assign', [['event', E1], ['handler', 'HM01/M002']], officer, { origin: 'http://evil.example' })).status).toBe(403);
    expect(ledgerEvents()).toEqual(before);
    expect(assignmentHistory(ledger)).toEqual([]);
  });

  it('shows the risk officer the form with the handlers by branch (active branch heads, customer managers, risk officers)', async () => {
    const res = await get('/risk/events', await signIn(OFFICER));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="assign"');
    expect(html).toContain(`name="event" value="${E1}"`);
    expect([...html.matchAll(/<option value="(HM0\d\/[A-Z0-9]+)">/g)].map((m) => m[1])).toEqual(['HM01/H001', 'HM01/M002', 'HM02/M002']);
  });

  it('refuses the whole assignment when one event is another branch\'s, naming it in Chinese, and changes nothing', async () => {
    const officer = await signIn(OFFICER);
    const before = ledgerEvents();
    const res = await post('/risk/events/assign', [['event', E1], ['event', E3], ['handler', 'HM01/M002'], ['deadline', '2026-03-06']], officer);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('未指派任何事件（全部或全不）');
    expect(html).toContain(`事件 ${E3} 不属于该员工所在网点`);
    const inactive = await post('/risk/events/assign', [['event', E1], ['handler', 'HM01/M009']], officer);
    expect(await inactive.text()).toContain('该员工已停用');
    const nobody = await post('/risk/events/assign', [['event', E1], ['handler', 'HM01/X999']], officer);
    expect(await nobody.text()).toContain('找不到该工号的员工');
    const past = await post('/risk/events/assign', [['event', E1], ['handler', 'HM01/M002'], ['deadline', '2026-03-01']], officer);
    expect(await past.text()).toContain('“办结期限”不能早于今天');
    expect(ledgerEvents()).toEqual(before);
    expect(assignmentHistory(ledger)).toEqual([]);
  });

  it('assigns every filtered event of HM01 to M002 with the deadline, recorded under the officer\'s name, in the branch database at once', async () => {
    const officer = await signIn(OFFICER);
    const res = await post('/risk/events/assign', [['filter', 'branch=HM01&cause=overdue'], ['allFiltered', 'on'], ['handler', 'HM01/M002'], ['deadline', '2026-03-06']], officer);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('已将 2 件风险事件指派给 张丽（M002），办结期限 2026-03-06；总行已记录。已写入支行库');
    expect(ledgerEvents()).toEqual([
      { id: E1, queue: 'branch', deadline: '2026-03-06', handler: 'M002' },
      { id: E2, queue: 'branch', deadline: '2026-03-06', handler: 'M002' },
      { id: E3, queue: 'branch', deadline: '2026-03-09', handler: null },
    ]);
    expect(assignmentHistory(ledger).map((r) => [r.event, r.by, r.handler, r.prevDeadline])).toEqual([
      [E2, OFFICER.name, 'M002', '2026-03-09'],
      [E1, OFFICER.name, 'M002', '2026-03-09'],
    ]);
    const doc = await server.req('GET', `/branch-hm01/${E1}`, { auth: DEVICE });
    expect(doc.json).toMatchObject({ handler: 'M002', handlerName: '张丽', deadline: '2026-03-06', assignedOn: TODAY });
    // The page lists head office's record of it.
    expect(await (await get('/risk/events', officer)).text()).toMatch(/id="assignments"[\s\S]*hq-risk-01/);
  });
});
