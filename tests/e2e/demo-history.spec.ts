import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { formatBpAsPercent } from '../../domain/credit/money-format';
import type { RiskDashboard } from '../../domain/post-loan/risk-dashboard';
import { REPO_ROOT } from './support/host';
import { expect, test } from './support/fixtures';
import { shotBothSizes } from './support/screens';

// The demo as `npm start` runs it (`jingwei demo`: the branch syncing with an embedded head office), with a week
// of its past (`--demo-days 7`; `npm start` seeds two months): what a branch head sees on first opening the figures.
// Seeded data that happened "instantly" showed 0秒 and 0.0分钟; post-loan history written by the wrong head-office
// user stopped `npm start` before it served anything.
test.use({ hostCommand: 'demo', hostArgs: ['--demo-days', '7'] });

const number = (text: string) => Number(/[\d.]+/.exec(text)?.[0] ?? Number.NaN);

test('the demo opens with a believable past: processing times of minutes, queue waits, a sync each business day', async ({ page, loginPage }) => {
  // The demo's four months of feeds made again the same way (the generator is seeded), meanwhile: what the risk
  // dashboard must show, by the unit-tested function.
  test.setTimeout(180_000);
  const figures = promisify(execFile)(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['tests/e2e/support/demo-risk-figures.ts', 'HM01'], { cwd: REPO_ROOT, encoding: 'utf8' });
  await loginPage.open();
  await loginPage.loginAndWait('H001');
  const nav = (name: string) => page.getByRole('navigation').getByRole('link', { name }).click();

  await nav('信贷看板');
  const processing = page.getByTestId('kpi-averageProcessingTime').locator('.kpi-value');
  await expect(processing).toHaveText(/^[\d.]+分钟$/);
  expect(number(await processing.innerText())).toBeGreaterThan(5);
  await expect(page.getByTestId('kpi-endToEnd').locator('.kpi-value')).toHaveText(/分|小时|天/);
  expect(number(await page.getByTestId('kpi-applications').locator('.kpi-value').innerText())).toBeGreaterThan(5);
  await shotBothSizes(page, 'history-01-dashboard');

  await nav('叫号统计');
  await page.getByRole('group', { name: '日期范围' }).getByRole('button', { name: '近7天' }).click();
  await expect(page.getByTestId('queue-stats-total')).toHaveText(/^\d+$/);
  expect(number(await page.getByTestId('queue-stats-total').innerText())).toBeGreaterThan(50);
  const avgWait = page.locator('.queue-stats-card', { hasText: '平均等候(分)' }).locator('strong');
  expect(number(await avgWait.innerText())).toBeGreaterThan(0.3);
  await expect(page.getByTestId('queue-stats-tellers').locator('tbody tr')).not.toHaveCount(0);
  await shotBothSizes(page, 'history-02-queue-stats');

  await nav('日终同步');
  const syncs = page.getByTestId('eod-history').locator('tbody tr');
  await expect(syncs.first()).toContainText('完成');
  expect(await syncs.count()).toBeGreaterThanOrEqual(4);
  await shotBothSizes(page, 'history-03-syncs');

  // Head office's feeds for the branch's loans, delivered through the sync server by its feed publisher.
  await nav('贷后风险事件');
  await expect(page.getByTestId('risk-branch-scan')).toContainText(/的 [1-9]\d* 笔在贷贷款/);

  const expected = JSON.parse((await figures).stdout) as RiskDashboard;
  await nav('贷后风险看板');
  await expect(page.getByTestId('kpi-npl').locator('.kpi-value')).toHaveText(formatBpAsPercent(expected.nplBp));
  await expect(page.getByTestId('kpi-overdue').locator('.kpi-value')).toHaveText(formatBpAsPercent(expected.overdueBp));
  await expect(page.getByTestId('risk-months').locator('tbody tr')).toHaveCount(expected.months.length);
  expect(expected.months.length).toBeGreaterThanOrEqual(4);
  const latest = expected.migrations.at(-1)!;
  await expect(page.getByTestId('migration-pair')).toHaveValue(String(expected.migrations.length - 1));
  await expect(page.getByTestId('risk-migration').locator('tbody tr').first().locator('td').first()).toHaveText(String(latest.cells.normal.normal.loans));
  await shotBothSizes(page, 'history-04-risk-dashboard');
});
