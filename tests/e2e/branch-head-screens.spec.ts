import type { Page, Route } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { KioskPage } from './pages/queue-pages';
import { LoginPage } from './pages/login-page';
import { queueKeys } from './support/queue-device';
import { apiAs } from './support/api';
import { shotBothSizes } from './support/screens';

// The branch head's screens as they open: what shows while an answer is on its way, what an empty list says, and
// dates and times in the branch's own time zone and Chinese formats whatever the PC is set to.

const LOADING = '正在加载…';

/** Holds the branch host's answer to one API method until `release()`: a slow network, as a branch on 4G sees it. */
async function holdApi(page: Page, method: string): Promise<{ release(): void; done(): Promise<void> }> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const handler = async (route: Route) => {
    await gate;
    await route.continue();
  };
  await page.route(`**/api/${method}`, handler);
  return { release, done: () => page.unroute(`**/api/${method}`, handler) };
}

/** Opens a screen from the navigation with its answer held back; checks it says it is loading and nothing else. */
async function openHeld(page: Page, link: string | RegExp, method: string, absent: string[]) {
  const held = await holdApi(page, method);
  await page.getByRole('navigation').getByRole('link', { name: link }).click();
  await expect(page.getByRole('status').filter({ hasText: LOADING })).toBeVisible();
  // No figure, count or table head stands in for the answer while it is on its way ("0 笔待调查", bare headers).
  for (const id of absent) await expect(page.getByTestId(id)).toHaveCount(0);
  held.release();
  await expect(page.getByText(LOADING)).toHaveCount(0);
  await held.done();
}

/** "2026-03-05 14:07" of an instant in a time zone, computed here independently of the app's formatter. */
function zoned(iso: string, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

test('while a screen loads it says so, and an empty list says what to do next', async ({ page, loginPage }) => {
  await loginPage.open();
  await loginPage.loginAndWait('H001');

  await openHeld(page, /人工调查/, 'loans.queue', ['queue-count', 'investigation-queue', 'queue-empty']);
  await expect(page.getByTestId('queue-count')).toHaveText(/^[1-9]\d* 笔待调查$/);
  // A referred application has no limit yet: it is set by the investigation, not "0.00".
  const referred = page.getByTestId('investigation-queue').locator('tbody tr').first();
  await expect(referred.locator('td').nth(3)).toHaveText('待调查核定');
  await shotBothSizes(page, 'head-01-investigations');

  await openHeld(page, '贷款', 'loans.list', ['application-list']);
  await expect(page.getByTestId('application-list').locator('tbody tr').first()).toBeVisible();

  await openHeld(page, '信贷看板', 'credit.dashboard', ['kpi-endToEnd']);
  await expect(page.getByTestId('kpi-endToEnd')).toBeVisible();
  await shotBothSizes(page, 'head-02-dashboard');

  await openHeld(page, '冲突处理', 'conflicts.list', ['conflicts-none']);
  await expect(page.getByTestId('conflicts-none')).toHaveText('没有待处理的冲突');

  // This branch has never synced: the history says what to do instead of showing bare column headers.
  await openHeld(page, '日终同步', 'sync.reports', ['eod-history', 'eod-history-empty']);
  await expect(page.getByTestId('eod-history-empty')).toContainText('点“开始日终同步”');
  await expect(page.getByTestId('eod-history')).toHaveCount(0);
  await shotBothSizes(page, 'head-03-end-of-day-empty');

  await openHeld(page, '叫号统计', 'queue.stats', ['queue-stats-empty', 'queue-stats-total', 'queue-stats-services']);
  // A range without a single ticket: a sentence with the dates, no empty tables.
  const range = page.getByRole('group', { name: '日期范围' });
  await range.getByLabel('从', { exact: true }).fill('2020-01-01');
  await range.getByLabel('至', { exact: true }).fill('2020-01-31');
  await range.getByLabel('至', { exact: true }).press('Enter');
  await expect(page.getByTestId('queue-stats-empty')).toHaveText(/^2020-01-01 至 2020-01-31 没有取号记录。/);
  await expect(page.getByTestId('queue-stats-services')).toHaveCount(0);
  await shotBothSizes(page, 'head-04-queue-stats-empty');
});

test("dates and times are the branch's, in Chinese formats, on a PC set to New York and English", async ({ browser, branchHost }) => {
  // 20:30 UTC on 5 March is 15:30 of the 5th in New York but 04:30 of the 6th at the branch (Asia/Shanghai).
  const now = new Date('2026-03-05T20:30:00Z');
  const context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US' });
  try {
    const page = await context.newPage();
    await page.clock.setFixedTime(now);

    // The kiosk's clock: the branch's hour, not the PC's.
    const { kioskKey } = await queueKeys(branchHost.dataDir);
    const kiosk = new KioskPage(page);
    await kiosk.open(branchHost.url, kioskKey);
    await expect(page.locator('.kiosk-clock')).toHaveText('04:30');

    const login = new LoginPage(page, () => branchHost.url);
    await login.open();
    await login.loginAndWait('H001');

    // Statistics: the quick range "今天" is the branch's calendar day, written 2026-03-06 (an English Chromium's
    // date field would have shown 03/05/2026, the PC's day).
    await page.getByRole('navigation').getByRole('link', { name: '叫号统计' }).click();
    const range = page.getByRole('group', { name: '日期范围' });
    await range.getByRole('button', { name: '今天' }).click();
    await expect(range.getByLabel('从', { exact: true })).toHaveValue('2026-03-06');
    await expect(range.getByLabel('至', { exact: true })).toHaveValue('2026-03-06');
    await range.getByRole('button', { name: '近7天' }).click();
    await expect(range.getByLabel('从', { exact: true })).toHaveValue('2026-02-28');
    await expect(page.getByTestId('queue-stats-empty')).toHaveText(/^2026-02-28 至 2026-03-06 没有取号记录。/);

    // A list's times (written by the host at its real time) in the branch's zone, not New York's.
    await page.getByRole('navigation').getByRole('link', { name: '贷款' }).click();
    const first = page.getByTestId('application-list').locator('tbody tr').first();
    const shown = (await first.locator('td').last().textContent()) ?? '';
    expect(shown).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const call = await apiAs(branchHost.url, 'H001');
    const apps = (await call('loans.list', { filter: 'open', limit: 200 })) as { updatedAt: string }[];
    expect(apps.map((a) => zoned(a.updatedAt, 'Asia/Shanghai'))).toContain(shown);
    expect(apps.map((a) => zoned(a.updatedAt, 'America/New_York'))).not.toContain(shown);
  } finally {
    await context.close();
  }
});

