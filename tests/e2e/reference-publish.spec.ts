import { goldData, goldFacts } from '../../main/core/credit/gold-collar.fixture';
import { expect, test } from './support/fixtures';
import { apiAs } from './support/api';
import { queueKeys } from './support/queue-device';
import { KioskPage } from './pages/queue-pages';
import { ReferencePage } from './pages/reference-page';

const AD = { title: '定期存款 · 年末特惠', tag: '存款', body: '三年期定期存款限时上浮，详询柜台。' };

/**
 * Head office's publisher (A001, IT — the demo's holder of rules.publish) keeps the reference data: a fixing typed
 * before the last one is refused in Chinese and nothing is published; the month's LPR fixing is published and the
 * next application is priced on it; a marketing item appears on the kiosk that stays open all day, and goes when retired.
 */
test('head office publishes an LPR fixing and a kiosk marketing item; the branch prices and shows them', async ({ page, browser, loginPage, branchHost }) => {
  test.setTimeout(180_000);
  const { kioskKey } = await queueKeys(branchHost.dataDir);
  const kiosk = new KioskPage(await (await browser.newContext()).newPage());
  await kiosk.open(branchHost.url, kioskKey);
  await expect(kiosk.marketing()).toContainText(/富农贷|富民金领贷|存款积分/);
  const dots = kiosk.marketing().locator('.kiosk-dots span');
  const shownBefore = await dots.count();

  await loginPage.open();
  await loginPage.loginAndWait('A001');
  const reference = new ReferencePage(page);
  await reference.open();
  await expect(reference.lprCurrent()).toContainText('当前第1版');
  await expect(reference.lprRows().first()).toContainText('2025-05-20');

  await test.step('a fixing dated before the last one is refused on the screen; nothing is published', async () => {
    await reference.addFixing('2025-05-01', '2.90', '3.40', '误填日期');
    await expect(reference.lprResult()).toHaveText('报价日期须晚于上一期报价日 2025-05-20，请重新输入');
    await expect(page.getByLabel('报价日期')).toBeFocused();
    await expect(reference.lprCurrent()).toContainText('当前第1版');
    const call = await apiAs(branchHost.url, 'A001');
    expect(await call('reference.lpr', {})).toMatchObject({ version: 1 });
    await page.keyboard.press('Escape');
    await expect(page.getByLabel('报价日期')).toHaveValue('');
  });

  await test.step('the month’s fixing is published as version 2', async () => {
    await reference.addFixing('2026-01-20', '2.90', '3.40', '2026年1月LPR');
    await expect(reference.lprResult()).toHaveText('已发布LPR第2版，新的贷款申请即按此定价');
    await expect(reference.lprCurrent()).toContainText('当前第2版');
    await expect(reference.lprCurrent()).toContainText('孙浩');
    await expect(reference.lprRows().first()).toHaveText(/2026-01-20\s*2\.90%\s*3\.40%/);
  });

  await test.step('a marketing item shows on the open kiosk without a reload, and goes when retired', async () => {
    await reference.newMarketingItem(AD);
    await expect(reference.marketingResult()).toHaveText(`已发布“${AD.title}”，叫号机即时显示`);
    await expect(reference.marketingRow(AD.title)).toContainText('在用');
    await expect(dots).toHaveCount(shownBefore + 1);
    // The kiosk turns its slides every 7 s: the new one comes round.
    await expect(kiosk.marketing()).toContainText(AD.title, { timeout: 40_000 });
    await reference.marketingRow(AD.title).getByRole('button', { name: '下架' }).click();
    await expect(reference.marketingResult()).toHaveText(`已下架“${AD.title}”`);
    await expect(reference.marketingRow(AD.title)).toContainText('已下架');
    await expect(dots).toHaveCount(shownBefore);
  });

  await test.step('the customer manager’s next application is priced on the new LPR', async () => {
    const call = await apiAs(branchHost.url, 'M001');
    const [customer] = (await call('customers.search', { q: '周文博', limit: 1 })) as { id: string }[];
    let app = (await call('loans.createDraft', { customerId: customer!.id, productCode: 'gold-collar' })) as { id: string; rev: string };
    app = (await call('loans.update', { id: app.id, rev: app.rev, patch: { requestedAmountFen: 10_000_000, termMonths: 12, repaymentMethod: 'equal-installment', collectedData: [...goldData], facts: goldFacts } })) as typeof app;
    await call('loans.submit', { id: app.id, rev: app.rev });
    await page.getByRole('button', { name: '退出登录' }).click();
    await loginPage.open();
    await loginPage.loginAndWait('M001');
    await page.goto(`${branchHost.url}#/loans/${encodeURIComponent(app.id)}`);
    await expect(page.getByTestId('decision-rate')).toContainText('LPR 2.90%');
    await expect(page.getByTestId('decision-view')).toContainText('LPR 2026-01-20');
  });
});
