import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { REPO_ROOT } from './support/host';
import { startHeadOffice, type HeadOffice } from './support/head-office';
import { startReportProcess, type ReportProcess } from './support/report-process';

// Head office's cross-branch dashboard: two branches write through their own device credentials, `jingwei report`
// follows both databases' _changes into its reporting store, the page shows both side by side and who is filed twice.
const SHARED_ID = '14102219800101123X';
const HM02_DEVICE = { name: 'hm02-desk-1', password: 'hm02-device-password' };
const VIEWER = { name: 'hq-viewer-01', password: 'hq-viewer-password' };
const basic = (a: { name: string; password: string }) => 'Basic ' + Buffer.from(`${a.name}:${a.password}`).toString('base64');
const customer = (n: string, name: string, idNumber?: string) => ({ _id: `customer:01J00000000000000000000${n}`, type: 'customer', kind: 'individual', name, phone: '13900000000', address: '侯马', ...(idNumber ? { idNumber } : {}) });
const application = (n: string, branch: string, fen: number, state: string) => ({
  _id: `loanapp:${branch}-${n}`, type: 'loanapp', branch, customerId: 'customer:X', productCode: 'farmer', state, requestedAmountFen: fen, termMonths: 12, steps: [],
  createdAt: '2026-12-06T01:00:00.000Z', createdBy: 'M001', updatedAt: '2026-12-06T01:00:00.000Z',
});
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const ticket = (number: string, state: string) => ({ _id: `queue-ticket:${today}:${number}`, type: 'queue-ticket', day: today, number, service: 'cash', state, issuedAt: new Date().toISOString(), visits: [], events: [] });

let ho: HeadOffice;
let report: ReportProcess;
let reportUrl: string;

async function put(branch: string, who: { name: string; password: string }, doc: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${ho.remote.url}/branch-${branch}/${encodeURIComponent(String(doc._id))}`, {
    method: 'PUT', headers: { authorization: basic(who), 'content-type': 'application/json' }, body: JSON.stringify(doc),
  });
  expect(res.status, await res.text()).toBe(201);
}

test.beforeAll(async () => {
  test.setTimeout(300_000); // two servers and three CLI runs: minutes on a loaded 2-core machine
  ho = await startHeadOffice();
  const hm01 = { name: ho.remote.username, password: ho.remote.password };
  // HM02 is provisioned as head office's IT would: the shipped CLI
  execFileSync(process.execPath, ['bin/jingwei.js', 'couchdb-setup', '--url', ho.remote.url, '--branch', 'HM02', '--device-user', HM02_DEVICE.name], {
    cwd: REPO_ROOT,
    env: { ...process.env, JINGWEI_ADMIN_USER: ho.admin.name, JINGWEI_ADMIN_PASSWORD: ho.admin.password, JINGWEI_DEVICE_PASSWORD: HM02_DEVICE.password },
  });
  // …and the head-office person who watches the dashboard: an account with the role report-viewer
  execFileSync(process.execPath, ['bin/jingwei.js', 'couchdb-setup', '--url', ho.remote.url, '--report-viewer', VIEWER.name], {
    cwd: REPO_ROOT,
    env: { ...process.env, JINGWEI_ADMIN_USER: ho.admin.name, JINGWEI_ADMIN_PASSWORD: ho.admin.password, JINGWEI_REPORT_VIEWER_PASSWORD: VIEWER.password },
  });
  await put('hm01', hm01, customer('0A', '王建国', SHARED_ID));
  await put('hm01', hm01, customer('0B', '李秀英'));
  await put('hm01', hm01, application('1', 'HM01', 20_000_000, 'referred'));
  await put('hm02', HM02_DEVICE, customer('0C', '王建国', SHARED_ID));
  await put('hm02', HM02_DEVICE, application('1', 'HM02', 5_000_000, 'draft'));
  await put('hm02', HM02_DEVICE, ticket('A001', 'done'));
  await put('hm02', HM02_DEVICE, ticket('A002', 'waiting'));
  report = await startReportProcess(ho.remote.url, ho.admin);
  reportUrl = report.url;
});

test.afterAll(async () => {
  await report?.dispose();
  await ho?.dispose();
});

test('head office sees both branches side by side, the customer filed in both, and a new write within seconds', async ({ page }) => {
  // nothing shows before signing in with a head-office account
  await page.goto(reportUrl);
  await expect(page.getByRole('heading', { name: '登录总行跨网点看板' })).toBeVisible();
  await page.getByLabel('用户名').fill(VIEWER.name);
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确');
  await page.getByLabel('密码').fill(VIEWER.password);
  await page.getByLabel('密码').press('Enter');
  await expect(page.getByRole('heading', { name: '总行跨网点看板' })).toBeVisible();
  await expect(page.locator('#viewer')).toHaveText(`当前用户 ${VIEWER.name}`);
  const hm01 = page.locator('#branches tr[data-branch="HM01"]');
  const hm02 = page.locator('#branches tr[data-branch="HM02"]');
  await expect(async () => {
    await page.reload();
    await expect(hm01.locator('[data-k="customers"]')).toHaveText('2', { timeout: 500 });
    await expect(hm02.locator('[data-k="customers"]')).toHaveText('1', { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(hm01.locator('[data-k="applications"]')).toHaveText('待人工调查 1');
  await expect(hm01.locator('[data-k="requested"]')).toHaveText('200,000.00');
  await expect(hm02.locator('[data-k="applications"]')).toHaveText('草稿 1');
  await expect(hm02.locator('[data-k="queue"]')).toHaveText('2（等候 1）');
  const shared = page.locator('#shared tbody tr');
  await expect(shared).toHaveCount(1);
  await expect(shared).toContainText('141022********123X');
  await expect(shared).toContainText('HM01：王建国；HM02：王建国');

  // a new customer at HM02 shows after the page's own refresh (5 s) — no reload by the test
  await put('hm02', HM02_DEVICE, customer('0D', '赵六'));
  await expect(hm02.locator('[data-k="customers"]')).toHaveText('2', { timeout: 12_000 });

  // the same figures in English, kept across pages, then signing out
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Head-office cross-branch dashboard' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Loan applications' })).toBeVisible();
  await expect(hm01.locator('[data-k="applications"]')).toHaveText('Awaiting investigation 1');
  await expect(hm02.locator('[data-k="queue"]')).toHaveText('2 (1 waiting)');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to the head-office dashboard' })).toBeVisible();
  await page.goto(reportUrl);
  await expect(page).toHaveURL(/\/login$/);
});
