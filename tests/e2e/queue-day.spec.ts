import { expect, test } from './support/fixtures';
import { queueKeys } from './support/queue-device';
import { LoginPage } from './pages/login-page';
import { CounterPage, HallPage, KioskPage } from './pages/queue-pages';

test.describe.configure({ mode: 'serial' });

test('a queue day: kiosk, counter and hall display on one branch host, carried on through a restart', async ({ browser, branchHost }) => {
  test.setTimeout(240_000);
  // The kiosk's device key is made on the queue device at first start; IT hands it to the kiosk once.
  const { kioskKey } = await queueKeys(branchHost.dataDir);
  // Three devices: separate browser contexts, nothing shared but the branch host.
  const kiosk = new KioskPage(await (await browser.newContext()).newPage());
  const hall = new HallPage(await (await browser.newContext()).newPage());
  const deskPage = await (await browser.newContext()).newPage();
  const login = new LoginPage(deskPage, () => branchHost.url);
  const counter = new CounterPage(deskPage);

  await test.step('the hall display and the kiosk open by URL without a login; the kiosk shows marketing', async () => {
    await hall.open(branchHost.url);
    await kiosk.open(branchHost.url, kioskKey);
    await expect(kiosk.page).toHaveURL(/role=kiosk$/);
    await expect(kiosk.marketing()).toContainText(/富农贷|富民金领贷|存款积分/);
    await expect(hall.page.getByText('欢迎光临，请取号等候')).toBeVisible();
  });

  await test.step('a card the kiosk refuses does not jam it: the field empties, the next customer gets on', async () => {
    // A message showing as well as the ID field, at 1366×768: the field stays on screen.
    await kiosk.idField().fill('12345');
    await kiosk.service('cash').click();
    await expect(kiosk.error()).toContainText('身份证号码应为18位');
    await expect(kiosk.error()).toContainText('请重新刷卡');
    await expect(kiosk.idField()).toHaveValue('');
    await expect(kiosk.idField()).toBeInViewport({ ratio: 1 });
    await expect(kiosk.clearId()).toBeInViewport({ ratio: 1 });
    await kiosk.idField().fill('1410');
    await kiosk.clearId().click();
    await expect(kiosk.idField()).toHaveValue('');
    await expect(kiosk.error()).toBeHidden();
  });

  await test.step('VIP is not something a customer can press at the kiosk', async () => {
    await expect(kiosk.page.getByTestId('kiosk-priority-vip')).toHaveCount(0);
    await expect(kiosk.service('vip')).toHaveCount(0);
    await expect(kiosk.page.getByTestId('kiosk-vip-note')).toHaveText('贵宾客户请向大堂经理出示贵宾卡，由工作人员为您取号');
    await expect(kiosk.page.getByTestId('kiosk-priority-elder')).toBeVisible();
  });

  await test.step('customers take tickets for two services; the hall counts them', async () => {
    await kiosk.take('cash', 'A001');
    await kiosk.take('cash', 'A002');
    await kiosk.service('loan').click();
    await expect(kiosk.ticketNumber()).toHaveText('C001');
    await expect(kiosk.ticket()).toContainText('您前面还有 0 人');
    // The ticket prints through the print stylesheet; Chromium's PDF output is what "save as PDF" produces.
    await kiosk.page.emulateMedia({ media: 'print' });
    await expect(kiosk.marketing()).toBeHidden();
    await expect(kiosk.ticket()).toBeVisible();
    const pdf = await kiosk.page.pdf({ width: '80mm', height: '160mm', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await kiosk.page.emulateMedia({ media: 'screen' });
    await kiosk.page.getByTestId('kiosk-done').click();
    await expect(hall.waiting('cash')).toHaveText('2');
    await expect(hall.waiting('loan')).toHaveText('1');
  });

  await test.step('a teller calls, recalls, starts and transfers; the hall shows each call', async () => {
    await login.open();
    await login.loginAndWait('T001');
    await counter.open(branchHost.url);
    await counter.useCounter(1);
    // F1 lists the counter's keys too, from the same table that binds them.
    await deskPage.keyboard.press('F1');
    const help = deskPage.getByTestId('help-overlay');
    for (const key of ['F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'Alt+L', 'Ctrl+Enter', 'F2', 'Ctrl+S']) await expect(help.locator('kbd', { hasText: new RegExp(`^${key.replace('+', '\\+')}$`) })).toHaveCount(1);
    await deskPage.keyboard.press('Escape');
    await expect(help).toBeHidden();
    const keyBefore = await deskPage.getByTestId('queue-key-F5').boundingBox();
    await counter.press('F5');
    await expect(counter.currentNumber()).toHaveText('A001');
    await expect(counter.message()).toBeVisible();
    // The 已叫号 message and the called ticket do not move the keys under the teller's hand.
    expect(await deskPage.getByTestId('queue-key-F5').boundingBox()).toEqual(keyBefore);
    await hall.expectCall('A001', '1号窗口');
    // The hall (and anyone on the LAN reading its board) learns the counter, never who sits there.
    const board = await (await hall.page.request.post(`${branchHost.url}api/queue.board`, { data: {} })).text();
    expect(board).toContain('"current":"A001"');
    expect(board).not.toMatch(/T001|teller/);
    await expect(hall.page.locator('body')).not.toContainText('T001');
    const flashes = await hall.flashCount();
    await counter.press('F6');
    await expect(counter.message()).toHaveText('已重呼 A001');
    await expect.poll(() => hall.flashCount()).toBeGreaterThan(flashes);
    await expect(hall.current()).toContainText('重呼');
    await counter.press('F7');
    await expect(deskPage.getByTestId('queue-current')).toContainText('办理中');
    await counter.press('F10');
    await deskPage.getByTestId('queue-transfer-service').selectOption('loan');
    await deskPage.getByTestId('queue-transfer-counter').selectOption('3');
    await deskPage.getByTestId('queue-transfer-confirm').click();
    await expect(counter.message()).toHaveText('A001 已转移，排在队首');
    await expect(hall.waiting('loan')).toHaveText('2');
  });

  await test.step('the next cash customer does not come: no-show; then nobody is left for counter 1', async () => {
    await counter.press('F5');
    await expect(counter.currentNumber()).toHaveText('A002');
    await hall.expectCall('A002', '1号窗口');
    await counter.press('F9');
    await expect(counter.message()).toHaveText('A002 已过号');
    await counter.press('F5');
    await expect(counter.message()).toHaveText('1号窗口可办理的业务（现金业务）暂无人等候');
  });

  await test.step('counter 3 gets the transferred ticket first, keeps its number, finishes it', async () => {
    await counter.useCounter(3);
    await counter.press('F5');
    await expect(counter.currentNumber()).toHaveText('A001');
    await hall.expectCall('A001', '3号窗口');
    await expect(hall.recent().first()).toContainText('A002');
    // A001 was called twice before (call, recall) and is on the big panel now: not listed again below.
    await expect(hall.recent().filter({ hasText: 'A001' })).toHaveCount(0);
    await expect(hall.recent()).toHaveCount(1);
    await counter.press('F8');
    await expect(counter.message()).toHaveText('A001 已办结');
    await expect(hall.waiting('loan')).toHaveText('1');
  });

  await test.step('the branch host restarts mid-day; the queue carries on with the same numbers', async () => {
    await branchHost.restart();
    // Sessions do not survive a restart: the teller logs in again, the kiosk and hall need nothing.
    await kiosk.take('cash', 'A003');
    await expect(hall.waiting('cash')).toHaveText('1');
    await expect(hall.waiting('loan')).toHaveText('1');
    await login.open();
    await login.loginAndWait('T001');
    await counter.open(branchHost.url);
    await counter.useCounter(3);
    await counter.press('F5');
    // Loans weigh double at counter 3 and C001 has waited longest: it comes before the new A003.
    await expect(counter.currentNumber()).toHaveText('C001');
    await hall.expectCall('C001', '3号窗口');
    await counter.press('F8');
    await counter.useCounter(1);
    await counter.press('F5');
    await expect(counter.currentNumber()).toHaveText('A003');
    await hall.expectCall('A003', '1号窗口');
    await counter.press('F8');
    await expect(hall.waiting('cash')).toHaveText('0');
  });
});
