import { createServer } from 'node:net';
import sharp from 'sharp';
import { expect, test as base } from './support/fixtures';
import { startHost, type HostProcess } from './support/host';
import { HouseholdFilePage, VillageDashboardPage, VillageImportPage, VillageReviewPage } from './pages/village-import-page';
import { DEMO_PASSWORD } from './pages/login-page';
import { shot } from './support/screens';

/** A loopback port nothing listens on: the branch host's head-office link, cut. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

// The customer manager's laptop in the village: configured to sync with head office, which it cannot reach.
const test = base.extend<object, { branchHost: HostProcess }>({
  branchHost: [
    async ({}, use) => {
      const host = await startHost({ args: ['--remote', `http://127.0.0.1:${await deadPort()}/`, '--user', 'hm01-device'], env: { JINGWEI_DEVICE_PASSWORD: 'device-pass' } });
      await use(host);
      await host.dispose();
    },
    { scope: 'worker', timeout: 240_000 },
  ],
});
test.describe.configure({ mode: 'serial' });

// IDs of 侯马市 (141081) with their GB 11643 check characters worked out (the region table the checker imports
// cannot be loaded by Playwright's loader); birth years and sequence numbers no demo customer has.
const HEADER = '户号,村民小组,姓名,与户主关系,身份证号码,联系电话';
const DU = ['1,一组,杜长青,户主,141081196905159719,13935710011', '1,一组,冯桂芝,配偶,141081197107089829,', '1,一组,杜晓峰,儿子,141081199502039732,'];
const HAN = (spouse: string) => ['2,一组,韩德胜,户主,141081195809119915,13935710012', `2,一组,韩秀兰,${spouse},141081196011209625,`];
const SHAO = (headId: string) => [`3,二组,邵国强,户主,${headId},13935710013`, '3,二组,曹丽,配偶,141081198709179842,', '3,二组,邵子涵,女儿,141081201004049751,'];
const csv = (lines: string[]) => [HEADER, ...lines].join('\r\n') + '\r\n';

const WITH_ERRORS = csv([...DU, ...HAN('母亲'), ...SHAO('141081198506019930')]);
const FIXED = csv([...DU, ...HAN('配偶'), ...SHAO('141081198506019937')]);
const GUO = ['4,二组,郭建军,户主,141081199003159318,13935710014', '4,二组,郭敏,配偶,141081199107229421,'];

test('a customer manager imports a village committee\'s list: refused lines shown, good households imported, the fixed list completes it, a re-import changes nothing', async ({ page, loginPage }) => {
  const village = new VillageImportPage(page);
  await loginPage.open();
  await loginPage.loginAndWait('M001');
  await village.open('东阳村');

  await test.step('the list with errors: every refused line says why; nothing is written by the preview', async () => {
    await village.choose('东阳村花名册.csv', WITH_ERRORS);
    await expect(village.summary()).toContainText('可导入 1 户（3 行）');
    await expect(village.summary()).toContainText('有误 5 行');
    await expect(village.problem(6)).toHaveText('户号2：韩秀兰登记为父母，但出生日期（1960-11-20）不早于户主（1958-09-11）');
    await expect(village.problem(5)).toHaveText('户号2：韩秀兰登记为父母，但出生日期（1960-11-20）不早于户主（1958-09-11）');
    await expect(village.problem(7)).toContainText('身份证号码校验位不正确');
    await expect(village.problem(8)).toHaveText('同户其他行有误，整户未导入');
    await expect(village.households()).toContainText('该村尚无农户档案');
    await shot(page, 'village-01-preview-errors');
  });

  await test.step('import the good household, skipping the refused lines', async () => {
    await expect(village.importButton()).toHaveText('跳过有误行，导入其余 1 户');
    await village.importButton().click();
    await expect(village.notice()).toHaveText('导入完成：新增 1 户，更新 0 户，无变化 0 户，跳过有误行 5 行');
    await expect(village.households()).toContainText('东阳村已建档农户 1 户');
    await expect(village.households()).toContainText('杜长青');
  });

  await test.step('the committee fixes the list: the rest comes in, the household already imported is unchanged', async () => {
    await village.choose('东阳村花名册-修改.csv', FIXED);
    await expect(village.problemRows()).toHaveCount(0);
    await expect(village.summary()).toContainText('新增 2 户、变更 0 户、无变化 1 户；有误 0 行');
    await village.importButton().click();
    await expect(village.notice()).toHaveText('导入完成：新增 2 户，更新 0 户，无变化 1 户，跳过有误行 0 行');
    await expect(village.households()).toContainText('东阳村已建档农户 3 户');
    // Pre-credit at import knows the members only: three labourers in 杜长青's household, the rest not filled yet.
    await expect(village.households().locator('tr', { hasText: '杜长青' })).toContainText('劳动力3人 × 3万元');
    await shot(page, 'village-02-imported');
  });

  await test.step('importing the same list again changes nothing', async () => {
    await village.choose('东阳村花名册-修改.csv', FIXED);
    await expect(village.summary()).toContainText('新增 0 户、变更 0 户、无变化 3 户');
    await expect(village.importButton()).toBeDisabled();
  });
});

test('offline in the village, a customer manager files a household and sees the pre-credit change as she types', async ({ page, loginPage }) => {
  const village = new VillageImportPage(page);
  const file = new HouseholdFilePage(page);
  await loginPage.open();
  await loginPage.loginAndWait('M001');
  await expect(page.getByTestId('sync-chip')).toContainText('离线');
  await village.open('东阳村');
  await village.households().getByRole('link', { name: '杜长青' }).click();

  await test.step('the members come from the list; the limit starts from the labourers alone', async () => {
    await expect(file.root()).toContainText('农户建档：杜长青户（户号 1）');
    await expect(file.limit()).toHaveText('90,000.00 元');
    await expect(file.reasons()).toContainText('尚未填写：耕地面积、家庭年收入、负债情况（未计入额度）');
  });

  await test.step('each field moves the limit, with its reason', async () => {
    await file.fill('耕地面积（亩）', '12.5');
    await expect(file.limit()).toHaveText('102,000.00 元');
    await expect(file.reasons()).toContainText('耕地12.5亩 × 1,000元/亩');
    await file.fill('猪（头）', '10');
    await expect(file.limit()).toHaveText('110,000.00 元');
    await file.fill('家庭年净收入（元）', '80000');
    await expect(file.limit()).toHaveText('150,000.00 元');
    await file.fill('现有负债（元）', '2万');
    await expect(page.getByText('请填写数字')).toBeVisible();
    await expect(file.save()).toBeDisabled();
    await file.fill('现有负债（元）', '20000');
    await expect(file.limit()).toHaveText('130,000.00 元');
    await expect(file.reasons()).toContainText('现有负债2万元全额扣减');
    await file.root().getByRole('row', { name: /杜晓峰/ }).getByLabel('外出务工').check();
    await file.fill('主要作物', '小麦、玉米');
    await shot(page, 'village-03-household-file');
  });

  await test.step('a photo of the house from the laptop, kept offline and shown as a thumbnail', async () => {
    const photo = await sharp({ create: { width: 1800, height: 1200, channels: 3, background: '#8a6d4b' } })
      .composite([{ input: Buffer.from('<svg width="1800" height="1200"><rect x="300" y="400" width="1200" height="700" fill="#c33"/></svg>') }])
      .jpeg().toBuffer();
    await file.attachPhoto('住房正面', 'house.jpg', photo);
    await expect(file.photos()).toHaveCount(1);
    await expect(file.photos().getByRole('img', { name: /住房正面/ })).toHaveJSProperty('naturalWidth', 160);
  });

  await test.step('saved on the laptop with no link; it waits to sync and the list shows it filed', async () => {
    await page.keyboard.press('Control+s');
    await expect(file.notice()).toHaveText('档案已保存到本机（联网后自动同步），预授信额度 130,000.00 元');
    await expect(page.getByTestId('sync-chip')).toContainText('待同步');
    await page.getByRole('button', { name: '返回名单' }).click();
    const row = village.households().locator('tr', { hasText: '杜长青' });
    await expect(row).toContainText('已建档');
    await expect(row).toContainText('130,000.00');
  });
});

test('a village review round: two reviewers score back-to-back, the round closes by the rules, the branch head approves the batch, the village is named a credit village', async ({ page, loginPage }) => {
  const review = new VillageReviewPage(page);
  const dashboard = new VillageDashboardPage(page);
  await loginPage.open();
  await loginPage.loginAndWait('M001');
  const village = new VillageImportPage(page);
  await village.open('东阳村');
  await village.choose('东阳村花名册-补充.csv', csv([...DU, ...HAN('配偶'), ...SHAO('141081198506019937'), ...GUO]));
  await village.importButton().click();
  await expect(village.households()).toContainText('东阳村已建档农户 4 户');
  await review.open('东阳村');
  await expect(page.getByTestId('credit-village-status')).toHaveText('东阳村未达到信用村标准');
  await expect(page.getByTestId('credit-village')).toContainText('✗ 授信户占比 0.00%（0/4户），标准不低于70.00%');
  const [code1, code2] = await review.openRound([{ name: '王支书', role: '村干部' }, { name: '李大爷', role: '老党员/乡贤' }]);
  await shot(page, 'village-04-seat-codes');
  await page.getByRole('button', { name: '进入评议' }).click();
  await expect(review.round()).toContainText('东阳村 · 第1轮村组评议');
  await expect(review.round()).toContainText('共 4 户；每户至少 2 人评分');

  await test.step('the first reviewer hands in; the next one finds an empty form and nobody sees the scores', async () => {
    await review.score('1号席 王支书', code1!, {
      1: { integrity: '优秀', recommend: true, limit: '100000', reasons: '勤劳守信' },
      2: { integrity: '良好', recommend: true, limit: '20000' },
      3: { integrity: '良好', recommend: true, limit: '50000', reasons: '养殖户，有还款来源' },
      4: { integrity: '优秀', recommend: true, limit: '50000' },
    });
    await expect(page.getByTestId('review-notice')).toHaveText('评分已提交并封存，请交给下一位评议人');
    await expect(review.panel().locator('li[data-seat="1"]')).toContainText('已提交');
    await expect(review.panel().locator('li[data-seat="2"]')).toContainText('未提交');
    await expect(review.scoring().locator('tr[data-household="1"]').getByLabel('诚信评价')).toHaveValue('');
    await expect(review.round()).not.toContainText('勤劳守信');
    await expect(review.scoring().getByTestId('score-seat').locator('option')).toHaveText(['2号席 李大爷']);
  });

  await test.step('a wrong code is refused; the second reviewer hands in with the code from the slip', async () => {
    const wrong = code2 === '000000' ? '000001' : '000000';
    await review.score('2号席 李大爷', wrong, {
      1: { integrity: '优秀', recommend: true, limit: '120000' },
      2: { integrity: '较差', recommend: false, reasons: '赌博欠债' },
      3: { integrity: '一般', recommend: false },
      4: { integrity: '优秀', recommend: true, limit: '60000' },
    });
    await expect(review.round().getByRole('alert')).toHaveText('评议码不正确');
    await review.scoring().getByTestId('score-code').fill(code2!);
    await review.scoring().getByTestId('score-submit').click();
    await expect(review.scoring()).toHaveCount(0);
    await expect(review.round()).toContainText('全体评议人均已提交，可以结束本轮');
  });

  await test.step('closing opens the scores on the review sheet with the outcome by head office\'s rules', async () => {
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('review-close').click();
    await expect(review.sheetRow('1')).toContainText('优秀 · 推荐 100,000.00元 · 勤劳守信');
    await expect(review.sheetRow('1')).toContainText('通过');
    await expect(review.sheetRow('1')).toContainText('110,000.00');
    await expect(review.sheetRow('2')).toContainText('一票否决');
    await expect(review.sheetRow('3')).toContainText('意见分歧（需第二轮）');
    await expect(review.sheetRow('4')).toContainText('55,000.00');
    await expect(review.sheet()).toContainText('村干部 王支书（签字）');
    await expect(review.round()).toContainText('评议已结束，等待支行长批量授信');
    await expect(review.approval()).toHaveCount(0); // a customer manager cannot approve
    await shot(page, 'village-05-review-sheet');
  });

  await test.step('the branch head approves the batch, granting the disputed household as an exception with a reason', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await loginPage.loginAndWait('H001');
    // The dashboard before the approval: four households filed and reviewed, none approved yet.
    await dashboard.open();
    await expect(dashboard.row('东阳村').locator('td').nth(1)).toHaveText('4');
    await expect(dashboard.row('东阳村').locator('td').nth(2)).toHaveText('4');
    await expect(dashboard.row('东阳村').locator('td').nth(3)).toHaveText('0户 / 0.00万元');
    await expect(dashboard.row('东阳村').locator('td').nth(10)).toHaveText('未达标');
    await review.open('东阳村');
    await page.getByTestId('review-rounds').getByRole('link', { name: '第1轮' }).click();
    const row = review.approval().locator('tr[data-household="3"]');
    await row.getByLabel('例外授信').check();
    await row.getByLabel('授信额度（元）').fill('80000');
    await row.getByLabel('例外理由').fill('支书担保，支行长核定');
    await page.getByTestId('approve-batch-password').fill(DEMO_PASSWORD);
    await page.getByTestId('approve-batch').click();
    await expect(review.approval().getByRole('alert')).toContainText('邵国强户：例外授信额度须大于0且不超过预授信 60,000.00 元');
    await row.getByLabel('授信额度（元）').fill('40000');
    await expect(page.getByTestId('approve-batch')).toHaveText('批准本批授信（合计 205,000.00 元）');
    await page.getByTestId('approve-batch').click();
    await expect(page.getByTestId('approval-summary')).toContainText('已批量授信：3 户共 205,000.00 元，不授信 0 户；年利率 4.35%，期限 36 个月');
    await expect(review.sheetRow('3')).toContainText('授信 40,000.00元（例外：支书担保，支行长核定）');
    await expect(review.sheetRow('2')).toContainText('不授信');
    await shot(page, 'village-06-batch-approved');
  });

  await test.step('three of four households hold lines and nobody has defaulted: the village is named a credit village', async () => {
    await page.getByRole('button', { name: '返回评议轮次' }).click();
    await expect(page.getByTestId('credit-village-status')).toHaveText('东阳村达到信用村标准');
    await expect(page.getByTestId('credit-village')).toContainText('✓ 授信户占比 75.00%（3/4户），标准不低于70.00%');
    await expect(page.getByTestId('credit-village-certificate')).toContainText('东阳村经评定，授信户 3 户（共 4 户）');
    await expect(page.getByTestId('credit-village-certificate')).toContainText('侯马支行');
    await shot(page, 'village-07-credit-village');
  });

  await test.step('the village dashboard moves: three households approved for 205,000 yuan, a credit village', async () => {
    await dashboard.open();
    await expect(dashboard.row('东阳村').locator('td').nth(3)).toHaveText('3户 / 20.50万元');
    await expect(dashboard.row('东阳村').locator('td').nth(10)).toHaveText('信用村');
    await expect(page.getByTestId('vd-approved')).toContainText('万元');
    await shot(page, 'village-08-dashboard');
  });
});
