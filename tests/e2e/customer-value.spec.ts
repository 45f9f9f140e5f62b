import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { addDays, monthKey, nextMonthKey } from '../../domain/credit/dates';
import { branchDay, DEFAULT_TIME_ZONE } from '../../domain/time/branch-time';
import { CustomersPage } from './pages/customers-page';
import { LoginPage } from './pages/login-page';
import { KioskPage } from './pages/queue-pages';
import { apiAs } from './support/api';
import { REPO_ROOT, startHost, type HostProcess } from './support/host';
import { HEAD_OFFICE_ADMIN, headOfficeCommand, hm01Remote, provisionedHeadOffice, startHeadOfficeServer, type HeadOfficeServer } from './support/jingwei-server';
import { MarketingPage } from './pages/marketing-page';
import { queueKeys } from './support/queue-device';
import { putSignedAccount } from './support/core-banking';
import { startReportProcess } from './support/report-process';

/**
 * 精微甄选 and 精准营销 through a branch's day: head office's deposit feed lifts a customer from 银卡 to 金卡 (VIP),
 * head office publishes tiers, points and offers signed; the kiosk recognises the VIP from the ID number alone and
 * prints their offer on the ticket; the teller sees the same offer on the customer page and records it accepted
 * (channel: the queue ticket); head office counts the conversion per segment and channel. Month-end points accrue
 * and a partner shop redeems a voucher once. Head office's commands are `jingwei feed|value …` as its IT runs them.
 */
// The bank's day is Beijing's: from 16:00 UTC it is already tomorrow there.
const TODAY = branchDay(new Date(), DEFAULT_TIME_ZONE);
/** Last month: complete, so its points can accrue today. */
const MONTH = nextMonthKey(monthKey(TODAY), -1);
const MONTH_END = addDays(`${monthKey(TODAY)}-01`, -1);
/** GB 11643's check character (the domain's own helper loads a JSON table Playwright's loader cannot import). */
const withCheck = (body: string) => body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i]!, 0) % 11];
const ID = withCheck('11010119800315777');
/** docs/feeds.md: the deposits file's header line. */
const DEPOSITS_HEADER = 'account_no,id_no,branch,kind,balance';
const NAME = '赵明远';
const ACCOUNT = '6000000000000017';

interface World {
  serverUrl: string;
  /** Replaced when a test takes head office down and brings it back on the same address. */
  server: HeadOfficeServer;
  host: HostProcess;
  ledger: string;
  keys: string;
  dir: string;
}

const test = base.extend<{ login: LoginPage }, { world: World }>({
  world: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'value-e2e-'));
      const server = await provisionedHeadOffice(join(dir, 'server'));
      const host = await startHost(hm01Remote(server));
      // The demo branch trusts the demo head-office key kept in its data folder: head office signs with that key here.
      const keys = join(dir, 'keys');
      mkdirSync(keys);
      copyFileSync(join(host.dataDir, 'demo-head-office-keys.json'), join(keys, 'head-office-keys.json'));
      const world: World = { serverUrl: server.url, server, host, ledger: join(dir, 'ledger'), keys, dir };
      await use(world);
      await host.dispose();
      await world.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  login: async ({ page, world }, use) => use(new LoginPage(page, () => world.host.url)),
});

/** `jingwei feed|value …` as head office's IT runs it; a refusal (exit 1) is returned, not thrown. */
const jingwei = headOfficeCommand;

const depositLine = (yuan: number) => `${ACCOUNT},${ID},HM01,demand,${yuan.toFixed(2)}`;

test.describe.configure({ mode: 'serial' });

/** The customer manager opens NAME's new loan application (Alt+L) and scans a partner's card into it: a QR scanner
 * types the code's text and Enter, and the product list takes the keys again. */
async function scanPartnerCard(page: Page, text: string): Promise<Locator> {
  await page.getByRole('navigation').getByRole('link', { name: /客户/ }).first().click();
  const customers = new CustomersPage(page);
  await customers.find(NAME);
  await customers.openResultByKeyboard(NAME);
  await page.keyboard.press('Alt+l');
  const field = page.getByTestId('partner-code');
  await expect(field).toBeVisible();
  await field.focus();
  await page.keyboard.type(`${text}\n`);
  await page.keyboard.press('Enter');
  return field;
}

test('a deposit feed lifts a customer to 金卡: the kiosk gives VIP from the ID and prints the offer, the teller records it accepted', async ({ world, login, page, browser }) => {
  test.setTimeout(480_000);
  const call = await apiAs(world.host.url, 'T001');
  const { id: customerId } = (await call('customers.create', { customer: { kind: 'individual', name: NAME, idNumber: ID, phone: '13903571234', address: '山西省侯马市新田乡东阳村', group: 'farmer' } })) as { id: string };

  await test.step('last month: about 60,000 yuan on demand every day — 银卡, not VIP; month-end points accrue', async () => {
    // Set-up of history: a month of daily files through the ledger's own import (what `jingwei feed import` runs),
    // in one process instead of thirty; today's file below goes through the command itself.
    execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tests/e2e/support/deposit-history-main.ts', world.ledger, `${MONTH}-01`, MONTH_END, `${ACCOUNT},${ID},HM01,demand`, '60000'], { cwd: REPO_ROOT });
    expect(jingwei('value', 'tier', '--data', world.ledger, '--id', ID, '--date', MONTH_END).out).toContain('银卡客户（silver）');
    const accrued = jingwei('value', 'accrue', '--data', world.ledger, '--month', MONTH);
    expect(accrued.out).toContain(`已计提 ${MONTH} 积分：1 位客户共 660 分`);
    // The same month again is refused: nothing is counted twice.
    const again = jingwei('value', 'accrue', '--data', world.ledger, '--month', MONTH);
    expect(again.code).toBe(1);
    expect(again.out).toContain('不能重复计提');
  });

  await test.step('a partner shop redeems the customer\'s voucher once; the second redemption is refused; the ledger balances', async () => {
    const voucher = jingwei('value', 'voucher', '--data', world.ledger, '--id', ID, '--points', '200', '--partner', 'SHOP01', '--branch', 'HM01');
    expect(voucher.code).toBe(0);
    const code = /券码 (\S+)：200 分/.exec(voucher.out)?.[1];
    expect(code).toBeTruthy();
    expect(jingwei('value', 'redeem', '--data', world.ledger, '--code', code!, '--partner', 'SHOP01').out).toContain(`核销成功：券码 ${code}`);
    const replay = jingwei('value', 'redeem', '--data', world.ledger, '--code', code!, '--partner', 'SHOP01');
    expect(replay.code).toBe(1);
    expect(replay.out).toMatch(/券码 \S+ 已于 .*核销，不能重复核销/);
    expect(jingwei('value', 'check', '--data', world.ledger).out).toContain('借贷平衡');
    expect(jingwei('value', 'statement', '--data', world.ledger, '--id', ID).out).toMatch(/460\s/);
  });

  await test.step('today\'s deposit feed (6,000,000 yuan) lifts the customer to 金卡; head office publishes it signed', async () => {
    const file = join(world.dir, `deposits-${TODAY}.csv`);
    writeFileSync(file, `${DEPOSITS_HEADER}\n${depositLine(6_000_000)}\n`);
    expect(jingwei('feed', 'import', '--data', world.ledger, '--kind', 'deposits', '--date', TODAY, file).out).toContain('已导入');
    expect(jingwei('value', 'tier', '--data', world.ledger, '--id', ID, '--date', TODAY).out).toContain('金卡客户（gold）');
    const published = jingwei('value', 'publish', '--data', world.ledger, '--remote', world.serverUrl, '--date', TODAY, '--keys', world.keys);
    expect(published.out).toContain('HM01：1 位客户（贵宾 1 位，有推荐产品 1 位）');
  });

  const { kioskKey } = await queueKeys(world.host.dataDir);
  const kiosk = new KioskPage(await (await browser.newContext()).newPage());
  await test.step('at the kiosk the customer types the ID number: a VIP ticket with the offer printed on it', async () => {
    await kiosk.open(world.host.url, kioskKey);
    // Live sync brings head office's signed VIP list down within seconds.
    await expect(async () => {
      await kiosk.idField().fill(ID);
      await kiosk.service('cash').click();
      await expect(kiosk.ticket()).toBeVisible();
      const vip = await kiosk.ticket().getByText('VIP客户').count();
      if (!vip) await kiosk.page.getByTestId('kiosk-done').click();
      expect(vip).toBe(1);
    }).toPass({ timeout: 90_000 });
    await expect(kiosk.page.getByTestId('ticket-offer-title')).toHaveText('三年期定期存款');
    await expect(kiosk.page.getByTestId('ticket-offer')).toContainText('活期余额转定期，利息更高');
    await kiosk.page.getByTestId('kiosk-done').click();
    // A stranger's ID: an ordinary ticket, no offer.
    const stranger = '14108119800315002';
    await kiosk.idField().fill(withCheck(stranger));
    await kiosk.service('cash').click();
    await expect(kiosk.ticketNumber()).toBeVisible();
    await expect(kiosk.ticket()).not.toContainText('VIP');
    await expect(kiosk.page.getByTestId('ticket-offer')).toHaveCount(0);
  });

  await test.step('the teller opens the customer: 金卡, 460 points, the same offer — recorded accepted from the queue ticket', async () => {
    await login.open();
    await login.loginAndWait('T001');
    await page.getByRole('navigation').getByRole('link', { name: /客户/ }).first().click();
    const customers = new CustomersPage(page);
    await customers.find(NAME);
    await customers.openResultByKeyboard(NAME);
    await expect(page.getByTestId('customer-tier')).toHaveText('金卡客户');
    await expect(page.getByTestId('customer-points')).toContainText('460');
    await expect(page.getByTestId('customer-offer-title')).toHaveText('三年期定期存款');
    await page.getByTestId('customer-offer-channel').selectOption({ label: '取号小票' });
    await page.getByTestId('customer-offer-accept').click();
    await expect(page.getByTestId('customer-offer-recorded')).toHaveText('已记录：客户接受「三年期定期存款」');
  });

  await test.step('core banking opens the customer\'s three-year time deposit; the branch head\'s 精微看板 counts the offer shown → accepted → opened', async () => {
    await putSignedAccount({ url: world.serverUrl, admin: HEAD_OFFICE_ADMIN }, join(world.keys, 'head-office-keys.json'), customerId, 'time');
    const page = await browser.newPage();
    const headLogin = new LoginPage(page, () => world.host.url);
    await headLogin.open();
    await headLogin.loginAndWait('H001');
    const kioskRow = page.getByTestId('funnel-time-deposit-kiosk');
    // Live sync brings the signed account down within seconds; the dashboard counts what the store holds when opened.
    await expect(async () => {
      await page.getByRole('navigation').getByRole('link', { name: /客户/ }).first().click();
      await page.getByRole('navigation').getByRole('link', { name: '精微看板' }).click();
      await expect(kioskRow).toHaveAttribute('data-opened', '1', { timeout: 2_000 });
    }).toPass({ timeout: 90_000 });
    await expect(kioskRow).toHaveAttribute('data-accepted', '1');
    await expect(kioskRow).toContainText('100.0%');
    await expect(page.getByTestId('value-dash-tiers').locator('[data-tier="gold"]')).toHaveText('1');
    await expect(page.getByTestId('kpi-points')).toContainText('460');
    await expect(page.getByTestId('value-dash-tier-chart').locator('canvas')).toHaveCount(1);
    // The branch's own points figures, from head office's signed T+1 summary: last month's accrual, this month's voucher.
    await expect(page.getByTestId('value-dash-points-note')).toContainText(`截至 ${TODAY} 日终`);
    await expect(page.getByTestId(`points-${MONTH}`)).toHaveAttribute('data-issued', '660');
    await expect(page.getByTestId(`points-${monthKey(TODAY)}`)).toHaveAttribute('data-redeemed', '200');
    await expect(page.getByTestId('value-dash-points-chart').locator('canvas')).toHaveCount(1);
    // T+1: as of yesterday the offer had not been answered yet.
    await page.getByTestId('value-dash-yesterday').click();
    await expect(page.getByTestId('value-dash-no-answers')).toBeVisible();
    // 精准营销 into the task list: the customer already answered the offer at the counter, so no visit is made for it.
    await new MarketingPage(page).open();
    await page.getByTestId('offer-manager-G01').selectOption('M001');
    await page.getByTestId('offer-preview-button').click();
    await expect(page.getByTestId('offer-preview')).toHaveText('将生成 0 项（已有未完成任务 0 位，已派过 0 位，已答复 1 位，网格未指定客户经理 0 位）');
    await page.close();
  });

  await test.step('head office counts the conversion per segment and channel to the deposit opened, from what the branch synced up', async () => {
    await expect
      .poll(() => jingwei('value', 'conversion', '--data', world.ledger, '--remote', world.serverUrl, '--date', TODAY, '--branches', 'HM01').out, { timeout: 90_000 })
      .toContain('客群 idle-demand 推荐「三年期定期存款」（time-deposit）：推荐 1 位，接受 1 位，转化率 100.00%，开户 1 位（开户率 100.00%）；柜面 答复 0 接受 0 暂不需要 0 开户 0；取号小票 答复 1 接受 1 暂不需要 0 开户 1');
  });

  await test.step('head office\'s morning: 总行精微看板 (/value) shows HM01\'s tiers, points, the funnel to the opened deposit and the ledger\'s flows', async () => {
    const viewer = { name: 'hq-value-viewer', password: 'hq-value-viewer-pw' };
    execFileSync(process.execPath, ['bin/jingwei.js', 'couchdb-setup', '--url', world.serverUrl, '--report-viewer', viewer.name], {
      cwd: REPO_ROOT, env: { ...process.env, JINGWEI_ADMIN_USER: HEAD_OFFICE_ADMIN.name, JINGWEI_ADMIN_PASSWORD: HEAD_OFFICE_ADMIN.password, JINGWEI_REPORT_VIEWER_PASSWORD: viewer.password },
    });
    const report = await startReportProcess(world.serverUrl, HEAD_OFFICE_ADMIN, {}, ['--feed-data', world.ledger]);
    const page = await browser.newPage();
    try {
      await page.goto(`${report.url}/value`);
      await page.getByLabel('用户名').fill(viewer.name);
      await page.getByLabel('密码').fill(viewer.password);
      await page.getByLabel('密码').press('Enter');
      await page.goto(`${report.url}/value`);
      await expect(page.getByRole('heading', { name: '总行精微看板 · 客户价值与营销' })).toBeVisible();
      const hm01 = page.locator('#value-branches tr[data-branch="HM01"]');
      // The reporting store follows the branch database: the figures arrive within seconds of starting.
      await expect(async () => {
        await page.reload();
        await expect(hm01.locator('[data-k="opened"]')).toHaveText('1', { timeout: 1_000 });
      }).toPass({ timeout: 60_000 });
      await expect(hm01.locator('[data-tier="gold"]')).toHaveText('1');
      await expect(hm01.locator('[data-k="accepted"]')).toHaveText('1');
      await expect(page.locator('#value-funnel tr[data-branch="HM01"][data-offer="time-deposit"][data-channel="kiosk"] [data-k="opened"]')).toHaveText('1');
      // The points ledger: last month's accrual and this month's voucher, redeemed once by the shop.
      await expect(page.locator(`#value-points tr[data-month="${MONTH}"] [data-k="issued"]`)).toHaveText('660');
      await expect(page.locator(`#value-points tr[data-month="${monthKey(TODAY)}"] [data-k="redeemed"]`)).toHaveText('200');
      await expect(page.locator(`#value-points tr[data-month="${monthKey(TODAY)}"] [data-k="vouchers"]`)).toHaveText('1');
      await expect(page.locator('#tier-chart svg')).toHaveCount(1);
      await expect(page.locator('#points-chart svg')).toHaveCount(1);
      // Charts are drawn on the server: the page runs no script.
      await expect(page.locator('script')).toHaveCount(0);
      // T+1: as of yesterday nothing had been answered yet.
      await page.goto(`${report.url}/value?date=${addDays(TODAY, -1)}`);
      await expect(hm01.locator('[data-k="shown"]')).toHaveText('0');
    } finally {
      await page.close();
      await report.dispose();
    }
  });
});

/** docs/feeds.md: the loans file's header line. */
const LOANS_HEADER = 'loan_account,branch,id_no,customer_name,product,principal,balance,overdue_principal,overdue_interest,overdue_days,next_due_date,maturity_date,rate,manager,disbursed_on';

test('a partner\'s QR brings an application to the branch; core banking lends; the commission statement shows both', async ({ world, login, page }) => {
  test.setTimeout(300_000);
  let code = '';
  await test.step('head office enrols the village official as a partner: a referral code of HM01 and its QR', async () => {
    const enrolled = jingwei('value', 'partner', '--data', world.ledger, '--branch', 'HM01', '--name', '东阳村李主任', '--kind', 'village-official', '--phone', '13903570002', '--qr', join(world.dir, 'partner.png'));
    expect(enrolled.code).toBe(0);
    code = /推荐码 (HM01-[2-9A-HJKMNP-Z]{6})，推荐二维码/.exec(enrolled.out)![1]!;
  });

  await test.step('the customer manager starts an application with the partner\'s QR scanned; another branch\'s code is refused on the screen', async () => {
    await login.open();
    await login.loginAndWait('M001');
    const field = await scanPartnerCard(page, 'JINGWEI-PARTNER:HM02-7K3F9Q');
    await expect(page.getByTestId('product-picker').getByRole('alert')).toHaveText('推荐码 HM02-7K3F9Q 属于 HM02，不是本行（HM01）的合伙人推荐码');
    await field.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type(`JINGWEI-PARTNER:${code}\n`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('application-editor')).toBeVisible();
  });

  await test.step('core banking lends the customer 100,000 yuan today; head office\'s statement pays the partner for it', async () => {
    const file = join(world.dir, `loans-${TODAY}.csv`);
    writeFileSync(file, `${LOANS_HEADER}\n62300000000000017,HM01,${ID},${NAME},inclusive,100000.00,100000.00,0,0,0,,${addDays(TODAY, 365)},4.35,M001,${TODAY}\n`);
    expect(jingwei('feed', 'import', '--data', world.ledger, '--kind', 'loans', '--date', TODAY, file).out).toContain('已导入');
    const payout = join(world.dir, 'payout.csv');
    // The application reaches head office with the branch's live sync.
    await expect
      .poll(() => jingwei('value', 'commission', '--data', world.ledger, '--remote', world.serverUrl, '--month', monthKey(TODAY), '--branches', 'HM01', '--keys', world.keys, '--payout', payout).out, { timeout: 90_000 })
      .toContain(`1. ${code} 东阳村李主任（村干部，有效）：推荐申请 1 笔（已提交 0 笔），推荐客户放款 1 笔 100,000.00 元，佣金 300.00 元（贷款账号 62300000000000017）`);
    expect(readFileSync(payout, 'utf8')).toContain(`${monthKey(TODAY)},HM01,${code},东阳村李主任,300.00,1`);
  });

  await test.step('the branch sees its partners ranked on 合伙人, from head office\'s signed statement, with the QR to print again', async () => {
    // Live sync brings the statement down within seconds; the open screen shows it when it arrives, no reload.
    await page.getByRole('navigation').getByRole('link', { name: /^合伙人(\s|$)/ }).click();
    await expect(page.getByTestId('partners-summary')).toHaveText('合伙人 1 位，有效合伙人 1 位，本月佣金合计 300.00 元（佣金规则第 1 版）', { timeout: 90_000 });
    const row = page.getByTestId(`partner-${code}`);
    await expect(row).toContainText('东阳村李主任');
    await expect(row).toContainText('1 笔 100,000.00 元');
    await row.getByRole('button', { name: '显示二维码' }).press('Enter');
    await expect(page.getByTestId('partner-qr')).toContainText(code);
  });
});

test('the branch head enrols a market manager on 合伙人登记 and prints the card; an application through the code shows as their referral; head office counts them', async ({ world, login, page }) => {
  test.setTimeout(300_000);
  const enrolNav = () => page.getByRole('navigation').getByRole('link', { name: '合伙人登记' }).click();
  let code = '';
  await test.step('Enter walks the form; on the last field it enrols — an empty form is refused beside each field in Chinese; the filled one enrols and shows the referral card', async () => {
    await login.open();
    await login.loginAndWait('H001');
    await enrolNav();
    const name = page.getByLabel('合伙人姓名或店名');
    await expect(name).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('合伙人类别')).toBeFocused();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('所在地点（村、市场、店铺）')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('issue-partnerName')).toHaveText('请填写合伙人姓名或店名');
    await expect(page.getByTestId('issue-partnerKind')).toHaveText('请选择合伙人类别');
    await expect(page.getByTestId('issue-partnerPhone')).toHaveText('手机号应为11位，以1开头，如 13912345678');
    await expect(name).toBeFocused();
    await page.keyboard.type('侯马建材市场赵经理');
    // Corrected, a field's message goes at once.
    await expect(page.getByTestId('issue-partnerName')).toHaveCount(0);
    await page.keyboard.press('Enter');
    await page.getByLabel('合伙人类别').selectOption({ label: '市场管理员' });
    await page.keyboard.press('Enter');
    await page.keyboard.type('13903570031');
    await page.keyboard.press('Enter');
    await page.keyboard.type('侯马建材市场');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('partner-enrol-done')).toContainText('已登记合伙人 侯马建材市场赵经理，推荐码 HM01-');
    code = (await page.getByTestId('partner-card-code').textContent())!.trim();
    expect(code).toMatch(/^HM01-[2-9A-HJKMNP-Z]{6}$/);
    await expect(page.getByTestId('partner-card').getByRole('img', { name: `推荐码 ${code} 的二维码` })).toBeVisible();
    await expect(page.getByRole('button', { name: '打印推荐卡' })).toBeVisible();
    await expect(page.getByTestId(`enrolled-${code}`)).toContainText('刘志强');
  });

  await test.step('the same mobile number again is refused, nothing added', async () => {
    await page.getByLabel('合伙人姓名或店名').fill('赵经理');
    await page.getByLabel('合伙人类别').selectOption({ label: '商户' });
    await page.getByLabel('手机号').fill('13903570031');
    await page.getByRole('button', { name: '登记并生成推荐码' }).click();
    // The core's refusal lands beside the mobile number, which takes the focus.
    await expect(page.getByTestId('issue-partnerPhone')).toHaveText(`手机号 13903570031 已登记为合伙人 侯马建材市场赵经理（推荐码 ${code}），不能重复登记`);
    await expect(page.getByLabel('手机号')).toBeFocused();
    await expect(page.locator('[data-testid^="enrolled-HM01-"]')).toHaveCount(1);
  });

  await test.step('the customer manager scans the card into an application; the partner\'s line shows the referral', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await login.loginAndWait('M001');
    await scanPartnerCard(page, `JINGWEI-PARTNER:${code}`);
    await expect(page.getByTestId('application-editor')).toBeVisible();
    await enrolNav();
    const row = page.getByTestId(`enrolled-${code}`);
    await expect(row.getByTestId('enrolled-referrals')).toHaveText('1 笔');
    await row.getByRole('button', { name: '查看' }).press('Enter');
    await expect(page.getByTestId('partner-referrals')).toContainText(NAME);
    await expect(page.getByTestId('partner-referrals-close')).toBeFocused();
  });

  await test.step('head office\'s statement counts the partner the branch enrolled; the branch sees their commission line', async () => {
    await expect
      .poll(() => jingwei('value', 'commission', '--data', world.ledger, '--remote', world.serverUrl, '--month', monthKey(TODAY), '--branches', 'HM01', '--keys', world.keys).out, { timeout: 90_000 })
      .toMatch(new RegExp(`${code} 侯马建材市场赵经理（市场管理员）：推荐申请 1 笔（已提交 0 笔），推荐客户放款 0 笔 0\\.00 元，佣金 0\\.00 元`));
    await expect(page.getByTestId(`enrolled-${code}`).getByTestId('enrolled-commission')).toHaveText(`0.00 元（${monthKey(TODAY)}，放款 0 笔）`, { timeout: 90_000 });
  });
});

test('点亮侯马: the branch head and head office assign visits by grid; the manager works them offline on the map; after sync head office\'s T+1 board and coverage move', async ({ world, login, page, browser }) => {
  test.setTimeout(300_000);
  const board = () => jingwei('value', 'board', '--remote', world.server.url, '--date', TODAY, '--branches', 'HM01').out;
  const head = new MarketingPage(page);

  await test.step('the branch head hands 李建国 (M001) three visits in grid G01 on the map screen', async () => {
    await login.open();
    await login.loginAndWait('H001');
    await head.open();
    await head.assign('G01', 'M001', '走访', 3);
    await expect(head.notice()).toHaveText('已向 李建国 派发 3 项任务');
    await expect(page.getByTestId('board-G01-M001')).toContainText('李建国（M001）300.0%');
  });

  await test.step('live sync takes the tasks to head office: its board shows them, none done', async () => {
    await expect.poll(board, { timeout: 90_000 }).toContain('G01 李建国（M001）：任务 3，完成 0（0.0%），有意向 0，逾期 0');
  });

  const fieldPage = await browser.newPage();
  const field = new MarketingPage(fieldPage);
  await test.step('with head office unreachable, the manager records two visits on the map screen', async () => {
    await world.server.close();
    const mLogin = new LoginPage(fieldPage, () => world.host.url);
    await mLogin.open();
    await mLogin.loginAndWait('M001');
    await expect(field.syncChip()).toContainText('离线', { timeout: 60_000 });
    await field.open();
    await expect(fieldPage.getByRole('heading', { name: '我的营销任务（未完成 3 项）' })).toBeVisible();
    await field.recordNext('有意向', '想把活期转三年定期');
    await field.recordNext('不在家', '外出务工，下周再访');
    await expect(field.notice()).toContainText('不在家');
    await expect(fieldPage.getByTestId('board-G01-M001')).toContainText('3266.7%1');
    // One reached (有意向); nobody at home reaches nobody.
    await expect(fieldPage.getByTestId('coverage-G01')).not.toHaveAttribute('data-coverage-bp', '0');
    await expect(field.syncChip()).toContainText('待同步');
  });

  await test.step('head office back on the same address: live sync carries the outcomes up and the T+1 board moves', async () => {
    const port = Number(new URL(world.server.url).port);
    world.server = await startHeadOfficeServer(world.server.dataDir, port);
    await expect(field.syncChip()).not.toContainText('待同步', { timeout: 120_000 });
    await expect.poll(board, { timeout: 60_000 }).toContain('G01 李建国（M001）：任务 3，完成 2（66.7%），有意向 1，逾期 0');
    expect(board()).toMatch(/ {2}G01：覆盖率 \d+\.\d%（客户 \d+\/\d+，农户 \d+\/\d+，商户 \d+\/\d+）/);
  });
  await test.step('the branch head\'s 精微看板 shows the manager\'s tasks done in G01, and the T+1 view of yesterday none', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '精微看板' }).click();
    await expect(page.getByTestId('dash-task-G01-M001')).toHaveAttribute('data-done', '2');
    await expect(page.getByTestId('dash-task-G01-M001')).toContainText('66.7%');
    await expect(page.getByTestId('kpi-tasks')).toContainText('2 / 3');
    await expect(page.getByTestId('value-dash-task-chart').locator('canvas')).toHaveCount(1);
    await page.getByTestId('value-dash-yesterday').click();
    await expect(page.getByTestId('kpi-tasks')).toContainText('0 / 0');
  });
  await test.step('head office issues a new customer manager and assigns her a visit in G01 centrally; the branch head\'s open 点亮侯马 shows it by itself as it arrives by live sync (no reload, no click), marked 总行派发', async () => {
    const issued = spawnSync(process.execPath, ['bin/jingwei.js', 'identity', 'issue', '--url', world.server.url, '--keys', world.keys, '--branch', 'HM01', '--staff-no', 'M005', '--name', '周敏', '--roles', 'customer-manager'], {
      cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, JINGWEI_ADMIN_USER: HEAD_OFFICE_ADMIN.name, JINGWEI_ADMIN_PASSWORD: HEAD_OFFICE_ADMIN.password, JINGWEI_STAFF_PASSWORD: 'First-Login-2026' },
    });
    expect(issued.status, `${issued.stdout}${issued.stderr}`).toBe(0);
    await head.open();
    await expect(page.getByRole('heading', { name: '本行营销任务（含总行派发，未完成 1 项）' })).toBeVisible();
    await expect(page.getByTestId('task-by-head-office')).toHaveCount(0);
    // A mark on this page's window: still there afterwards means the page was never reloaded.
    await page.evaluate(() => ((window as unknown as { liveMark: string }).liveMark = 'before-assign'));
    const r = jingwei('value', 'assign', '--remote', world.server.url, '--branch', 'HM01', '--grid', 'G01', '--assignee', 'M005', '--kind', 'visit', '--due', addDays(TODAY, 7), '--count', '1');
    expect(r.out).toContain('已派发 1 项营销任务给 周敏（M005），网格 G01');
    await expect(page.getByTestId('task-by-head-office')).toHaveCount(1, { timeout: 90_000 });
    expect(await page.evaluate(() => (window as unknown as { liveMark?: string }).liveMark)).toBe('before-assign');
    await expect(page.getByRole('heading', { name: '本行营销任务（含总行派发，未完成 2 项）' })).toBeVisible();
    await expect(page.getByTestId('board-G01-M005')).toContainText('周敏（M005）100.0%');
    await expect.poll(board, { timeout: 60_000 }).toContain('G01 周敏（M005）：任务 1，完成 0（0.0%），有意向 0，逾期 0');
  });

  await fieldPage.close();
});
