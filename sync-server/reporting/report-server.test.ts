import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, TEST_ADMIN, type TestServer } from '../test-support';
import { provisionBranch, provisionReportViewer } from '../provision';
import { openReportingStore, type ReportingStore } from './reporting-store';
import { startReportServer } from './report-server';
import { sessionSignIn } from './dashboard-auth';

// The dashboard's sign-in asks head office's own server (POST /_session): runs on ours and on Apache CouchDB.
const VIEWER = { name: 'hq-viewer-01', password: 'viewer-password-01' };
const DEVICE = { name: 'hm01-desk-1', password: 'device-password-1' };

let server: TestServer;
let dir: string;
let store: ReportingStore;
let web: { url: string; close(): Promise<void> };

const get = (path: string, cookie = '') => fetch(web.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
async function signIn(name: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${web.url}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ name, password }).toString(),
  });
}
const sessionOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

beforeAll(async () => {
  server = await startTestServer();
  await provisionReportViewer({ url: server.url, admin: TEST_ADMIN, deviceUser: VIEWER.name, password: VIEWER.password });
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: DEVICE.name, password: DEVICE.password });
  dir = mkdtempSync(join(tmpdir(), 'jw-report-web-'));
  store = openReportingStore(join(dir, 'reporting.sqlite'));
  web = await startReportServer({ store, signIn: sessionSignIn(server.url), today: () => '2026-12-06' });
});
afterAll(async () => {
  await web?.close();
  store?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the head-office dashboard\'s sign-in', () => {
  it('shows nothing before sign-in: the page goes to /login, the figures answer 401', async () => {
    const page = await get('/');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login');
    expect((await get('/api/dashboard')).status).toBe(401);
    expect((await get('/api/shared-customers')).status).toBe(401);
    const login = await get('/login');
    expect(await login.text()).toContain('登录总行跨网点看板');
  });

  it('lets in a report viewer and a server admin, not a branch device or a wrong password', async () => {
    const wrong = await signIn(VIEWER.name, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('用户名或密码不正确');
    const device = await signIn(DEVICE.name, DEVICE.password);
    expect(device.status).toBe(403);
    expect(await device.text()).toContain('没有登录总行看板或运维台的权限');

    const ok = await signIn(VIEWER.name, VIEWER.password);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const cookie = sessionOf(ok);
    const page = await get('/', cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>总行跨网点看板</h1>');
    expect(html).toContain(`当前用户 ${VIEWER.name}`);
    expect((await get('/api/dashboard', cookie)).status).toBe(200);
    expect((await signIn(TEST_ADMIN.name, TEST_ADMIN.password)).status).toBe(303);

    // Signing out ends the session on the server, not only in the browser.
    const out = await fetch(`${web.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie } });
    expect(out.status).toBe(303);
    expect((await get('/api/dashboard', cookie)).status).toBe(401);
  });

  it('speaks Chinese first and English when asked, and remembers the choice', async () => {
    const cookie = sessionOf(await signIn(VIEWER.name, VIEWER.password));
    const en = await get('/?lang=en', cookie);
    const html = await en.text();
    expect(html).toContain('<h1>Head-office cross-branch dashboard</h1>');
    expect(html).toContain('<th>Loan applications</th>');
    const lang = sessionOf(en).startsWith('jw_lang=') ? sessionOf(en) : '';
    expect(lang).toBe('jw_lang=en');
    expect(await (await get('/', `${cookie}; ${lang}`)).text()).toContain('Signed in as');
    expect(await (await get('/login?lang=en')).text()).toContain('Sign in to the head-office dashboard');
    expect(await (await get('/?lang=zh-CN', cookie)).text()).toContain('<th>贷款申请</th>');
  });

  it('refuses a form posted from another site, and locks a name after five wrong passwords', async () => {
    expect((await signIn(VIEWER.name, VIEWER.password, { origin: 'http://evil.example' })).status).toBe(403);
    const target = { name: 'hq-viewer-02', password: 'viewer-password-02' };
    await provisionReportViewer({ url: server.url, admin: TEST_ADMIN, deviceUser: target.name, password: target.password });
    for (let i = 0; i < 5; i++) expect((await signIn(target.name, `wrong-${i}`)).status).toBe(401);
    const locked = await signIn(target.name, target.password);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('登录失败次数过多');
  });
});

describe('the head-office risk dashboard (/risk)', () => {
  const loan = (branch: string, account: string, balanceFen: number, classification: string, overdueSince: string | null = null) => ({
    id: `loan-state:${account}`,
    doc: {
      _id: `loan-state:${account}`, type: 'loan-state', branch, account, status: 'active', balanceFen, overdueFen: overdueSince ? 1_000 : 0, overdueSince, classification,
      history: [{ m: '2026-11', c: 'normal', b: balanceFen }],
    },
  });

  it('shows every branch\'s overdue rate and NPL ratio, together and per branch, to a signed-in viewer only', async () => {
    // HM01: 300,000 of 1,000,000 fen substandard; HM02: 100,000 of 500,000 doubtful — together 400,000 / 1,500,000 = 26.67%.
    store.apply('branch-hm01', [loan('HM01', '6200000000000001', 700_000, 'normal'), loan('HM01', '6200000000000002', 300_000, 'substandard', '2026-08-01')], 2);
    store.apply('branch-hm02', [loan('HM02', '6200000000000003', 400_000, 'special-mention', '2026-11-20'), loan('HM02', '6200000000000004', 100_000, 'doubtful', '2026-07-01')], 2);
    expect((await get('/api/risk')).status).toBe(401);
    const cookie = sessionOf(await signIn(VIEWER.name, VIEWER.password));
    const html = await (await get('/risk', cookie)).text();
    expect(html).toContain('<h1>总行贷后风险看板</h1>');
    expect(html).toMatch(/id="npl-ratio">26\.67%</);
    expect(html).toMatch(/id="overdue-rate">53\.33%</);
    expect(html).toMatch(/data-branch="HM01"[\s\S]*?data-k="npl">30\.00%/);
    expect(html).toMatch(/data-branch="HM02"[\s\S]*?data-k="overdue">100\.00%[\s\S]*?data-k="npl">20\.00%/);
    expect(html).toContain('<svg');
    expect(html).toMatch(/data-from="normal" data-to="substandard">1</);
    const api = (await (await get('/api/risk', cookie)).json()) as { all: { nplBp: number }; branches: { branch: string }[] };
    expect([api.all.nplBp, api.branches.map((b) => b.branch)]).toEqual([2667, ['HM01', 'HM02']]);
  });
});

describe('the risk department centre (/risk/events)', () => {
  const event = (branch: string, account: string, over: Record<string, unknown> = {}) => {
    const id = `risk-event:${branch}:${account}:2026-11-20:overdue`;
    return {
      id,
      doc: {
        _id: id, type: 'risk-event', branch, account, name: `客户${account.slice(-1)}`, manager: 'M001', cause: 'overdue', signal: null, classFrom: null, classTo: null,
        message: '贷款逾期', overdueDays: 1, raisedOn: '2026-11-20', queue: 'branch', deadline: '2026-11-27', escalatedOn: null, status: 'open',
        closedOn: null, closedBy: null, closeReason: null, updatedOn: '2026-11-20', ...over,
      },
    };
  };

  it('lists every branch\'s events, filtered and sorted by the GET form; a bad filter is named in Chinese', async () => {
    store.apply('branch-hm01', [event('HM01', '6200000000000002'), event('HM01', '6200000000000001', { status: 'closed' })], 3);
    store.apply('branch-hm02', [event('HM02', '6200000000000003', { deadline: '2026-12-20', manager: 'M002' }), event('HM02', '6200000000000004', { queue: 'risk' })], 3);
    const cookie = sessionOf(await signIn(VIEWER.name, VIEWER.password));
    const listed = async (query: string) => {
      const html = await (await get(`/risk/events${query}`, cookie)).text();
      return [...html.matchAll(/data-event="risk-event:(HM0\d):\d+(\d):/g)].map((m) => `${m[1]}-${m[2]}`);
    };
    // Open events of both branches, soonest deadline first (the loans' states come from the dashboard test above).
    expect(await listed('')).toEqual(['HM01-2', 'HM02-4', 'HM02-3']);
    expect(await listed('?branch=HM02&sort=overdue')).toEqual(['HM02-4', 'HM02-3']);
    expect(await listed('?status=all&branch=HM01')).toEqual(['HM01-1', 'HM01-2']);
    expect(await listed('?classification=substandard')).toEqual(['HM01-2']);
    expect(await listed('?queue=risk')).toEqual(['HM02-4']);
    expect(await listed('?handler=m002')).toEqual(['HM02-3']);
    expect(await listed('?minOverdue=100&stage=late')).toEqual(['HM01-2', 'HM02-4']);
    expect(await listed('?pastDeadline=on')).toEqual(['HM01-2', 'HM02-4']);
    const bad = await get('/risk/events?minAge=-3&maxOverdue=x', cookie);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('筛选条件有误，请检查：事件天数不少于、逾期天数不超过');
    expect((await get('/risk/events')).status).toBe(303);
  });
});
