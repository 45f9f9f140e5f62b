import { expect, test as base, type Page } from '@playwright/test';
import { hostSession } from '../../main/host/testing/host-api';
import { DEMO_PASSWORD, LoginPage } from './pages/login-page';
import { VillageDashboardPage, VillageReviewPage } from './pages/village-import-page';
import { startHost, type HostProcess } from './support/host';
import { shot } from './support/screens';

interface VillageWorld {
  host: HostProcess;
  pageUrl: string;
  head: { name: string; id: string; phone: string };
  /** The last one-time code head office "sent" (the demo prints its SMS on the console). */
  lastCode(): string | null;
}

const VILLAGE = '东阳村';
// An ID of 侯马市 (141081) with its GB 11643 check character worked out; no demo customer has it.
const HEAD = { name: '杜长青', id: '141081196905159719', phone: '13935710011' };
const LIST = ['户号,村民小组,姓名,与户主关系,身份证号码,联系电话', `1,一组,${HEAD.name},户主,${HEAD.id},${HEAD.phone}`, '1,一组,冯桂芝,配偶,141081197107089829,', '1,一组,杜晓峰,儿子,141081199502039732,'].join('\r\n') + '\r\n';

/**
 * What `npm start` runs (`jingwei demo`: the branch host syncing with the embedded head office, whose credit-line
 * service and village self-service page run as in production). The branch does its part through its own API as its
 * screens would: the customer manager imports the list, two reviewers score, the branch head approves the batch with
 * her password; head office issues the line, which reaches the branch by sync.
 */
async function grantedVillage(host: HostProcess): Promise<Omit<VillageWorld, 'host' | 'lastCode'>> {
  const h001 = await hostSession(host.url, 'H001', DEMO_PASSWORD);
  await h001('village.importHouseholds', { village: VILLAGE, fileName: '东阳村花名册.csv', contentBase64: Buffer.from(LIST).toString('base64') });
  const { round, codes } = await h001<{ round: { id: string; households: { id: string }[] }; codes: { seat: number; code: string }[] }>('village.openReview', {
    village: VILLAGE, panel: [{ name: '王支书', role: 'cadre' }, { name: '李大爷', role: 'elder' }],
  });
  for (const { seat, code } of codes) {
    const scores = round.households.map((h) => ({ householdId: h.id, integrity: 'A', recommend: true, suggestedLimitFen: 5_000_000, reasons: '' }));
    await h001('village.submitScores', { id: round.id, seat, code, scores });
  }
  await h001('village.closeReview', { id: round.id });
  await h001('village.approveBatch', { id: round.id, rateBp: 650, termMonths: 36, password: DEMO_PASSWORD });
  await expect.poll(async () => (await h001<{ lines: unknown[] }>('village.creditLines', { village: VILLAGE })).lines.length, { timeout: 90_000 }).toBe(1);
  const base = /Village self-service: (\S+)\/village\/HM01\//.exec(host.output())?.[1];
  if (!base) throw new Error(`no self-service address in the demo's output:\n${host.output()}`);
  return { pageUrl: `${base}/village/HM01/${encodeURIComponent(VILLAGE)}`, head: HEAD };
}

// Head office's self-service page, as a household member opens it from the village marketing QR code on a phone.
const test = base.extend<object, { village: VillageWorld }>({
  village: [
    async ({}, use) => {
      const host = await startHost({ command: 'demo' });
      try {
        const granted = await grantedVillage(host);
        await use({ host, ...granted, lastCode: () => [...host.output().matchAll(/验证码为 (\d{6})/g)].at(-1)?.[1] ?? null });
      } finally {
        await host.dispose();
      }
    },
    { scope: 'worker', timeout: 300_000 },
  ],
});
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
test.describe.configure({ mode: 'serial' });

async function askForCode(page: Page, village: VillageWorld, who: { name: string; id: string }) {
  await page.getByTestId('qr-name').fill(who.name);
  await page.getByTestId('qr-id-number').fill(who.id);
  const before = village.lastCode();
  await page.getByTestId('qr-send-code').click();
  await expect(page.getByTestId('qr-message')).toContainText('验证码已发送');
  return before;
}

test('a household head signs the credit line and draws within it on the phone, with a one-time code to the phone on file', async ({ page, village }) => {
  await page.goto(village.pageUrl);
  await expect(page.locator('header')).toContainText(VILLAGE);

  await test.step('a wrong code is refused, the right one opens the line', async () => {
    const before = await askForCode(page, village, village.head);
    await expect.poll(() => village.lastCode()).not.toBe(before);
    const code = village.lastCode()!;
    await page.getByTestId('qr-code').fill(code === '000000' ? '000001' : '000000');
    await page.getByTestId('qr-verify').click();
    await expect(page.getByTestId('qr-message')).toHaveText('验证码不正确 (wrong code)');
    await page.getByTestId('qr-code').fill(code);
    await page.getByTestId('qr-verify').click();
    await expect(page.getByTestId('qr-terms')).toContainText('授信额度 Credit limit: 50,000.00 元');
    await expect(page.getByTestId('qr-available')).toContainText('50,000.00');
  });

  await test.step('sign the contract with a drawn signature', async () => {
    await page.getByTestId('qr-sign').click();
    await expect(page.getByTestId('qr-result')).toContainText('请先在签名框内签名');
    const pad = (await page.getByTestId('qr-signature-pad').boundingBox())!;
    await page.mouse.move(pad.x + 20, pad.y + 40);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(pad.x + 20 + i * 25, pad.y + 40 + (i % 2) * 50);
    await page.mouse.up();
    await page.getByTestId('qr-sign').click();
    await expect(page.getByTestId('qr-result')).toHaveText('签约成功 Signed');
    await expect(page.getByTestId('qr-draw-panel')).toBeVisible();
  });

  await test.step('draw within the line; more than is left is refused', async () => {
    await page.getByTestId('qr-amount').fill('60000');
    await page.getByTestId('qr-draw').click();
    await expect(page.getByTestId('qr-result')).toContainText('超过可用额度');
    await page.getByTestId('qr-amount').fill('12000');
    await page.getByTestId('qr-draw').click();
    await expect(page.getByTestId('qr-result')).toContainText('用信申请已受理 Drawdown requested: 12,000.00 元');
    await expect(page.getByTestId('qr-available')).toContainText('38,000.00');
    await expect(page.getByTestId('qr-drawdowns')).toContainText('12,000.00 元');
    await shot(page, 'village-qr-01-drawn');
  });
});

test('the branch sees the household\'s signing and drawdown after sync, on the credit lines and the dashboard', async ({ browser, village }) => {
  // The branch head at her desk (a desktop window), not the household's phone.
  const desk = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await desk.newPage();
  const login = new LoginPage(page, () => village.host.url);
  await login.open();
  await login.loginAndWait('H001');
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });

  await test.step('the village\'s credit lines: signed by QR, 12,000 yuan drawn today', async () => {
    await new VillageReviewPage(page).open(VILLAGE);
    const row = page.getByTestId('credit-line-row').filter({ hasText: village.head.name });
    // Head office wrote the signing and the drawdown; the panel looks again as sync brings them.
    await expect(row).toContainText('12,000.00（1 笔', { timeout: 30_000 });
    await expect(row).toContainText(`最近 ${today}`);
    await expect(row).toContainText('已签约（二维码自助');
    await expect(page.getByTestId('credit-lines-summary')).toContainText('已用信 1 户，共 12,000.00 元');
    await shot(page, 'village-qr-03-branch-sees-drawdown');
  });

  await test.step('the dashboard counts the household signed and drawn', async () => {
    const dashboard = new VillageDashboardPage(page);
    await dashboard.open();
    await expect(dashboard.row(VILLAGE).locator('td').nth(5)).toHaveText('1户 / 5.00万元');
    await expect(dashboard.row(VILLAGE).locator('td').nth(6)).toHaveText('1户 / 1.20万元');
  });
  await desk.close();
});

test('someone guessing codes is locked out and learns nothing about whether the ID number has a line', async ({ page, village }) => {
  await page.goto(village.pageUrl);
  const messages: string[] = [];
  for (let i = 0; i < 10; i++) {
    // An ID number with no credit line gets the same answer as a real one; five wrong codes void a code.
    if (i % 5 === 0) await askForCode(page, village, { name: '张三', id: '141081199001011234' });
    await page.getByTestId('qr-code').fill('123456');
    await page.getByTestId('qr-verify').click();
    // The message was cleared (or says a code was sent): wait for this answer, not the text before it.
    await expect(page.getByTestId('qr-message')).not.toHaveText(/^$|验证码已发送/);
    messages.push(await page.getByTestId('qr-message').innerText());
    await page.getByTestId('qr-message').evaluate((el) => (el.textContent = ''));
  }
  expect(messages.slice(0, 9)).toEqual(Array(9).fill('验证码不正确 (wrong code)'));
  expect(messages[9]).toContain('已锁定');
  await page.getByTestId('qr-send-code').click();
  await expect(page.getByTestId('qr-message')).toContainText('错误次数过多，已锁定');
  await shot(page, 'village-qr-02-locked');
});
