import { join } from 'node:path';
import { openSqlite } from '../../db/sqlite';
import { branchDay } from '../../domain/time/branch-time';
import { defaultSecretsDir, openDeviceSecrets } from '../../main/core/secrets/device-secrets';
import { expect, test } from './support/fixtures';
import { shot } from './support/screens';

const COMPANY = '侯马市新田食品加工厂';

// A host of its own: this spec starts from an intact chain and then breaks it (audit-history.spec edits the same store's history table).
test.use({ hostArgs: ['--demo-days', '0'] });

/**
 * The customer manager opens a company's record; the branch head reads the audit log: the chain verified, who
 * viewed the company, what a staff member did that day. Then someone rewrites the company's audit entry in the
 * database file, and the audit screen says so in plain Chinese and marks the entry.
 */
test('the audit screen verifies the chain, lists who viewed a customer, and shows a chain broken in the store', async ({ page, loginPage, customers, branchHost }) => {
  test.setTimeout(240_000); // two full verifications of the demo's chain on a loaded machine
  await loginPage.open();
  await loginPage.loginAndWait('M001');
  await customers.find('侯马市新田');
  await customers.openResultByKeyboard(COMPANY);
  await expect(customers.detail).toContainText(COMPANY);
  await page.getByRole('button', { name: '退出登录' }).click();

  await loginPage.open(); // the front page, not the company's record the manager left open
  await loginPage.loginAndWait('H001');
  await page.getByRole('navigation').getByRole('link', { name: '审计日志' }).click();
  const summary = page.getByTestId('audit-summary');
  const entries = page.getByTestId('audit-entry');

  await test.step('an untouched store verifies, and the company shows who created and who viewed it', async () => {
    await expect(summary).toContainText(/✓ 审计链完整：1 台设备共 \d+ 条记录核验通过/);
    await page.getByLabel('客户（姓名、证件号或手机号）').fill(COMPANY);
    await page.getByLabel('只看“谁查看了此客户”').check();
    await page.getByRole('button', { name: '查询' }).click();
    await expect(page.getByTestId('audit-customers')).toHaveText(`客户：${COMPANY}`);
    await expect(entries).toHaveCount(1);
    await expect(entries.first()).toContainText('查看资料');
    await expect(entries.first()).toContainText('李建国（M001）');
    await expect(entries.first()).toContainText('查看了客户资料');
    await expect(entries.first().getByTestId('audit-integrity')).toHaveText('✓ 已核验');

    await page.getByLabel('只看“谁查看了此客户”').uncheck();
    await page.getByRole('button', { name: '查询' }).click();
    await expect(entries).toHaveCount(2);
    await expect(entries.nth(1)).toContainText('新建客户');

    // Per staff member and day: what the customer manager did today, on any customer (the demo's records are filed today).
    await page.getByLabel('客户（姓名、证件号或手机号）').fill('');
    await page.getByLabel('经办人工号').fill('M001');
    await page.getByLabel('日期').fill(branchDay(new Date(), 'Asia/Shanghai'));
    await page.getByRole('button', { name: '查询' }).click();
    await expect(entries.first()).toContainText('查看了客户资料');
    await expect(entries.filter({ hasText: COMPANY })).toHaveCount(2);
    await expect(entries.filter({ hasNotText: '李建国（M001）' })).toHaveCount(0);
    // At 1366×768 the entries fit the screen (long changes wrap in their cell) and 重新核验 keeps its own width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect((await page.getByRole('button', { name: '重新核验' }).boundingBox())!.width).toBeLessThan(200);
  });

  await test.step('the company\'s creation entry is rewritten in the database file behind the application\'s back', async () => {
    // The store is encrypted at rest; this employee has the device's secrets as well (browser mode: a 0600 key file).
    const key = (await openDeviceSecrets({ dir: defaultSecretsDir(branchHost.dataDir) })).key('store.branch-hm01');
    const db = openSqlite(join(branchHost.dataDir, 'branch-hm01.sqlite'), key);
    try {
      const { id } = db.prepare("SELECT id FROM audit_index WHERE action = 'customer.create' AND after_json LIKE ?").get(`%${COMPANY}%`) as { id: string };
      const edited = db.prepare("UPDATE revs SET json = json_set(json, '$.actor', 'H001', '$.actorName', '李鬼') WHERE doc_id = ?").run(id);
      expect(edited.changes).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  await test.step('verified again, the chain is reported broken in plain Chinese and the entry is marked', async () => {
    await page.getByRole('button', { name: '重新核验' }).click();
    await expect(summary).toContainText(/⚠ 审计链发现 \d+ 处问题，请联系科技部与稽核/);
    await expect(page.getByTestId('audit-breaks')).toContainText(/设备 \S+ 的第 \d+ 条审计记录内容被改动，与其哈希不符/);
    await page.getByLabel('经办人工号').fill('');
    await page.getByLabel('日期').fill('');
    await page.getByLabel('客户（姓名、证件号或手机号）').fill(COMPANY);
    await page.getByRole('button', { name: '查询' }).click();
    // The company's two entries replace the manager's day (its ~200 新建客户) once the query has answered.
    await expect(entries).toHaveCount(2);
    const created = entries.filter({ hasText: '新建客户' });
    await expect(created.getByTestId('audit-integrity')).toHaveText('⚠ 内容被改动');
    await shot(page, '21-audit-chain-broken');
  });
});
