import { expect, test } from './support/fixtures';
import { LoginPage } from './pages/login-page';
import { CustomersPage } from './pages/customers-page';
import { RiskPage } from './pages/risk-page';
import type { HostProcess } from './support/host';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from '../../domain/credit/dates';
import { headOfficeCommandAs } from './support/jingwei-server';

// `npm start`'s demo (`jingwei demo`) as head office sees it: two branches, 侯马支行 HM01 and 新田支行 HM02, syncing
// with the demo head office, and its cross-branch dashboard (总行跨网点看板) following both — nothing made by the test.
// Then a customer manager at HM02 files a customer at her own desk and head office sees it on the dashboard.
test.use({ hostCommand: 'demo' });

// Born 2004-02-29 in 侯马市, check character per GB 11643 (written out: see teller-customers.spec.ts); outside the
// demo data's birth years, so no demo customer shares it.
const NEW_ID = '14108120040229124X';

/** A line the demo prints after its branch host's URL (HM02's desk once that branch is seeded). */
async function printed(host: HostProcess, pattern: RegExp, timeout = 10_000): Promise<RegExpExecArray> {
  let m: RegExpExecArray | null = null;
  await expect.poll(() => (m = pattern.exec(host.output())) !== null, { timeout }).toBe(true);
  return m!;
}

test('head office\'s dashboard of the demo shows both branches, the customers filed at both, and a new HM02 customer', async ({ page, branchHost, browser }) => {
  const [, dashboardUrl, viewer, viewerPassword] = await printed(branchHost, /总行跨网点看板 Head-office dashboard: (http:\S+?)（看板账号 viewer (\S+) \/ (\S+)）/);
  test.setTimeout(300_000);
  const [, hm02Url] = await printed(branchHost, /第二个支行 HM02 新田支行 Desk: (http:\S+?)（/, 180_000);

  await page.goto(dashboardUrl!);
  await page.getByLabel('用户名').fill(viewer!);
  await page.getByLabel('密码').fill(viewerPassword!);
  await page.getByLabel('密码').press('Enter');
  await expect(page.getByRole('heading', { name: '总行跨网点看板' })).toBeVisible();

  const hm01 = page.locator('#branches tr[data-branch="HM01"]');
  const hm02 = page.locator('#branches tr[data-branch="HM02"]');
  const customersOf = async (row: typeof hm01) => Number(await row.locator('[data-k="customers"]').innerText());
  // the dashboard's store follows both branch databases: both rows fill in once it has read them to their end
  await expect(async () => {
    await page.reload();
    expect(await customersOf(hm01)).toBeGreaterThanOrEqual(300);
    expect(await customersOf(hm02)).toBeGreaterThanOrEqual(60);
  }).toPass({ timeout: 60_000 });
  await expect(hm01.locator('[data-k="applications"]')).not.toHaveText('');
  await expect(hm02.locator('[data-k="applications"]')).not.toHaveText('');
  // five of the demo's people and the credit demo's borrowers are customers of both branches
  const shared = page.locator('#shared tbody tr');
  expect(await shared.count()).toBeGreaterThanOrEqual(5);
  for (const row of await shared.all()) await expect(row).toContainText(/HM01：\S+；HM02：/);
  const before = await customersOf(hm02);

  // HM02's customer manager files a customer at her desk; head office's dashboard shows it after its own refresh
  const desk = await browser.newPage();
  const login = new LoginPage(desk, () => hm02Url!);
  await login.open();
  await expect(login.branch()).toContainText('新田支行');
  await login.loginAndWait('M001');
  const customers = new CustomersPage(desk);
  const form = await customers.newCustomer();
  await form.fill({ 姓名: '欧阳明珠', 身份证号码: NEW_ID, 联系电话: '13903571234', 地址: '山西省侯马市新田乡东阳村3组', '所属村/市场': '东阳村' });
  await form.chooseGroup('农户');
  await form.save();
  await form.expectClosed();
  await desk.close();
  await expect(hm02.locator('[data-k="customers"]')).toHaveText(String(before + 1), { timeout: 30_000 });
});

test('风险管理部集中处理: head office scans a loans file, its risk officer assigns the two overdue events to M002 with a deadline; she sees them after sync', async ({ branchHost, browser }) => {
  test.setTimeout(180_000);
  const [, centreUrl, officer, officerPassword] = await printed(branchHost, /风险管理部集中处理 Risk centre: (http:\S+?)（风险管理部账号 risk officer (\S+) \/ (\S+)）/);
  const [, headOffice] = await printed(branchHost, /总行同步服务器 Head office: (http:\S+?)（/);
  const { feeds: publisher } = JSON.parse(readFileSync(join(branchHost.dataDir, 'demo-secrets.json'), 'utf8')) as { feeds: { name: string; password: string } };
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

  await test.step('head office imports, scans and publishes the day', async () => {
    // Head office's IT: today's loans file (two of HM01's loans one day overdue) into the demo's ledger, scanned, published.
    const ledger = join(branchHost.dataDir, 'head-office-feeds');
    const loan = (account: string, name: string, idNo: string) =>
      [account, 'HM01', idNo, name, 'farmer', '50000.00', '40000.00', '1000.00', '150.00', 1, addDays(today, 30), addDays(today, 365), '4.35', 'M001', addDays(today, -200)].join(',');
    const file = join(branchHost.dataDir, `loans-${today}.csv`);
    const header = 'loan_account,branch,id_no,customer_name,product,principal,balance,overdue_principal,overdue_interest,overdue_days,next_due_date,maturity_date,rate,manager,disbursed_on';
    writeFileSync(file, [header, loan('6299000000000001', '赵春生', '141081197703030014'), loan('6299000000000002', '钱秋菊', '141081197604270020')].join('\n') + '\n');
    for (const args of [['import', '--data', ledger, '--kind', 'loans', '--date', today, file], ['scan', '--data', ledger, '--date', today],
      ['publish', '--data', ledger, '--remote', headOffice!, '--date', today, '--branches', 'HM01']]) {
      const r = headOfficeCommandAs(publisher, 'feed', ...args);
      expect(r.code, r.out).toBe(0);
    }
  });
  const events = [`risk-event:HM01:6299000000000001:${today}:overdue`, `risk-event:HM01:6299000000000002:${today}:overdue`];
  const deadline = addDays(today, 7);
  await test.step('the risk officer filters HM01\'s overdue events and assigns both to M002', async () => {
    const centre = await browser.newPage();
    await centre.goto(centreUrl!);
    await centre.getByLabel('用户名').fill(officer!);
    await centre.getByLabel('密码').fill(officerPassword!);
    await centre.getByLabel('密码').press('Enter');
    await expect(centre.getByRole('heading', { name: /风险管理部集中处理/ })).toBeVisible();
    // Filtered to HM01's overdue events, once the centre's store has followed the branch database that far.
    const boxes = centre.locator('#events input[name="event"]');
    await expect(async () => {
      await centre.locator('#f-branch').selectOption('HM01');
      await centre.locator('#f-cause').selectOption('overdue');
      await centre.getByRole('button', { name: '筛选' }).click();
      expect(await boxes.count()).toBe(2);
    }).toPass({ timeout: 60_000 });
    for (const id of events) await centre.locator(`#events input[value="${id}"]`).check();
    await centre.getByLabel('指派给').selectOption('HM01/M002');
    await centre.getByLabel(/办结期限/).fill(deadline);
    await centre.getByRole('button', { name: '指派', exact: true }).click();
    await expect(centre.locator('#assign-done')).toContainText(`已将 2 件风险事件指派给 张丽（M002），办结期限 ${deadline}；总行已记录。已写入支行库`);
    await expect(centre.locator('#assignments')).toContainText(officer!);
  });
  await test.step('M002 sees both, assigned to her with the new deadline, after sync', async () => {
    const desk = await browser.newPage();
    const login = new LoginPage(desk, () => branchHost.url);
    await login.open();
    await login.loginAndWait('M002');
    const risk = new RiskPage(desk, () => branchHost.url);
    await risk.open();
    await risk.untilShown(() => expect(risk.rows('钱秋菊').filter({ hasText: '逾期' })).toContainText('指派：张丽', { timeout: 3_000 }), 60_000);
    for (const name of ['赵春生', '钱秋菊']) {
      const row = risk.rows(name).filter({ hasText: '逾期' });
      await expect(row).toContainText('指派：张丽');
      await expect(row.getByTestId('risk-deadline')).toContainText(deadline);
    }
  });
});
