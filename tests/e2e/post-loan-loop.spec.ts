import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { addDays } from '../../domain/credit/dates';
import { DEFAULT_QUIET_HOURS, inQuietHours } from '../../domain/messaging/quiet-hours';
import { startWeComMock } from '../../sync-server/outbox/wecom-mock';
import { LoginPage } from './pages/login-page';
import { RiskPage } from './pages/risk-page';
import { REPO_ROOT, startHost, type HostProcess } from './support/host';
import { DEMO_PASSWORD } from './pages/login-page';
import { hostSession } from '../../main/host/testing/host-api';
import { goldData, goldFacts } from '../../main/core/credit/gold-collar.fixture';
import { headOfficeCommand, hm01Remote, provisionedHeadOffice, startHeadOfficeServer, type HeadOfficeServer } from './support/jingwei-server';

/**
 * 贷后闭环: head office imports a day's core-banking files and scans them, the branch sees the risk events with
 * their deadlines, the customer manager records a visit and a promise to pay, the next day's repayment file
 * closes the event by itself, and an event nobody closes escalates to the risk department (R001). Head office's
 * clock is the `--date` its commands are given; the branch's is the real one.
 */
const D1 = new Date().toISOString().slice(0, 10);
const [ID1, ID2] = ['141081197703030014', '141081197604270020'];
/** The header lines of docs/feeds.md, as core banking writes them. */
const HEADERS = {
  loans: 'loan_account,branch,id_no,customer_name,product,principal,balance,overdue_principal,overdue_interest,overdue_days,next_due_date,maturity_date,rate,manager,disbursed_on',
  repayments: 'txn_id,loan_account,txn_date,principal,interest,penalty,channel',
};

interface World {
  server: HeadOfficeServer;
  host: HostProcess;
  ledger: string;
  files: string;
}

const test = base.extend<{ login: LoginPage; risk: RiskPage }, { world: World }>({
  world: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'post-loan-e2e-'));
      const server = await provisionedHeadOffice(join(dir, 'server'));
      const host = await startHost(hm01Remote(server));
      const world: World = { server, host, ledger: join(dir, 'ledger'), files: join(dir, 'files') };
      await use(world);
      await host.dispose();
      await world.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  login: async ({ page, world }, use) => use(new LoginPage(page, () => world.host.url)),
  risk: async ({ page, world }, use) => use(new RiskPage(page, () => world.host.url)),
});

/** `jingwei feed …` as head office's IT runs it; a refusal fails the test. */
function feed(world: World, ...args: string[]): string {
  const { code, out } = headOfficeCommand('feed', ...args);
  if (code !== 0) throw new Error(`jingwei feed ${args.join(' ')} → exit ${code}\n${out}`);
  return out;
}

function importFile(world: World, kind: 'loans' | 'repayments', date: string, lines: string[]): string {
  const file = join(tmpdir(), `post-loan-e2e-${kind}-${date}-${process.pid}.csv`);
  writeFileSync(file, [HEADERS[kind], ...lines].join('\n') + '\n');
  return feed(world, 'import', '--data', world.ledger, '--kind', kind, '--date', date, file);
}

const loanLine = (account: string, idNo: string, name: string, overdue: boolean) =>
  [account, 'HM01', idNo, name, 'farmer', '100000.00', '80000.00', overdue ? '2000.00' : '0.00', overdue ? '300.00' : '0.00', overdue ? 1 : 0,
    addDays(D1, 30), addDays(D1, 365), '4.35', 'M001', addDays(D1, -300)].join(',');

test.describe.configure({ mode: 'serial' });

const EVENT1 = `risk-event:HM01:6200000000000001:${D1}:overdue`;

/** `jingwei feed publish` to the running head office; collection messages go to the file channel (no WeCom tenant here). */
const publish = (world: World, date: string) => feed(world, 'publish', '--data', world.ledger, '--remote', world.server.url, '--date', date, '--messages', join(world.ledger, 'messages.jsonl'));
const EVENT2 = `risk-event:HM01:6200000000000002:${D1}:overdue`;

/** `jingwei feed callback`: head office's WeCom callback URL, with the callback token WeCom was configured with. */
function startCallback(world: World, token: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/jingwei.js', 'feed', 'callback', '--data', world.ledger], {
    cwd: REPO_ROOT, env: { ...process.env, JINGWEI_WECOM_TOKEN: token }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/wecom\/callback)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`callback exited with ${code}`)));
  });
}

test('head office imports and scans a day; the events reach the customer manager and the branch head with their deadlines', async ({ world, login, risk, page }) => {
  expect(importFile(world, 'loans', D1, [loanLine('6200000000000001', ID1, '王建国', true), loanLine('6200000000000002', ID2, '李秀英', true)])).toContain('已导入 贷款台账');
  expect(feed(world, 'scan', '--data', world.ledger, '--date', D1)).toContain('新风险事件 4 件');
  expect(publish(world, D1)).toContain('写入 7 个文档'); // 2 loans, 4 events, the loans file's day

  await test.step('M001, the loans\' customer manager: the count is on the navigation at login, the deadline on each event', async () => {
    await login.open();
    await login.loginAndWait('M001');
    // Live sync brings the events within seconds; the badge shows before any screen is opened.
    await risk.untilShown(() => expect(risk.badge()).toHaveText('4', { timeout: 3_000 }));
    await risk.open();
    await expect(risk.counts()).toHaveText('待处理 4 件，今日到期 0 件，已超期 0 件');
    await expect(risk.rows('王建国').filter({ hasText: '逾期' }).getByTestId('risk-deadline')).toContainText(/剩 \d+ 天/);
    await page.getByRole('button', { name: '退出登录' }).click();
  });

  await test.step('H001, the branch head: the same events in the branch queue, same deadlines', async () => {
    await login.loginAndWait('H001');
    await expect(risk.badge()).toHaveText('4');
    await risk.open();
    await expect(risk.counts()).toHaveText('待处理 4 件，今日到期 0 件，已超期 0 件');
    const row = risk.rows('李秀英').filter({ hasText: '逾期' });
    await expect(row).toContainText('支行（行长、客户经理）');
    await expect(row.getByTestId('risk-deadline')).toContainText(/剩 \d+ 天/);
  });

  await test.step('王建国 applies for a 金领贷 saying he owes nothing overdue: the models use core banking\'s figure, the reviewer sees both', async () => {
    const m001 = await hostSession(world.host.url, 'M001', DEMO_PASSWORD);
    const customer = await m001<{ id: string }>('customers.create', {
      customer: { kind: 'individual', name: '王建国', idNumber: ID1, phone: '13803570001', address: '山西省侯马市上马街道', group: 'civil-servant' },
    });
    const draft = await m001<{ id: string; rev: string }>('loans.createDraft', { customerId: customer.id, productCode: 'gold-collar' });
    const typed = await m001<{ id: string; rev: string }>('loans.update', {
      id: draft.id, rev: draft.rev,
      patch: { requestedAmountFen: 20_000_000, termMonths: 12, repaymentMethod: 'equal-installment', collectedData: [...goldData], facts: { ...goldFacts, depositAvgDailyFen: 5_000_000 } },
    });
    await m001('loans.submit', { id: typed.id, rev: typed.rev });

    await page.goto(`${world.host.url}#/loans/${encodeURIComponent(typed.id)}`);
    const sources = page.getByTestId('fact-sources');
    await expect(page.getByTestId('fact-sources-summary')).toContainText('有 3 项客户填报与核心系统数据不符'); // overdue now, episodes, longest overdue
    const overdue = sources.getByTestId('fact-source-bureauCurrentOverdueFen');
    await expect(overdue).toContainText('当前逾期金额');
    await expect(overdue.locator('td').nth(1)).toHaveText('0.00');
    await expect(overdue.locator('td').nth(2)).toHaveText('2,300.00');
    await expect(overdue.locator('td').nth(3)).toContainText('2,300.00（核心系统）');
    await expect(overdue).toContainText(`总行核心系统数据（截至 ${D1}）`);
    await expect(overdue).toContainText('不符');
    // No deposit feed reached this branch: the typed average is used and said to be unverified.
    await expect(sources.getByTestId('fact-source-depositAvgDailyFen')).toContainText('无核心系统数据，采用客户填报（未核实）');
    await expect(page.getByTestId('decision-reasons')).toContainText('当前逾期2,300.00');
  });
});

test('with the line to head office down, the customer manager records a visit and a promise to pay; they go up when it is back', async ({ world, login, risk }) => {
  await world.server.close();
  await login.open();
  await login.loginAndWait('M001');
  await expect(risk.syncChip()).toContainText('离线', { timeout: 60_000 });

  await risk.openEvent(EVENT1);
  await expect(risk.cause()).toContainText('贷款逾期1天');
  await expect(risk.loan()).toContainText('80,000.00');
  await risk.recordVisit('上门走访，客户称下周发工资后还款');
  await risk.recordPromise('承诺一周内还清欠款', addDays(D1, 7), '2300');
  await expect(risk.actions()).toContainText(`${addDays(D1, 7)} 2,300.00`);
  await expect(risk.syncChip()).toContainText('待同步');

  // Head office back on the same address: live sync carries the actions up by itself; the next publish reads them.
  const port = Number(new URL(world.server.url).port);
  world.server = await startHeadOfficeServer(world.server.dataDir, port);
  await expect(risk.syncChip()).not.toContainText('待同步', { timeout: 120_000 });
  expect(publish(world, D1)).toContain('读回处置记录 2 条');
});

test('催收助手: the customer manager bulk-sends the standard script; an opted-out customer is refused; the reply comes back on the event', async ({ world, login, risk, page }) => {
  // Head office's copy of the bank's WeCom external contacts: 王建国 is one, 李秀英 not.
  const contacts = join(tmpdir(), `post-loan-e2e-contacts-${process.pid}.csv`);
  writeFileSync(contacts, `id_no,external_userid,follow_user\n${ID1},wmEXT0001,zhangwei\n`);
  expect(feed(world, 'contacts', '--data', world.ledger, contacts)).toContain('已导入企业微信外部联系人 1 个');

  await login.open();
  await login.loginAndWait('M001');
  await test.step('the event detail shows head office\'s script with the customer\'s figures; 李秀英 asks not to be messaged', async () => {
    await risk.openEvent(EVENT1);
    await expect(page.getByTestId('risk-script')).toContainText('第1版 · 逾期30天内');
    await expect(page.getByTestId('risk-script-text')).toContainText('王建国您好，您尾号0001的贷款已逾期');
    await risk.openEvent(EVENT2);
    await risk.recordOptOut('客户要求不再发送催收消息');
    await expect(page.getByTestId('risk-script')).toContainText('客户已退订消息，不会向其发送');
  });

  await test.step('群发 to both: 王建国\'s goes to head office\'s outbox (or waits out the quiet hours), 李秀英 is refused', async () => {
    await risk.open();
    const dialog = await risk.bulkSend([risk.rows('王建国').filter({ hasText: '逾期' }), risk.rows('李秀英').filter({ hasText: '逾期' })], ['王建国您好', '客户已退订消息']);
    const quiet = inQuietHours(new Date(), DEFAULT_QUIET_HOURS);
    await expect(dialog.getByTestId('risk-bulk-result').filter({ hasText: '王建国' })).toContainText(quiet ? '免打扰时段' : '已交总行发件箱发送');
    await expect(dialog.getByTestId('risk-bulk-result').filter({ hasText: '李秀英' })).toContainText('客户已退订，未发送');
    await dialog.getByTestId('risk-bulk-close').click();
    await risk.openEvent(EVENT1);
    await expect(risk.actions()).toContainText('发送催收话术');
    await expect(risk.syncChip()).not.toContainText('待同步', { timeout: 60_000 });
  });

  await test.step('head office relays it through its outbox; the customer\'s WeCom reply reaches the event', async () => {
    const out = publish(world, D1);
    expect(out).toContain('催收消息入发件箱 1 条');
    expect(out).toContain('登记退订 0 人'); // 李秀英 is no WeCom contact: her opt-out stays the branch's record
    const sentFile = join(world.ledger, 'messages.jsonl');
    if (inQuietHours(new Date(), DEFAULT_QUIET_HOURS)) expect(existsSync(sentFile)).toBe(false);
    else expect(readFileSync(sentFile, 'utf8')).toContain('"externalUserId":"wmEXT0001"');

    const wecom = await startWeComMock({ corpId: 'ww-e2e', secret: 'e2e-secret' });
    const callback = await startCallback(world, 'e2e-callback-token');
    try {
      expect(await wecom.customerReplies(callback.url, 'e2e-callback-token', { externalUserId: 'wmEXT0001', text: '下周一发工资后还款' })).toBe(200);
    } finally {
      callback.child.kill('SIGTERM');
      await wecom.close();
    }
    publish(world, D1);
    await risk.openEvent(EVENT1);
    await risk.untilShown(() => expect(risk.actions()).toContainText('客户回复：下周一发工资后还款', { timeout: 3_000 }));
  });
});

test('the next day\'s repayment file closes the event by itself; an event past its deadline goes to R001', async ({ world, login, risk, page }) => {
  const D2 = addDays(D1, 1);
  importFile(world, 'repayments', D2, [`T1,6200000000000001,${D2},2000.00,300.00,0.00,counter`]);
  expect(feed(world, 'scan', '--data', world.ledger, '--date', D2)).toContain('自动结案 2 件');
  publish(world, D2);
  // Loan 2 stays overdue; head office's clock (the scan's --date) ten days on: its branch deadline (5 working days) has passed.
  expect(feed(world, 'scan', '--data', world.ledger, '--date', addDays(D1, 10))).toContain('超时升级 2 件');
  publish(world, addDays(D1, 10));

  await login.open();
  await login.loginAndWait('M001');
  await risk.openEvent(EVENT1);
  await risk.untilShown(() => expect(risk.status()).toContainText('核心系统数据显示已消除，自动结案', { timeout: 3_000 }));
  await expect(risk.actions()).toContainText('承诺还款');

  await page.getByRole('button', { name: '退出登录' }).click();
  await login.loginAndWait('R001');
  await risk.open();
  const escalated = risk.rows('李秀英');
  await risk.untilShown(() => expect(escalated).toHaveCount(2, { timeout: 3_000 }));
  await expect(escalated.first()).toContainText('风险管理部');
});
