import { join } from 'node:path';
import { openSqlite } from '../../db/sqlite';
import { defaultSecretsDir, openDeviceSecrets } from '../../main/core/secrets/device-secrets';
import { expect, test } from './support/fixtures';
import { shot } from './support/screens';

const COMPANY = '侯马市新田食品加工厂';

/**
 * A curious employee edits the history table in the branch's database file (who opened the company's record) and
 * the customer-manager's screen shows the row as edited, with what the audit chain says instead.
 */
test('the history shows each entry checked against the audit chain, and an edited history row as such', async ({ page, loginPage, customers, branchHost }) => {
  await loginPage.open();
  await loginPage.loginAndWait('M001');
  await customers.find('侯马市新田');
  await customers.openResultByKeyboard(COMPANY);

  await test.step('every entry of an untouched history is marked verified', async () => {
    const entries = await customers.openHistory();
    await expect(entries).toHaveCount(1);
    await expect(entries.first()).toContainText('新建客户');
    await expect(entries.first()).toContainText('李建国（M001）');
    await expect(entries.first().locator('.history-verified')).toHaveText('✓ 已核验');
  });

  await test.step('the history row is edited in the database file behind the application\'s back', async () => {
    // The store is encrypted at rest; this employee has the device's secrets as well (browser mode: a 0600 key file).
    // (main/core/core.ts storeKeyName/branchDbName; not imported: the core is more than a spec file can load)
    const key = (await openDeviceSecrets({ dir: defaultSecretsDir(branchHost.dataDir) })).key('store.branch-hm01');
    const db = openSqlite(join(branchHost.dataDir, 'branch-hm01.sqlite'), key);
    try {
      const edited = db
        .prepare("UPDATE audit_index SET actor = 'H001', actor_name = '李鬼' WHERE action = 'customer.create' AND after_json LIKE ?")
        .run(`%${COMPANY}%`);
      expect(edited.changes).toBe(1);
    } finally {
      db.close();
    }
  });

  await test.step('reopened, the entry is flagged and shows who really did it', async () => {
    await customers.detail.getByRole('tab', { name: '资料' }).click();
    const entries = await customers.openHistory();
    await expect(entries.first().getByTestId('history-integrity')).toHaveText('⚠ 历史记录被改动，以下为审计链中的原始内容');
    await expect(entries.first()).toContainText('李建国（M001）');
    await expect(entries.first()).not.toContainText('李鬼');
    await shot(page, '20-history-row-edited');
  });
});
