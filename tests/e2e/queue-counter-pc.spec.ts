import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { expect, test, type Browser } from '@playwright/test';
import { pinnedFetch } from '../../main/core/lan/pinned-fetch';
import { startHost, type HostProcess } from './support/host';
import { branchCaFile, pinnedBrowser, queueKeys } from './support/queue-device';
import { DEMO_PASSWORD, LoginPage } from './pages/login-page';
import { CounterPage, HallPage, KioskPage } from './pages/queue-pages';

test.describe.configure({ mode: 'serial' });

let queueDevice: HostProcess;
let counterPc: HostProcess;
let lanBrowser: Browser;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  // The queue device serves the branch LAN: TLS with the branch CA it makes at first start, the queue API only.
  queueDevice = await startHost({ args: ['--lan'] });
  // IT copies the counter key (jingwei lan-keys) and the branch CA file from the queue device to each counter PC once.
  const { counterKey } = await queueKeys(queueDevice.dataDir);
  counterPc = await startHost({
    args: ['--queue-host', queueDevice.url, '--queue-ca', branchCaFile(queueDevice.dataDir)],
    env: { JINGWEI_COUNTER_KEY: counterKey },
  });
  lanBrowser = await pinnedBrowser(queueDevice.dataDir);
});
test.afterAll(async () => {
  await lanBrowser?.close();
  await counterPc?.dispose();
  await queueDevice?.dispose();
});

test('a teller at a counter PC with its own data calls from the queue device, and rides out the queue device restarting', async ({ browser }) => {
  test.setTimeout(240_000);
  const { kioskKey } = await queueKeys(queueDevice.dataDir);
  // The kiosk and the hall TV reach the queue device over the LAN with the branch CA pinned.
  const kiosk = new KioskPage(await (await lanBrowser.newContext()).newPage());
  const hall = new HallPage(await (await lanBrowser.newContext()).newPage());
  const deskPage = await (await browser.newContext()).newPage();
  const login = new LoginPage(deskPage, () => counterPc.url);
  const counter = new CounterPage(deskPage);

  await test.step('a customer takes a ticket at the kiosk of the queue device', async () => {
    expect(queueDevice.url).toMatch(/^https:/);
    await hall.open(queueDevice.url);
    await kiosk.open(queueDevice.url, kioskKey);
    await kiosk.take('cash', 'A001');
    await kiosk.take('cash', 'A002');
    await expect(hall.waiting('cash')).toHaveText('2');
  });

  await test.step('the teller logs in on her own counter PC and calls: the hall of the queue device announces it', async () => {
    await login.open();
    await login.loginAndWait('T001');
    await counter.open(counterPc.url);
    await counter.useCounter(1);
    await counter.press('F5');
    await expect(counter.currentNumber()).toHaveText('A001');
    await hall.expectCall('A001', '1号窗口');
    await expect(hall.waiting('cash')).toHaveText('1');
  });

  await test.step('the queue device goes away: the counter says so and retries until it is back, then finishes', async () => {
    await queueDevice.stop();
    await counter.press('F8');
    await expect(deskPage.getByTestId('queue-offline')).toContainText('与叫号主机的网络连接中断，正在重试');
    await queueDevice.restart();
    // The restarted queue device forgot its sessions; the counter PC renews the teller's with her counter pass.
    await expect(counter.message()).toHaveText('A001 已办结', { timeout: 60_000 });
    await expect(deskPage.getByTestId('queue-offline')).toBeHidden();
    await counter.press('F5');
    await expect(counter.currentNumber()).toHaveText('A002');
    await hall.open(queueDevice.url);
    await expect(hall.waiting('cash')).toHaveText('0');
    await expect(hall.currentNumber()).toHaveText('A002');
  });
});

test('a teller who logged in while the queue device was away proves herself with her password on the counter screen', async ({ browser }) => {
  test.setTimeout(240_000);
  await queueDevice.stop();
  const deskPage = await (await browser.newContext()).newPage();
  const login = new LoginPage(deskPage, () => counterPc.url);
  const counter = new CounterPage(deskPage);
  await login.open();
  await login.loginAndWait('T002');
  await queueDevice.restart();
  await counter.open(counterPc.url);
  // The counter's state lives on the queue device, which has not checked her yet: the screen asks for her password.
  await deskPage.getByTestId('queue-counter-select').selectOption('2');
  const form = deskPage.getByTestId('queue-connect');
  await expect(form).toContainText('请输入您的登录密码连接叫号主机');
  await deskPage.getByTestId('queue-connect-password').fill('not-her-password');
  await deskPage.getByTestId('queue-connect-submit').click();
  await expect(form).toContainText('工号或密码错误');
  await deskPage.getByTestId('queue-connect-password').fill(DEMO_PASSWORD);
  await deskPage.getByTestId('queue-connect-submit').click();
  await expect(counter.message()).toHaveText('已连接叫号主机');
  await expect(form).toBeHidden();
  await expect(deskPage.getByTestId('queue-counter-status')).toBeVisible();
});

test('from a PC on the branch LAN: no plain HTTP, no impostor certificate, nothing but the queue', async () => {
  const lan = pinnedFetch(readFileSync(branchCaFile(queueDevice.dataDir), 'utf8'));
  const post = async (method: string, args: unknown) =>
    lan(`${queueDevice.url}api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });

  // Plain HTTP to the queue device gets no API answer.
  const port = Number(new URL(queueDevice.url).port);
  const plain = await new Promise<string>((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/api/queue.board', method: 'POST' }, (res) => resolve(`HTTP ${res.statusCode}`));
    req.on('error', (e) => resolve(`refused ${(e as NodeJS.ErrnoException).code ?? e.message}`));
    req.end('{}');
  });
  expect(plain).toMatch(/^refused|^HTTP 400/);

  // A browser that does not pin the branch CA does not get the page either.
  const unpinned = await (await import('@playwright/test')).chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    await expect((await unpinned.newPage()).goto(`${queueDevice.url}?role=hall`)).rejects.toThrow(/ERR_CERT/);
  } finally {
    await unpinned.close();
  }

  // The queue API answers; the branch's customer and staff methods are not there at all.
  expect((await (await post('queue.board', {})).json()) as object).toMatchObject({ ok: true });
  for (const method of ['customers.search', 'session.login', 'staff.list', 'queue.saveConfig']) {
    const res = await post(method, {});
    expect(res.status, method).toBe(403);
    expect(await res.json(), method).toMatchObject({ error: { key: 'queue.error.lanQueueOnly' } });
  }
  // The counter key alone opens nothing: the teller's password is asked for.
  const { counterKey } = await queueKeys(queueDevice.dataDir);
  expect(await (await post('queue.counterLogin', { counterKey, staffNo: 'H001' })).json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  expect(await (await post('queue.counterLogin', { counterKey, staffNo: 'H001', password: 'guess-2026' })).json()).toMatchObject({ ok: false, error: { key: 'error.badCredentials' } });
});
