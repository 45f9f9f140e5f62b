import { expect, test } from './support/fixtures';
import { LoginPage } from './pages/login-page';
import { CustomersPage } from './pages/customers-page';
import type { HostProcess } from './support/host';

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
