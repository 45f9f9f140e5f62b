import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startHost, type HostProcess } from './support/host';
import { LoginPage } from './pages/login-page';
import { CounterPage, HallPage, KioskPage } from './pages/queue-pages';

test.describe.configure({ mode: 'serial' });

let queueDevice: HostProcess;
let counterPc: HostProcess;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  queueDevice = await startHost();
  // IT copies the counter key from the queue device's queue-device.json to each counter PC once.
  const { counterKey } = JSON.parse(readFileSync(join(queueDevice.dataDir, 'queue-device.json'), 'utf8')) as { counterKey: string };
  counterPc = await startHost({ args: ['--queue-host', queueDevice.url], env: { JINGWEI_COUNTER_KEY: counterKey } });
});
test.afterAll(async () => {
  await counterPc?.dispose();
  await queueDevice?.dispose();
});

test('a teller at a counter PC with its own data calls from the queue device, and rides out the queue device restarting', async ({ browser }) => {
  test.setTimeout(240_000);
  const { kioskKey } = JSON.parse(readFileSync(join(queueDevice.dataDir, 'queue-device.json'), 'utf8')) as { kioskKey: string };
  const kiosk = new KioskPage(await (await browser.newContext()).newPage());
  const hall = new HallPage(await (await browser.newContext()).newPage());
  const deskPage = await (await browser.newContext()).newPage();
  const login = new LoginPage(deskPage, () => counterPc.url);
  const counter = new CounterPage(deskPage);

  await test.step('a customer takes a ticket at the kiosk of the queue device', async () => {
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
    await expect(counter.message()).toHaveText('A001 已办结', { timeout: 60_000 });
    await expect(deskPage.getByTestId('queue-offline')).toBeHidden();
    await counter.press('F5');
    await expect(counter.currentNumber()).toHaveText('A002');
    await hall.open(queueDevice.url);
    await expect(hall.waiting('cash')).toHaveText('0');
    await expect(hall.currentNumber()).toHaveText('A002');
  });
});
